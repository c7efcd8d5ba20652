// Tests of the Gourdon plan's small parts against plain arithmetic: the table of pi(v) for v up
// to y against a count of the primes, and the codes of the m against trial division.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "gourdon/gourdon_impl.hpp"

namespace primes::gourdon {
namespace {

// From 32- and 64-bit primes (the wide tables), with the counts kept from the start of
// stretches of 2^20 words (one stretch here) or of 1 and 8 words (many).
TEST(GourdonSmallPi, CountsThePrimesUpToEveryV) {
  const std::uint64_t limit = 100000;
  std::vector<bool> composite(limit + 1);
  std::vector<std::uint32_t> primes = {0};  // the plan's convention: primes[1] = 2
  for (std::uint64_t n = 2; n <= limit; ++n) {
    if (composite[n]) continue;
    primes.push_back(static_cast<std::uint32_t>(n));
    for (std::uint64_t m = n * n; m <= limit; m += n)
      composite[m] = true;
  }
  const std::vector<std::uint64_t> primes64(primes.begin(), primes.end());
  for (unsigned shift : {20u, 0u, 3u}) {
    const SmallPi pi(primes, limit, shift);
    const SmallPi pi64(primes64, limit, shift);
    std::uint64_t want = 0;
    for (std::uint64_t v = 0; v <= limit; ++v) {
      if (v >= 2 && !composite[v]) ++want;
      ASSERT_EQ(pi(v), want) << v << " shift " << shift;
      ASSERT_EQ(pi64(v), want) << v << " shift " << shift;
    }
  }
}

// The code of m by the definition in gourdon_impl.hpp, from trial division (prime_code: that
// of a prime m).
std::uint64_t code_by_trial(std::uint64_t m, std::uint64_t y, std::uint64_t prime_code) {
  if (m == 1) return 0;
  std::uint64_t rest = m;
  std::uint64_t least = 0;
  int factors = 0;
  for (std::uint64_t d = 2; d * d <= rest; ++d) {
    if (rest % d != 0) continue;
    rest /= d;
    if (rest % d == 0) return 0;  // a square
    if (least == 0) least = d;
    ++factors;
  }
  if (rest > 1) {
    if (rest > y) return 0;
    if (least == 0) return prime_code;
    ++factors;
  }
  return factors % 2 == 1 ? least : least - 1;
}

// 16-bit codes from 32-bit primes, and 32-bit codes from 64-bit primes (the wide tables).
TEST(GourdonFactorCodes, EveryMAgreesWithTrialDivision) {
  const std::uint64_t y = 20011;
  const std::uint64_t z = 250000;  // below 17 y, as in every plan
  std::vector<std::uint32_t> primes = {0};
  for (std::uint64_t n = 2; n <= y; ++n) {
    bool prime = true;
    for (std::uint64_t d = 2; d * d <= n && prime; ++d)
      prime = n % d != 0;
    if (prime) primes.push_back(static_cast<std::uint32_t>(n));
  }
  const std::vector<std::uint64_t> primes64(primes.begin(), primes.end());
  const FactorCodes codes = FactorCodes::make<std::uint16_t>(z, y, primes);
  const FactorCodes codes32 = FactorCodes::make<std::uint32_t>(z, y, primes64);
  ASSERT_EQ(codes.size(), FactorCodes::index(z) + 1);
  ASSERT_EQ(codes32.size(), FactorCodes::index(z) + 1);
  EXPECT_EQ(codes32.bytes(), 2 * codes.bytes());
  std::uint64_t i = 0;
  for (std::uint64_t m = 1; m <= z; ++m) {
    const bool coprime = m % 2 && m % 3 && m % 5 && m % 7 && m % 11 && m % 13;
    if (!coprime) continue;
    ASSERT_EQ(FactorCodes::index(m), i) << m;
    ASSERT_EQ(FactorCodes::number(i), m) << i;
    ASSERT_EQ(codes.codes<std::uint16_t>()[i], code_by_trial(m, y, 0xFFFF)) << m;
    ASSERT_EQ(codes32.codes<std::uint32_t>()[i], code_by_trial(m, y, 0xFFFFFFFF)) << m;
    ++i;
  }
  EXPECT_EQ(FactorCodes::index(30030), 5759u) << "the largest coprime number <= 30030 is 30029";
  EXPECT_EQ(FactorCodes::index(30031), 5760u);
}

// n / q^2 for primes q on both sides of 2^32 (q^2 past 2^64 with the wide tables), at most
// 2^64 - 1, against 128-bit division.
TEST(GourdonBounds, QuotientBySquareOfAPrimeOnEitherSideOf2To32) {
  std::mt19937_64 rng(32);
  for (const std::uint64_t q : {13ull, 65521ull, 4294967291ull, 4294967311ull, 1099511627791ull}) {
    for (int i = 0; i < 2000; ++i) {
      const int bits = 1 + static_cast<int>(rng() % 100);
      const u128 n = (u128{rng()} << 64 | rng()) >> (128 - bits);
      const u128 want = n / (u128{q} * q);
      const std::uint64_t expected =
          want >> 64 != 0 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(want);
      ASSERT_EQ(bound_quotient_square(n, q), expected) << q;
      if (n >> 64 == 0) {
        ASSERT_EQ(bound_quotient_square(static_cast<std::uint64_t>(n), q), expected) << q;
      }
    }
  }
}

}  // namespace
}  // namespace primes::gourdon
