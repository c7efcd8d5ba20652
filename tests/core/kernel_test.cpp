// Tests of the prime-counting kernels against known values of pi(x), against each other and
// against independent oracles (Miller-Rabin; primesieve when the test build has it), at the edges
// of the 64-bit range and at every kind of boundary of the sieve.
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "primes/kernel.hpp"
#include "primes/kernel_factory.hpp"
#include "primes/primality_kernel.hpp"
#include "primes/sieve_kernel.hpp"
#include "primes/trial_kernel.hpp"
#include "support/oracle.hpp"
#include "support/sanitizer.hpp"

#ifdef PRIMES_HAVE_PRIMESIEVE
#include <primesieve.hpp>
#endif

namespace primes {
namespace {

// pi(10^k) for k = 0 .. 11.
constexpr std::uint64_t kPiPowersOfTen[] = {
    0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534, 455052511, 4118054813};
constexpr std::uint64_t kPi2To32 = 203280221;
constexpr std::uint64_t kLargestPrime64 = 18446744073709551557ull;

std::uint64_t pow10(int k) {
  std::uint64_t v = 1;
  while (k-- > 0)
    v *= 10;
  return v;
}

std::uint64_t count_with(KernelKind kind, Range r) {
  return make_kernel(kind)->count(r);
}

// Small sieve geometries make segment, block and bucket boundaries frequent, so that moderate
// ranges exercise every code path that ranges near 2^64 use: with 1 KiB segments the bucket
// sieve already handles every prime above 15360. The last one has small primes up to 8192.
std::vector<SieveConfig> geometries() {
  return {SieveConfig::for_this_cpu(), SieveConfig{1024, 256}, SieveConfig{4096, 1024},
          SieveConfig{1 << 16, 1 << 14}, SieveConfig{1 << 17, 1 << 16}};
}

TEST(TrialKernel, IsTheSeedsEsPrimo) {
  EXPECT_FALSE(is_prime_trial(0));
  EXPECT_FALSE(is_prime_trial(1));
  EXPECT_TRUE(is_prime_trial(2));
  EXPECT_TRUE(is_prime_trial(3));
  EXPECT_FALSE(is_prime_trial(4));
  EXPECT_FALSE(is_prime_trial(9));
  EXPECT_FALSE(is_prime_trial(25));
  EXPECT_TRUE(is_prime_trial(4294967291u));             // largest prime below 2^32
  EXPECT_FALSE(is_prime_trial(4294967297u));            // 641 * 6700417
  EXPECT_TRUE(is_prime_trial(1099511627689ull));        // 2^40 - 87
  EXPECT_FALSE(is_prime_trial(18446744073709551615u));  // 3 * 5 * 17 * ...
  EXPECT_FALSE(is_prime_trial(65521ull * 65521ull));    // largest prime below 2^16, squared
  EXPECT_FALSE(is_prime_trial(65521ull * 4294967291ull));
}

TEST(TrialKernel, PiOfPowersOfTenUpTo1e7) {
  TrialKernel trial;
  for (int k = 0; k <= 7; ++k)
    EXPECT_EQ(trial.count({0, pow10(k)}), kPiPowersOfTen[k]) << k;
}

TEST(TrialKernel, SeedWorkload) {
  EXPECT_EQ(TrialKernel().count({1, 300000}), 25997u);
}

TEST(SieveKernel, PiOfPowersOfTenUpTo1e9) {
  SieveKernel sieve;
  for (int k = 0; k <= 9; ++k)
    EXPECT_EQ(sieve.count({0, pow10(k)}), kPiPowersOfTen[k]) << k;
}

TEST(SieveKernel, PiOf2To32) {
  PRIMES_SKIP_UNDER_TSAN("sieves 2^32 numbers");
  EXPECT_EQ(SieveKernel().count({0, std::uint64_t{1} << 32}), kPi2To32);
}

TEST(SieveKernel, SeedWorkload) {
  EXPECT_EQ(SieveKernel().count({1, 300000}), 25997u);
}

TEST(Kernels, TinyRangesAndEdges) {
  for (KernelKind kind : {KernelKind::trial, KernelKind::sieve, KernelKind::primality}) {
    SCOPED_TRACE(std::string(to_string(kind)));
    EXPECT_EQ(count_with(kind, {0, 0}), 0u);
    EXPECT_EQ(count_with(kind, {0, 1}), 0u);
    EXPECT_EQ(count_with(kind, {1, 1}), 0u);
    EXPECT_EQ(count_with(kind, {2, 2}), 1u);
    EXPECT_EQ(count_with(kind, {0, 2}), 1u);
    EXPECT_EQ(count_with(kind, {3, 3}), 1u);
    EXPECT_EQ(count_with(kind, {4, 4}), 0u);
    EXPECT_EQ(count_with(kind, {0, 10}), 4u);
    EXPECT_EQ(count_with(kind, {7, 7}), 1u);
    EXPECT_EQ(count_with(kind, {29, 31}), 2u);
  }
  // 2^64-1 and 2^64-2 are composite; one count with the sieve, whose start there is costly.
  EXPECT_EQ(count_with(KernelKind::trial, {kMaxU64, kMaxU64}), 0u);
  EXPECT_EQ(count_with(KernelKind::trial, {kMaxU64 - 1, kMaxU64}), 0u);
  EXPECT_EQ(count_with(KernelKind::primality, {kMaxU64, kMaxU64}), 0u);
  EXPECT_EQ(count_with(KernelKind::primality, {kLargestPrime64, kMaxU64}), 1u);
  EXPECT_EQ(count_with(KernelKind::primality, {kLargestPrime64 + 1, kMaxU64}), 0u);
  EXPECT_EQ(count_with(KernelKind::primality, {(1ull << 32) - 5, 1ull << 32}), 1u);   // 2^32 - 5
  EXPECT_EQ(count_with(KernelKind::primality, {1ull << 32, (1ull << 32) + 15}), 1u);  // 2^32 + 15
  if (!test::kThreadSanitizer) {
    EXPECT_EQ(count_with(KernelKind::sieve, {kMaxU64 - 1, kMaxU64}), 0u);
  }
}

TEST(Kernels, EveryNumberBelow2000OneAtATime) {
  SieveKernel sieve;
  TrialKernel trial;
  PrimalityKernel tested;
  for (std::uint64_t n = 0; n < 2000; ++n) {
    const std::uint64_t expected = test::is_prime_miller_rabin(n) ? 1 : 0;
    ASSERT_EQ(sieve.count({n, n}), expected) << n;
    ASSERT_EQ(trial.count({n, n}), expected) << n;
    ASSERT_EQ(tested.count({n, n}), expected) << n;
  }
}

TEST(Kernels, AgreeOnRandomIntervalsBelow1e9) {
  SieveKernel sieve;
  TrialKernel trial;
  PrimalityKernel tested;
  std::mt19937_64 rng(2024);
  for (int i = 0; i < 300; ++i) {
    const std::uint64_t first = rng() % 1000000000;
    const Range r{first, first + rng() % (i % 2 == 0 ? 100 : 20000)};
    const std::uint64_t expected = trial.count(r);
    ASSERT_EQ(sieve.count(r), expected) << r.first << ".." << r.last;
    ASSERT_EQ(tested.count(r), expected) << r.first << ".." << r.last;
  }
}

TEST(PrimalityKernel, PiOfPowersOfTenUpTo1e6) {
  PrimalityKernel tested;
  for (int k = 0; k <= 6; ++k)
    EXPECT_EQ(tested.count({0, pow10(k)}), kPiPowersOfTen[k]) << "10^" << k;
}

TEST(SieveKernel, EveryGeometryAgreesWithTheOracles) {
  std::mt19937_64 rng(99);
  TrialKernel trial;
  for (const SieveConfig& g : geometries()) {
    SieveKernel sieve(g);
    SCOPED_TRACE(g.segment_bytes);
    EXPECT_EQ(sieve.count({0, 10000000}), kPiPowersOfTen[7]);
    for (int i = 0; i < 40; ++i) {
      const std::uint64_t first = rng() % 20000000u;
      const Range r{first, first + rng() % 100000};
      ASSERT_EQ(sieve.count(r), trial.count(r)) << r.first << ".." << r.last;
    }
    for (int i = 0; i < 20; ++i) {
      const std::uint64_t first = rng() % 100000000000000ull;
      const Range r{first, first + rng() % 200000};
      ASSERT_EQ(sieve.count(r), test::count_miller_rabin(r)) << r.first << ".." << r.last;
    }
  }
}

TEST(SieveKernel, SegmentAndByteBoundaries) {
  // Intervals ending or starting right at, before and after multiples of 30 and of a 1 KiB
  // segment (30720 numbers), compared with trial division.
  SieveKernel sieve(SieveConfig{1024, 256});
  TrialKernel trial;
  const std::uint64_t span = 1024 * 30;
  for (std::uint64_t base : {2 * span, 7 * span, 1000003 * span}) {
    for (std::uint64_t d1 = 0; d1 < 35; d1 += 1) {
      const Range r{base - 31 + d1, base + 29 + d1};
      ASSERT_EQ(sieve.count(r), trial.count(r)) << r.first << ".." << r.last;
    }
    const Range wide{base - span - 1, base + span + 1};
    ASSERT_EQ(sieve.count(wide), trial.count(wide));
  }
}

TEST(SieveKernel, SumOfChunksEqualsTheWhole) {
  // Cut points that are not multiples of the wheel or of any segment size.
  SieveKernel sieve(SieveConfig{4096, 1024});
  const std::uint64_t total = sieve.count({0, 100000000});
  std::uint64_t sum = 0;
  std::uint64_t lo = 0;
  std::mt19937_64 rng(5);
  while (lo <= 100000000) {
    const std::uint64_t hi = std::min<std::uint64_t>(lo + 1 + rng() % 3000017, 100000000);
    sum += sieve.count({lo, hi});
    lo = hi + 1;
  }
  EXPECT_EQ(sum, total);
  EXPECT_EQ(total, 5761455u);
}

TEST(SieveKernel, AcrossTwoTo32) {
  const std::uint64_t t = std::uint64_t{1} << 32;
  for (const SieveConfig& g : geometries()) {
    SieveKernel sieve(g);
    EXPECT_EQ(sieve.count({t - 1000, t + 1000}), test::count_miller_rabin({t - 1000, t + 1000}));
    EXPECT_EQ(sieve.count({t - 5, t + 15}), 2u);  // 4294967291 and 4294967311
    EXPECT_EQ(sieve.count({t - 4, t + 14}), 0u);
  }
  // 4294967296 .. 4294967296 + 10^7, compared with Miller-Rabin.
  EXPECT_EQ(SieveKernel().count({t, t + 10000000}), test::count_miller_rabin({t, t + 10000000}));
}

TEST(SieveKernel, EndingAt2To64Minus1) {
  PRIMES_SKIP_UNDER_TSAN("needs every prime below 2^32");
  // Each count near 2^64 needs all 203 million primes below 2^32: few counts here.
  SieveKernel sieve;
  EXPECT_EQ(sieve.count({kLargestPrime64 + 1, kMaxU64}), 0u);
  const Range r{kMaxU64 - 100000, kMaxU64};  // includes the largest 64-bit prime
  EXPECT_EQ(sieve.count(r), test::count_miller_rabin(r));
}

TEST(SieveKernel, SmallGeometryNearTheTopUsesBucketsAndAgreesWithMillerRabin) {
  PRIMES_SKIP_UNDER_TSAN("needs every prime below 2^32");
  SieveKernel sieve(SieveConfig{1024, 256});
  const Range r{kMaxU64 - 300000, kMaxU64};
  EXPECT_EQ(sieve.count(r), test::count_miller_rabin(r));
}

TEST(SieveKernel, BucketedPrimesWithSeveralMultiplesPerSegment) {
  // Primes between kMediumSegments and 15 segments' bytes wait in buckets yet may hit a segment
  // more than once; with 1 KiB segments those are the primes from 2048 to 15360, all of which
  // sieve a range whose sqrt passes 15360. Ranges of every length around the segment sizes
  // the sieve may choose (sqrt(last) decides: from 2 blocks up to the largest segment).
  SieveKernel tiny(SieveConfig{1024, 256});
  SieveKernel sized(SieveConfig{1 << 16, 1 << 12});
  std::mt19937_64 rng(29);
  for (std::uint64_t first : {std::uint64_t{1000000000}, std::uint64_t{300000000},
                              std::uint64_t{4000000000}, std::uint64_t{1} << 40}) {
    for (int i = 0; i < 4; ++i) {
      const Range r{first + rng() % 100000, first + 100000 + rng() % 200000};
      const std::uint64_t expected = test::count_miller_rabin(r);
      EXPECT_EQ(tiny.count(r), expected) << r.first << ".." << r.last;
      EXPECT_EQ(sized.count(r), expected) << r.first << ".." << r.last;
    }
  }
}

TEST(SieveKernel, MediumPrimesOnTheModulo210WheelAgreeWithTheOracles) {
  // Medium primes cross off on the modulo-210 wheel, in lists sorted by the wheel position
  // where they enter the next segment; those below segment/16 one eighth of a segment at a
  // time. With 1 KiB blocks no sieving prime is small, so that every prime from 167 up to two
  // segments takes that loop, in pieces or not. Ranges starting anywhere (every
  // wheel position) at several heights (the segment follows sqrt(last), and with it the band),
  // and with primesieve, ranges of several segments (each prime then changes lists).
  std::mt19937_64 rng(210);
  for (const SieveConfig& g : {SieveConfig{1 << 16, 1 << 10}, SieveConfig{1 << 18, 1 << 10}}) {
    SieveKernel sieve(g);
    SCOPED_TRACE(g.segment_bytes);
    EXPECT_EQ(sieve.count({0, 10000000}), kPiPowersOfTen[7]);
    for (int bits = 24; bits <= 48; bits += 4) {
      const std::uint64_t first = (std::uint64_t{1} << bits) + rng() % 1000000007u;
      const Range r{first, first + 50000 + rng() % 50000};
      ASSERT_EQ(sieve.count(r), test::count_miller_rabin(r)) << r.first << ".." << r.last;
    }
#ifdef PRIMES_HAVE_PRIMESIEVE
    for (int bits = 30; bits <= 44; bits += 2) {
      const std::uint64_t first = (std::uint64_t{1} << bits) + rng() % 1000000007u;
      const Range r{first, first + 5000000 + rng() % 5000000};
      ASSERT_EQ(sieve.count(r), primesieve::count_primes(r.first, r.last))
          << r.first << ".." << r.last;
    }
#endif
  }
}

TEST(SieveKernel, TheLargestSegmentsAgreeWithTheDefault) {
  // A bucket entry packs its offset in a segment with a 9-bit step index into 32 bits, so that the
  // bucket sieve's segments are at most 8 MiB: a 32 MiB segment whose blocks are too large for
  // quarters is cut into four such pieces. 300 million numbers near 1e16 span 10 MB (offsets
  // up to the last byte of a piece) and have big primes (above two segments, 2^26).
  SieveKernel largest(SieveConfig{1 << 25, 1 << 23});
  SieveKernel usual;
  const Range r{10000000000000000ull, 10000000300000000ull};
  const std::uint64_t expected = usual.count(r);
  EXPECT_EQ(largest.count(r), expected);
#ifdef PRIMES_HAVE_PRIMESIEVE
  EXPECT_EQ(expected, primesieve::count_primes(r.first, r.last));
#endif
}

TEST(SieveKernel, RandomIntervalsAtEveryHeightAgreeWithMillerRabin) {
  SieveKernel sieve(SieveConfig{1 << 16, 1 << 14});
  std::mt19937_64 rng(17);
  for (int bits = 34; bits <= 62; bits += 4) {
    const std::uint64_t first =
        (std::uint64_t{1} << bits) + rng() % (std::uint64_t{1} << (bits - 1));
    const Range r{first, first + 20000 + rng() % 20000};
    EXPECT_EQ(sieve.count(r), test::count_miller_rabin(r)) << r.first << ".." << r.last;
  }
}

#ifdef PRIMES_HAVE_PRIMESIEVE
TEST(SieveKernel, AgreesWithPrimesieveOnRandomIntervals) {
  std::mt19937_64 rng(1234);
  SieveKernel sieve;
  SieveKernel small(SieveConfig{4096, 1024});
  const int intervals = test::kThreadSanitizer ? 10 : 60;
  for (int i = 0; i < intervals; ++i) {
    const std::uint64_t first = rng() % (std::uint64_t{1} << (20 + i % 30));
    const Range r{first, first + rng() % 30000000};
    const std::uint64_t expected = primesieve::count_primes(r.first, r.last);
    ASSERT_EQ(sieve.count(r), expected) << r.first << ".." << r.last;
    ASSERT_EQ(small.count(r), expected) << r.first << ".." << r.last;
  }
}
#endif

TEST(SieveKernel, ReportsProgressCoveringTheWholeRangeExactlyOnce) {
  struct Recorder final : ProgressSink {
    u128 total = 0;
    void advance(std::uint64_t n) override { total += n; }
  };
  for (const Range r :
       {Range{0, 12345678}, Range{1000000000000ull, 1000000012345ull}, Range{5, 5}}) {
    for (KernelKind kind : {KernelKind::trial, KernelKind::sieve, KernelKind::primality}) {
      Recorder rec;
      make_kernel(kind)->count(r, &rec);
      EXPECT_TRUE(rec.total == r.size()) << to_string(kind) << " " << r.first;
    }
  }
  if (!test::kThreadSanitizer) {
    Recorder top;
    SieveKernel(SieveConfig{4096, 1024}).count({kMaxU64 - 1000000, kMaxU64}, &top);
    EXPECT_TRUE(top.total == 1000001);
  }
}

TEST(SieveKernel, ReusedObjectGivesTheSameAnswers) {
  SieveKernel sieve;
  const Range high{(std::uint64_t{1} << 60) - 200000, std::uint64_t{1} << 60};
  const std::uint64_t expected = test::count_miller_rabin(high);
  EXPECT_EQ(sieve.count(high), expected);
  EXPECT_EQ(sieve.count({0, 1000000}), kPiPowersOfTen[6]);
  EXPECT_EQ(sieve.count(high), expected);
  EXPECT_EQ(sieve.count({0, 100}), 25u);
}

// The segments handed to a SegmentSink hold exactly the primes the count lists (2, 3 and 5
// excepted), in increasing order, in ranges that start and end inside a byte.
class ListFromSegments final : public SegmentSink {
 public:
  void segment(const std::uint8_t* bytes, std::uint64_t first_byte, std::size_t len) override {
    static constexpr std::uint64_t kResidues[8] = {1, 7, 11, 13, 17, 19, 23, 29};
    EXPECT_GE(first_byte, next_byte) << "segments in increasing order";
    for (std::size_t i = 0; i < len; ++i) {
      for (int j = 0; j < 8; ++j) {
        if ((bytes[i] >> j) & 1) primes.push_back(30 * (first_byte + i) + kResidues[j]);
      }
    }
    next_byte = first_byte + len;
  }
  std::vector<std::uint64_t> primes;
  std::uint64_t next_byte = 0;
};

class ListFromCount final : public PrimeSink {
 public:
  void primes(std::span<const std::uint64_t> found) override {
    for (const std::uint64_t p : found) {
      if (p > 5) list.push_back(p);
    }
  }
  std::vector<std::uint64_t> list;
};

TEST(SieveKernel, SegmentsHoldThePrimesOfTheRange) {
  const Range ranges[] = {{0, 100},
                          {7, 7},
                          {31, 3000001},
                          {1000000007, 1000600013},
                          {(1ull << 32) - 1000, (1ull << 32) + 200000},
                          {kLargestPrime64 - 100000, ~std::uint64_t{0}}};
  SieveKernel sieve;
  for (const Range r : ranges) {
    ListFromSegments segments;
    sieve.sieve(r, segments);
    ListFromCount counted;
    sieve.count(r, nullptr, &counted);
    EXPECT_EQ(segments.primes, counted.list) << r.first << ".." << r.last;
  }
  ListFromSegments none;
  EXPECT_THROW(sieve.sieve({10, 9}, none), std::invalid_argument);
}

// The same primes as the sieve lists, in the same order, where the two kernels take different
// paths: across 2^32 (where is_prime() changes its bases), at several heights, and at the top.
TEST(PrimalityKernel, ListsTheSievesPrimesAtEveryHeight) {
  const Range ranges[] = {{0, 30000},
                          {(1ull << 32) - 20000, (1ull << 32) + 20000},
                          {1000000000000ull, 1000000000000ull + 50000},
                          {1000000000000000000ull - 30000, 1000000000000000000ull + 30000},
                          {kLargestPrime64 - 100000, kMaxU64}};
  SieveKernel sieve;
  PrimalityKernel tested;
  for (const Range r : ranges) {
    if (test::kThreadSanitizer && r.last > (1ull << 40)) continue;  // the sieve's start up there
    ListFromCount by_sieve, by_test;
    const std::uint64_t n = sieve.count(r, nullptr, &by_sieve);
    EXPECT_EQ(tested.count(r, nullptr, &by_test), n) << r.first << ".." << r.last;
    EXPECT_EQ(by_test.list, by_sieve.list) << r.first << ".." << r.last;
  }
}

TEST(Kernels, RejectAnInvertedRange) {
  for (KernelKind kind : {KernelKind::trial, KernelKind::sieve, KernelKind::primality}) {
    EXPECT_THROW(make_kernel(kind)->count({10, 9}), std::invalid_argument);
  }
}

TEST(KernelNames, RoundTrip) {
  for (KernelKind k : {KernelKind::trial, KernelKind::sieve, KernelKind::primality}) {
    EXPECT_EQ(kernel_from_string(to_string(k)), k);
    EXPECT_EQ(make_kernel(k)->kind(), k);
  }
  EXPECT_FALSE(kernel_from_string("Sieve").has_value());
  EXPECT_FALSE(kernel_from_string("").has_value());
}

}  // namespace
}  // namespace primes
