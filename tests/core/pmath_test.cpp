// Tests of the exact integer helpers in primes/pmath.hpp.
#include "primes/pmath.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace primes {
namespace {

// floor(sqrt(n)) is the r with r*r <= n < (r+1)*(r+1), checked in 128 bits.
void expect_is_root(std::uint64_t n) {
  const u128 r = isqrt(n);
  EXPECT_LE(r * r, u128{n}) << n;
  EXPECT_GT((r + 1) * (r + 1), u128{n}) << n;
}

TEST(Isqrt, SmallValues) {
  const std::uint64_t expected[] = {0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3};
  for (std::uint64_t n = 0; n < std::size(expected); ++n)
    EXPECT_EQ(isqrt(n), expected[n]) << n;
}

TEST(Isqrt, EdgesNear2To64) {
  EXPECT_EQ(isqrt(kMaxU64), 0xFFFFFFFFu);
  const std::uint64_t r = 0xFFFFFFFFu;
  EXPECT_EQ(isqrt(r * r), r);
  EXPECT_EQ(isqrt(r * r - 1), r - 1);
  EXPECT_EQ(isqrt(std::uint64_t{1} << 32), std::uint64_t{1} << 16);
  EXPECT_EQ(isqrt((std::uint64_t{1} << 32) - 1), 0xFFFFu);
  // Where a double's 53-bit mantissa rounds the root up: (2^32-1)^2 + 2^32 - 2 < 2^64 - 1.
  EXPECT_EQ(isqrt(r * r + 2 * r), r);
}

TEST(Isqrt, PerfectSquaresAndNeighbours) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t r = rng() >> 32;
    const std::uint64_t sq = r * r;
    EXPECT_EQ(isqrt(sq), r);
    if (sq > 0) {
      EXPECT_EQ(isqrt(sq - 1), r - 1);
    }
    if (r < 0xFFFFFFFFu) {
      EXPECT_EQ(isqrt(sq + 2 * r), r);  // (r+1)^2 - 1
    }
  }
}

TEST(Isqrt, RandomValuesAtEveryBitLength) {
  std::mt19937_64 rng(11);
  for (int bits = 1; bits <= 64; ++bits) {
    for (int i = 0; i < 500; ++i) {
      std::uint64_t n = rng();
      if (bits < 64) n &= (std::uint64_t{1} << bits) - 1;
      expect_is_root(n);
    }
  }
}

TEST(CeilDiv, NoOverflowAtTheTop) {
  EXPECT_EQ(ceil_div(kMaxU64, std::uint64_t{1}), kMaxU64);
  EXPECT_EQ(ceil_div(kMaxU64, std::uint64_t{2}), std::uint64_t{1} << 63);
  EXPECT_EQ(ceil_div(std::uint64_t{10}, std::uint64_t{3}), 4u);
  EXPECT_EQ(ceil_div(std::uint64_t{9}, std::uint64_t{3}), 3u);
  EXPECT_EQ(ceil_div(std::uint64_t{0}, std::uint64_t{3}), 0u);
  const u128 two_to_64 = u128{1} << 64;
  EXPECT_TRUE(ceil_div(two_to_64, u128{3}) == u128{6148914691236517206ull});
}

TEST(Saturating, ClampsInsteadOfWrapping) {
  EXPECT_EQ(saturating_add(kMaxU64, 1), kMaxU64);
  EXPECT_EQ(saturating_add(kMaxU64 - 1, 1), kMaxU64);
  EXPECT_EQ(saturating_add(2, 3), 5u);
}

TEST(ToDecimal, IncludingTwoToThe64) {
  EXPECT_EQ(to_decimal(0), "0");
  EXPECT_EQ(to_decimal(kMaxU64), "18446744073709551615");
  EXPECT_EQ(to_decimal(u128{1} << 64), "18446744073709551616");
}

// The floating-point quotient with its integer correction, against integer division.
TEST(Quotient, EqualsIntegerDivisionWhereverTheQuotientIsBelow2e50) {
  std::mt19937_64 rng(50);
  const std::uint64_t top = ~std::uint64_t{0};
  std::vector<std::uint64_t> divisors = {17,    19,           1ull << 14, (1ull << 14) + 1,
                                         65521, 4294967291ull};
  for (int i = 0; i < 64; ++i)
    divisors.push_back(17 + rng() % 4294967279ull);
  for (const std::uint64_t d : divisors) {
    const double inv = 1.0 / static_cast<double>(d);
    // Largest n with a quotient below 2^50, and the numbers next to multiples of d.
    const std::uint64_t n_max = d >= (1ull << 14) ? top : d * (1ull << 50) - 1;
    std::vector<std::uint64_t> ns = {0, 1, d - 1, d, d + 1, n_max, n_max - 1};
    for (int k = 0; k < 2000; ++k) {
      const std::uint64_t n = rng() % n_max;
      const std::uint64_t m = n - n % d;
      ns.insert(ns.end(), {n, m, m > 0 ? m - 1 : 0, m + d - 1 <= n_max ? m + d - 1 : m});
    }
    for (const std::uint64_t n : ns)
      ASSERT_EQ(quotient(n, d, inv), n / d) << n << " / " << d;
  }
}

// The same for a 128-bit n given as its low word and its double, with quotients up to 2^63
// (where the estimate is off by more than one and the correction divides) and divisors up to
// 2^50 (the primes past 2^32 of the wide tables, P2's up to sqrt(10^30)).
TEST(Quotient, OfA128BitNumberEqualsIntegerDivisionUpTo2e63) {
  std::mt19937_64 rng(63);
  for (int i = 0; i < 40000; ++i) {
    const int d_bits = i % 2 == 0 ? 32 : 2 + static_cast<int>(rng() % 49);  // up to 50 bits
    const std::uint64_t d = 2 + rng() % ((std::uint64_t{1} << d_bits) - 2);
    const int bits = 1 + static_cast<int>(rng() % 63);  // the quotient's
    const u128 q = (u128{rng()} << 64 | rng()) >> (128 - bits);
    const u128 m = q * d;
    for (const u128 n : {m, m + d - 1, m + rng() % d, m > 0 ? m - 1 : m}) {
      const std::uint64_t got = quotient(static_cast<std::uint64_t>(n), static_cast<double>(n), d,
                                         1.0 / static_cast<double>(d));
      ASSERT_TRUE(u128{got} == n / d) << to_decimal(n) << " / " << d;
    }
  }
}

TEST(Pmath128, RootsOf128BitNumbers) {
  for (const std::uint64_t r :
       {1ull, 2ull, 3ull, 4294967295ull, 4294967296ull, 18446744073709551615ull, 1ull << 63}) {
    const u128 sq = u128{r} * r;
    EXPECT_EQ(isqrt128(sq), r);
    EXPECT_EQ(isqrt128(sq - 1), r - 1);
    if (r < kMaxU64) {
      EXPECT_EQ(isqrt128(sq + 2 * u128{r}), r);  // (r + 1)^2 - 1
    }
  }
  EXPECT_EQ(isqrt128(~u128{0}), kMaxU64);
  for (const std::uint64_t r :
       {1ull, 2ull, 2642245ull, 2642246ull, 1000000000ull, 6981463658331ull}) {
    const u128 cube = u128{r} * r * r;
    EXPECT_EQ(icbrt128(cube), r);
    EXPECT_EQ(icbrt128(cube - 1), r - 1);
    EXPECT_EQ(icbrt128(cube + 1), r);
  }
  EXPECT_EQ(icbrt128(~u128{0}), 6981463658331ull);  // 2^128 - 1 < 6981463658332^3
  EXPECT_EQ(icbrt128(0), 0u);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10000; ++i) {
    const u128 n = (u128{rng()} << 64 | rng()) >> (rng() % 128);
    const u128 s = isqrt128(n);
    ASSERT_TRUE(s * s <= n && (s + 1) * (s + 1) > n) << to_decimal(n);
    const u128 c = icbrt128(n);
    ASSERT_TRUE(c * c * c <= n && (c + 1) * (c + 1) * (c + 1) > n) << to_decimal(n);
  }
}

TEST(Pmath128, WidenKeepsTheSignAndSaturatedQuotientsStopAt2e64) {
  EXPECT_TRUE(widen(5) == 5);
  EXPECT_TRUE(widen(0 - std::uint64_t{5}) == ~u128{0} - 4);  // -5 modulo 2^128
  EXPECT_TRUE(u128{100} + widen(0 - std::uint64_t{30}) == 70);
  EXPECT_EQ(saturated_quotient(u128{1} << 64, 2), 1ull << 63);
  EXPECT_EQ(saturated_quotient(u128{1} << 64, 1), kMaxU64);
  EXPECT_EQ(saturated_quotient(~u128{0}, 3), kMaxU64);
  EXPECT_EQ(saturated_quotient(u128{kMaxU64}, 1), kMaxU64);
}

}  // namespace
}  // namespace primes
