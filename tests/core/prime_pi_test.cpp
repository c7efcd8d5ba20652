// The combinatorial pi(x) (prime_pi.hpp): against tables of known values (pi(10^k), pi(2^k)),
// against the sieve on random x and on x next to squares and cubes of primes (where the terms of
// the formula change), against primecount when it is installed, and against itself under every
// cut into pieces and every tuning. Values past the default time budget run with PRIMES_LONG=1.
#include "primes/prime_pi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "cpu_dispatch.hpp"
#include "primes/pmath.hpp"
#include "primes/sieve_kernel.hpp"
#include "support/known_pi.hpp"
#include "support/oracle.hpp"
#include "support/sanitizer.hpp"

namespace primes {
namespace {

using test::kPiPow10;
using test::kPiPow2;
using test::pow10;

// The largest x each run checks by default: seconds in Release, more under the sanitizers.
std::uint64_t default_limit() {
  if (test::kThreadSanitizer) return 10000000000ull;  // 1e10
  if (test::kAnySanitizer) return 100000000000ull;    // 1e11
  return 100000000000000ull;                          // 1e14
}

bool long_run() {
  const char* v = std::getenv("PRIMES_LONG");
  return v != nullptr && std::string(v) == "1";
}

// pi(v) for every v <= n, by a plain sieve.
std::vector<std::uint64_t> pi_table(std::uint64_t n) {
  std::vector<bool> composite(n + 1, false);
  std::vector<std::uint64_t> pi(n + 1, 0);
  for (std::uint64_t i = 2; i <= n; ++i) {
    pi[i] = pi[i - 1] + (composite[i] ? 0 : 1);
    if (!composite[i]) {
      for (std::uint64_t j = i * i; j <= n; j += i)
        composite[j] = true;
    }
  }
  return pi;
}

using test::pi_by_sieve;
using test::primecount_pi;

// Log-uniform random numbers in [lo, hi].
std::vector<std::uint64_t> log_uniform(std::mt19937_64& rng, std::size_t n, double lo, double hi) {
  std::uniform_real_distribution<double> e(std::log(lo), std::log(hi));
  std::vector<std::uint64_t> xs;
  for (std::size_t i = 0; i < n; ++i)
    xs.push_back(static_cast<std::uint64_t>(std::exp(e(rng))));
  return xs;
}

TEST(Icbrt, IsExactAtEveryCubeAndAtTheEdges) {
  EXPECT_EQ(icbrt(0), 0u);
  EXPECT_EQ(icbrt(1), 1u);
  EXPECT_EQ(icbrt(7), 1u);
  EXPECT_EQ(icbrt(8), 2u);
  EXPECT_EQ(icbrt(kMaxU64), 2642245u);
  for (std::uint64_t r = 2; r <= 2642245; r += (r < 5000 ? 1 : 997)) {
    EXPECT_EQ(icbrt(r * r * r), r);
    EXPECT_EQ(icbrt(r * r * r - 1), r - 1);
  }
  EXPECT_EQ(icbrt(std::uint64_t{2642245} * 2642245 * 2642245), 2642245u);
}

TEST(PrimePi, EveryXUpTo30000AndSamplesTo3e6) {
  const std::vector<std::uint64_t> pi = pi_table(3000000);
  for (std::uint64_t x = 0; x <= 30000; ++x)
    ASSERT_EQ(prime_pi(x), pi[x]) << x;
  for (std::uint64_t x = 30001; x <= 3000000; x += 1009)
    ASSERT_EQ(prime_pi(x), pi[x]) << x;
}

// pi(10^k) for the k with lo < 10^k <= hi.
void check_powers_of_ten(std::uint64_t lo, std::uint64_t hi) {
  for (int k = 0; k <= 19; ++k) {
    const std::uint64_t x = pow10(k);
    if (x > hi || (x <= lo && k > 0)) continue;
    EXPECT_EQ(prime_pi(x), kPiPow10[k]) << "10^" << k;
  }
}

// pi(2^k) for the k with lo < 2^k <= hi (2^64: 2^64 - 1), and up to 2^40 pi(2^k +- 1).
void check_powers_of_two(std::uint64_t lo, std::uint64_t hi) {
  for (int k = 0; k <= 64; ++k) {
    const std::uint64_t x = k == 64 ? kMaxU64 : std::uint64_t{1} << k;
    if (x > hi || (x <= lo && k > 0)) continue;
    EXPECT_EQ(prime_pi(x), kPiPow2[k]) << "2^" << k;
    if (k >= 2 && k <= 40) {  // 2^k is even: its neighbours differ by whether 2^k +- 1 is prime
      SieveKernel sieve;
      EXPECT_EQ(prime_pi(x - 1), kPiPow2[k] - (k == 1 ? 1 : 0)) << "2^" << k << " - 1";
      EXPECT_EQ(prime_pi(x + 1), kPiPow2[k] + sieve.count({x + 1, x + 1})) << "2^" << k << " + 1";
    }
  }
}

TEST(PrimePi, PowersOfTen) {
  check_powers_of_ten(0, default_limit());
}

TEST(PrimePi, PowersOfTwoAndTheirNeighbours) {
  check_powers_of_two(0, default_limit());
}

// The rest of both tables: minutes to hours on one core.
TEST(PrimePiLong, PowersOfTenTo1e19) {
  if (!long_run()) GTEST_SKIP() << "beyond " << default_limit() << " with PRIMES_LONG=1 only";
  check_powers_of_ten(default_limit(), kMaxU64);
}

TEST(PrimePiLong, PowersOfTwoTo2e64) {
  if (!long_run()) GTEST_SKIP() << "beyond " << default_limit() << " with PRIMES_LONG=1 only";
  check_powers_of_two(default_limit(), kMaxU64);
}

TEST(PrimePi, RandomXBelow1e10AgainstTheSieve) {
  std::mt19937_64 rng(20261127);
  const double top = test::kThreadSanitizer ? 1e8 : 1e10;
  std::vector<std::uint64_t> xs = log_uniform(rng, test::kAnySanitizer ? 300 : 2000, 10, top);
  std::sort(xs.begin(), xs.end());
  const std::vector<std::uint64_t> expected = pi_by_sieve(xs);
  for (std::size_t i = 0; i < xs.size(); ++i)
    ASSERT_EQ(prime_pi(xs[i]), expected[i]) << xs[i];
}

TEST(PrimePiLong, ThousandsOfRandomXBelow1e12AgainstTheSieve) {
  if (!long_run()) GTEST_SKIP() << "a sieve to 1e12 (minutes) with PRIMES_LONG=1 only";
  std::mt19937_64 rng(1000000000000);
  std::vector<std::uint64_t> xs = log_uniform(rng, 3000, 10, 1e12);
  for (const std::uint64_t p : {999983ull, 1000003ull, 9973ull}) {  // p^2 and p^3 below 1e12
    for (const std::uint64_t n : {p * p, p * p * p}) {
      if (n < 1000000000000ull) xs.insert(xs.end(), {n - 1, n, n + 1});
    }
  }
  std::sort(xs.begin(), xs.end());
  const std::vector<std::uint64_t> expected = pi_by_sieve(xs);
  for (std::size_t i = 0; i < xs.size(); ++i)
    ASSERT_EQ(prime_pi(xs[i]), expected[i]) << xs[i];
}

TEST(PrimePi, NextToSquaresAndCubesOfPrimes) {
  // y and the sieve's reach change at p^2 and p^3; so do the leaves' classes.
  std::vector<std::uint64_t> xs;
  for (const std::uint64_t p : {2ull, 3ull, 5ull, 7ull, 11ull, 13ull, 97ull, 101ull, 997ull,
                                1009ull, 2153ull, 9973ull, 10007ull, 46337ull, 99991ull}) {
    for (const std::uint64_t n : {p * p, p * p * p}) {
      // The sieve that checks them counts to the largest: 1e10, 1e8 under ThreadSanitizer.
      if (n > (test::kThreadSanitizer ? 100000000ull : 10000000000ull)) continue;
      for (std::uint64_t d = 0; d < 3; ++d)
        xs.push_back(n - 1 + d);
    }
  }
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  const std::vector<std::uint64_t> expected = pi_by_sieve(xs);
  for (std::size_t i = 0; i < xs.size(); ++i)
    EXPECT_EQ(prime_pi(xs[i]), expected[i]) << xs[i];
}

TEST(PrimePi, RandomXBelow1e12AgainstPrimecount) {
  if (!primecount_pi(1000)) GTEST_SKIP() << "primecount is not installed";
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> xs =
      log_uniform(rng, test::kAnySanitizer ? 20 : 100, 1e10, test::kThreadSanitizer ? 1e10 : 1e12);
  for (const std::uint64_t p : {1000003ull, 999983ull}) {  // next to squares of primes
    for (std::uint64_t d = 0; d < 3; ++d)
      xs.push_back(p * p - 1 + d);
  }
  for (const std::uint64_t x : xs)
    EXPECT_EQ(prime_pi(x), primecount_pi(x)) << x;
}

TEST(PrimePi, EveryTuningGivesTheSameCount) {
  // y anywhere between its bounds, segments from one word up: every boundary moves.
  for (const std::uint64_t x : {9ull, 100ull, 65537ull, 999999ull, 123456789ull, 4294967296ull}) {
    const std::uint64_t expected = prime_pi(x);
    const std::uint64_t lo = icbrt(x) + 1;
    const std::uint64_t hi = isqrt(x);
    for (const std::uint64_t y : {lo, (lo + hi) / 2, hi, lo + 1, std::uint64_t{0}}) {
      for (const std::uint64_t seg : {64ull, 128ull, 4096ull, 1ull << 16}) {
        const PrimePi plan(x, {y, seg});
        PiSum sum(plan);
        for (std::uint64_t at = 1; at <= plan.parameters().z;) {
          const std::uint64_t to = std::min(plan.parameters().z + 1, at + 3 * seg + 1);
          sum.add(plan.count_piece(at, to));
          at = to;
        }
        EXPECT_EQ(sum.value(), expected) << x << " y=" << y << " segment=" << seg;
      }
    }
  }
}

TEST(PrimePi, PiecesCutAnywhereJoinToTheSameCount) {
  std::mt19937_64 rng(3);
  for (const std::uint64_t x : {1000000ull, 31415926535ull, 4294967295ull}) {
    const PrimePi plan(x);
    const std::uint64_t z = plan.parameters().z;
    for (int trial = 0; trial < 4; ++trial) {
      std::vector<std::uint64_t> cuts{1, z + 1};
      std::uniform_int_distribution<std::uint64_t> at(2, z);
      for (int i = 0; i < 1 + trial * 5; ++i)
        cuts.push_back(at(rng));
      std::sort(cuts.begin(), cuts.end());
      cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
      PiSum sum(plan);
      for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        sum.add(plan.count_piece(cuts[i], cuts[i + 1]));
      }
      ASSERT_TRUE(sum.complete());
      EXPECT_EQ(sum.value(), prime_pi(x)) << x << " in " << cuts.size() - 1 << " pieces";
    }
  }
}

TEST(PrimePi, PiecesMustComeInOrderAndInside) {
  const PrimePi plan(1000000000);
  const std::uint64_t z = plan.parameters().z;
  PiSum sum(plan);
  EXPECT_THROW(sum.add(plan.count_piece(2, z + 1)), std::invalid_argument);
  EXPECT_THROW(plan.count_piece(0, 5), std::invalid_argument);
  EXPECT_THROW(plan.count_piece(1, z + 2), std::invalid_argument);
  EXPECT_THROW(plan.count_piece(7, 7), std::invalid_argument);
  EXPECT_FALSE(sum.complete());
}

TEST(PrimePi, TheEdgesOfThe32BitRange) {
  SieveKernel sieve;
  const std::uint64_t two32 = std::uint64_t{1} << 32;
  EXPECT_EQ(prime_pi(two32), kPiPow2[32]);
  EXPECT_EQ(prime_pi(two32 - 1), kPiPow2[32]);
  EXPECT_EQ(prime_pi(two32 + 15), kPiPow2[32] + sieve.count({two32, two32 + 15}));
}

TEST(PrimePi, EveryInstructionSetGivesTheSameCounts) {
  // The count of a piece is compiled twice: for any x86-64, and with POPCNT.
  const Simd before = simd_level();
  for (const Simd level : {Simd::baseline, Simd::avx2, Simd::avx512}) {
    if (!simd_supported(level)) continue;
    force_simd(level);
    EXPECT_EQ(prime_pi(pow10(11)), kPiPow10[11]) << to_string(level);
    EXPECT_EQ(prime_pi(std::uint64_t{1} << 34), kPiPow2[34]) << to_string(level);
    EXPECT_EQ(prime_pi(1000003), 78499u) << to_string(level);  // 1000003 is prime
  }
  force_simd(before);
}

TEST(PrimePi, MemoryEstimateCoversTheTables) {
  for (const std::uint64_t x : {1000ull, 1000000000ull, 1000000000000000ull}) {
    const PrimePi plan(x);
    EXPECT_GE(pi_memory_need(x), plan.table_bytes() + plan.piece_bytes()) << x;
  }
}

}  // namespace
}  // namespace primes
