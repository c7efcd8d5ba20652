// Every instruction-set level this CPU supports gives the sieve the same, exact answers: each
// level is forced in turn (also in the sanitizer builds, which run the same dispatch).
#include "cpu_dispatch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "primes/sieve_kernel.hpp"
#include "support/oracle.hpp"
#include "support/simd_levels.hpp"

namespace primes {
namespace {

using CpuDispatch = test::SimdLevelTest;

TEST_F(CpuDispatch, TheBaselineIsAlwaysThereAndLevelsHaveNames) {
  EXPECT_TRUE(simd_supported(Simd::baseline));
  EXPECT_TRUE(simd_supported(simd_level()));
  EXPECT_EQ(to_string(Simd::baseline), "baseline");
  EXPECT_EQ(to_string(Simd::avx2), "avx2");
  EXPECT_EQ(to_string(Simd::avx512), "avx512");
}

// The flags Linux reports for the first CPU (empty where there is no /proc/cpuinfo). Linux
// lists a vector extension only where it also saves its registers, as our detection requires.
std::vector<std::string> cpuinfo_flags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::vector<std::string> flags;
    for (std::string w; words >> w;)
      flags.push_back(w);
    return flags;
  }
  return {};
}

TEST_F(CpuDispatch, DetectionAgreesWithTheOperatingSystem) {
#if PRIMES_HAVE_SIMD_LEVELS
  const std::vector<std::string> flags = cpuinfo_flags();
  if (flags.empty()) GTEST_SKIP() << "no /proc/cpuinfo flags here";
  auto has = [&flags](const std::string& f) {
    return std::find(flags.begin(), flags.end(), f) != flags.end();
  };
  EXPECT_EQ(simd_supported(Simd::avx2), has("avx2") && has("popcnt"));
  EXPECT_EQ(simd_supported(Simd::avx512), has("avx512f") && has("popcnt"));
#else
  EXPECT_FALSE(simd_supported(Simd::avx2));
  EXPECT_FALSE(simd_supported(Simd::avx512));
#endif
}

// The AVX-512 paths that paid (gourdon's leaves, the sieve's screen of rare multiples and its
// listing of primes) run only where the CPU has their extensions, and not once a lower level
// was asked for.
TEST_F(CpuDispatch, TheWidePathsRunOnlyWhereTheirExtensionsAreAndNoLowerLevelWasAsked) {
  force_simd(Simd::baseline);
  EXPECT_FALSE(wide_counting());
  EXPECT_FALSE(wide_division());
  EXPECT_FALSE(wide_listing());
  if (simd_supported(Simd::avx2)) {
    force_simd(Simd::avx2);
    EXPECT_FALSE(wide_counting());
    EXPECT_FALSE(wide_division());
    EXPECT_FALSE(wide_listing());
  }
  if (!simd_supported(Simd::avx512)) return;
  force_simd(Simd::avx512);
#if PRIMES_HAVE_WIDE_COUNTING
  const std::vector<std::string> flags = cpuinfo_flags();
  if (flags.empty()) GTEST_SKIP() << "no /proc/cpuinfo flags here";
  auto has = [&flags](const std::string& f) {
    return std::find(flags.begin(), flags.end(), f) != flags.end();
  };
  EXPECT_EQ(wide_division(), has("avx512dq"));
  EXPECT_EQ(wide_counting(), has("avx512dq") && has("avx512_vpopcntdq"));
  EXPECT_TRUE(wide_listing());  // AVX-512 F, which avx512 requires
#else
  EXPECT_FALSE(wide_counting());
  EXPECT_FALSE(wide_division());
  EXPECT_FALSE(wide_listing());
#endif
}

TEST_F(CpuDispatch, EveryLevelCountsExactly) {
  const std::vector<Range> ranges = {
      {0, 10000000},                                 // pi(1e7) = 664579 plus the pre-sieved primes
      {4294967296 - 3000000, 4294967296 + 3000000},  // across 2^32
      {1000000000000, 1000000000000 + 5000000},      // a segment start inside every pattern
      {123456789, 123456789 + 777777},
      // A short range high up: most sieving primes are screened out (rare_multiples.hpp).
      {100000000000000, 100000000000000 + 3000}};
  std::vector<std::uint64_t> expected;
  for (const Range& r : ranges)
    expected.push_back(test::independent_count(r));
  for (Simd level : test::supported_simd_levels()) {
    force_simd(level);
    ASSERT_EQ(simd_level(), level);
    // The machine's geometry and small ones, whose segments end inside a pre-sieve piece.
    for (const SieveConfig& config :
         {SieveConfig::for_this_cpu(), SieveConfig{1024, 256}, SieveConfig{1 << 14, 1 << 13}}) {
      SieveKernel sieve(config);
      for (std::size_t i = 0; i < ranges.size(); ++i) {
        EXPECT_EQ(sieve.count(ranges[i]), expected[i])
            << to_string(level) << " " << ranges[i].first << ".." << ranges[i].last;
      }
    }
  }
}

}  // namespace
}  // namespace primes
