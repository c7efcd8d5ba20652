// Tests of the wheel tables against brute force: for every residue class and wheel position, the
// tables must lead from one multiple p*k (k coprime to 30) to the next, and first_multiple() must
// find the first one at or above any bound.
#include "sieve/wheel.hpp"
#include "sieve/wheel210.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "primes/pmath.hpp"

namespace primes::sieve {
namespace {

bool coprime_to_30(std::uint64_t k) {
  return k % 2 != 0 && k % 3 != 0 && k % 5 != 0;
}

TEST(Wheel, StepsWalkThroughEveryMultipleCoprimeTo30) {
  for (std::uint64_t p :
       {7u, 11u, 13u, 17u, 19u, 23u, 29u, 31u, 167u, 1009u, 65521u, 4294967291u}) {
    const std::uint64_t q = p / 30;
    const unsigned ri = residue_class(p);
    FirstMultiple m = first_multiple(p, p * p);
    std::uint64_t k = p;
    for (int step = 0; step < 100; ++step) {
      const u128 n = u128{p} * k;
      ASSERT_EQ(m.byte, static_cast<std::uint64_t>(n / 30)) << p << " k=" << k;
      const unsigned bit = kBitOfResidue[static_cast<unsigned>(n % 30)];
      ASSERT_EQ(kSteps[ri][m.wheel].unset, static_cast<std::uint8_t>(~(1u << bit)));
      const WheelStep& s = kSteps[ri][m.wheel];
      m.byte += q * s.gap_q + s.gap_extra;
      m.wheel = (m.wheel + 1) & 7;
      do
        ++k;
      while (!coprime_to_30(k));
    }
  }
}

TEST(Wheel, FirstMultipleAtOrAboveAnyBound) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t p = 0;
    do
      p = 7 + rng() % 100000;
    while (!coprime_to_30(p));
    const std::uint64_t start = rng() % 10000000000ull;
    const FirstMultiple m = first_multiple(p, start);
    std::uint64_t k = std::max((start + p - 1) / p, p);
    while (!coprime_to_30(k))
      ++k;
    ASSERT_EQ(m.byte, p * k / 30) << p << " " << start;
  }
}

TEST(Wheel, FirstMultipleNearTwoTo64DoesNotOverflow) {
  const std::uint64_t p = 4294967291u;  // largest prime below 2^32
  const std::uint64_t start = kMaxU64 - 1000;
  const FirstMultiple m = first_multiple(p, start);
  std::uint64_t k = start / p + 1;
  while (!coprime_to_30(k))
    ++k;
  EXPECT_EQ(m.byte, static_cast<std::uint64_t>(u128{p} * k / 30));
}

// The floating-point quotient with its integer correction is exact everywhere it is used: any
// prime below 2^32 and any low above its square, up to 2^64 - 1, and where low's rounding to a
// double is furthest off (the estimate then misses by several units for small primes).
TEST(LeastMultiplier, AboveALowBoundExactlyAsWith128BitArithmetic) {
  std::mt19937_64 rng(3);
  // Both ways of finding the least k with k * p >= low (here k > p) against 128-bit arithmetic.
  auto check = [](std::uint64_t p, std::uint64_t low) -> testing::AssertionResult {
    const auto k = static_cast<std::uint64_t>((u128{low} + p - 1) / p);
    const std::uint64_t fast = least_multiplier_above(low, static_cast<double>(low), p);
    const std::uint64_t exact = least_multiplier(p, low);
    if (fast == k && exact == k) return testing::AssertionSuccess();
    return testing::AssertionFailure()
           << "p " << p << ", low " << low << ": " << fast << " and " << exact << ", not " << k;
  };
  const std::vector<std::uint64_t> primes = {167, 173, 1009, 65521, 65537, 1000003, 4294967291};
  for (std::uint64_t p : primes) {
    // Next to p^2, next to multiples of p, and at the top (2^64 - 1 and the largest multiples).
    for (std::uint64_t low : {p * p + 1, p * p + p - 1, p * p + p, p * p + p + 1, kMaxU64,
                              kMaxU64 - 1, kMaxU64 - kMaxU64 % p, kMaxU64 - kMaxU64 % p - 1,
                              kMaxU64 - kMaxU64 % p + 1 - p, std::uint64_t{1} << 63})
      if (low > p * p) {
        ASSERT_TRUE(check(p, low));
      }
  }
  for (int i = 0; i < 1000000; ++i) {
    // Any odd p from 167 to 2^32 - 5, any low above its square, of any magnitude.
    const std::uint64_t p =
        std::min<std::uint64_t>(primes[rng() % primes.size()] + 2 * (rng() % 1000), 4294967291u);
    const std::uint64_t low = std::max(p * p + 1, rng() >> (rng() % 40));
    ASSERT_TRUE(check(p, low));
  }
}

}  // namespace
}  // namespace primes::sieve

// The modulo-210 wheel of the bucket sieve, against brute force in the same way.
namespace primes::sieve {
namespace {

bool coprime_to_210(std::uint64_t k) {
  return k % 2 != 0 && k % 3 != 0 && k % 5 != 0 && k % 7 != 0;
}

TEST(Wheel210, StepsWalkThroughEveryMultipleCoprimeTo210) {
  for (std::uint64_t p : {11u, 13u, 167u, 1009u, 65521u, 999999937u, 4294967291u}) {
    const std::uint64_t q = p / 30;
    const unsigned ri = residue_class(p);
    FirstMultiple210 m = first_multiple210(p, p * p);
    std::uint64_t k = p;
    for (int step = 0; step < 500; ++step) {
      const u128 n = u128{p} * k;
      ASSERT_EQ(m.byte, static_cast<std::uint64_t>(n / 30)) << p << " k=" << k;
      const unsigned bit = kBitOfResidue[static_cast<unsigned>(n % 30)];
      ASSERT_EQ(kSteps210[ri][m.wheel].unset, static_cast<std::uint8_t>(~(1u << bit)));
      const WheelStep& s = kSteps210[ri][m.wheel];
      m.byte += q * s.gap_q + s.gap_extra;
      m.wheel = (m.wheel + 1) % kWheel210Size;
      do
        ++k;
      while (!coprime_to_210(k));
    }
  }
}

TEST(Wheel210, FirstMultipleAtOrAboveAnyBoundAndNearTwoTo64) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t p = 0;
    do
      p = 11 + rng() % 100000;
    while (!coprime_to_210(p));
    // Bounds low and at the very top (p*k then passes 2^64; the byte index does not).
    const std::uint64_t start = i % 2 == 0 ? rng() % 10000000000ull : kMaxU64 - rng() % 100000;
    const FirstMultiple210 m = first_multiple210(p, start);
    std::uint64_t k = least_multiplier(p, start);
    while (!coprime_to_210(k))
      ++k;
    ASSERT_EQ(m.byte, static_cast<std::uint64_t>(u128{p} * k / 30)) << p << " " << start;
    ASSERT_EQ(kCoprime210[m.wheel], k % 210) << p << " " << start;
  }
}

}  // namespace
}  // namespace primes::sieve
