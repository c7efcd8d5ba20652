// The screen of big sieving primes keeps exactly those with a multiple in [low, low + len], at
// every instruction-set level this CPU has: against the remainder taken by integer division,
// where the quotient of doubles is least exact (low near 2^64, p near 2^13), at both ends of
// the window (the multiple at low, at low + len, one past it) and in every lane of a vector.
#include "sieve/rare_multiples.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "cpu_dispatch.hpp"
#include "support/simd_levels.hpp"

namespace primes::sieve {
namespace {

constexpr std::uint64_t kMax = ~std::uint64_t{0};

std::vector<std::uint32_t> by_division(const std::vector<std::uint32_t>& primes, std::uint64_t low,
                                       std::uint64_t len) {
  std::vector<std::uint32_t> kept;
  for (const std::uint32_t p : primes) {
    const std::uint64_t r = low % p;
    if (r == 0 || p - r <= len) kept.push_back(p);
  }
  return kept;
}

std::vector<std::uint32_t> screened(const std::vector<std::uint32_t>& primes, std::uint64_t low,
                                    std::uint64_t len) {
  std::vector<std::uint32_t> out(primes.size() + 1);
  out.resize(keep_primes_with_a_multiple(primes, low, len, out.data()));
  return out;
}

using RareMultiples = test::SimdLevelTest;

TEST_F(RareMultiples, EveryLevelKeepsThePrimesWhoseMultipleFallsInTheWindow) {
  std::mt19937_64 random(20261204);
  std::vector<std::uint64_t> lows = {0,
                                     1,
                                     kRareMultiplesMin,
                                     1000000007,
                                     1ull << 32,
                                     1ull << 52,
                                     (1ull << 53) + 1,
                                     1ull << 63,
                                     kMax - 4000,
                                     kMax - 1,
                                     kMax};
  for (int i = 0; i < 12; ++i)
    lows.push_back(random() >> (random() % 40));
  for (Simd level : test::supported_simd_levels()) {
    force_simd(level);
    for (const std::uint64_t low : lows) {
      // Numbers from both ends of the allowed span, and 37 of them: every lane, and a tail.
      std::vector<std::uint32_t> primes;
      for (std::uint32_t p = kRareMultiplesMin; primes.size() < 20; ++p)
        primes.push_back(p);
      for (std::uint32_t p = ~std::uint32_t{0}; primes.size() < 30; --p)
        primes.push_back(p);
      while (primes.size() < 37)
        primes.push_back(static_cast<std::uint32_t>(kRareMultiplesMin + random() % (1ull << 31)));
      for (const std::uint64_t len : {std::uint64_t{0}, std::uint64_t{29}, std::uint64_t{2000}}) {
        const std::vector<std::uint32_t> expected = by_division(primes, low, len);
        EXPECT_EQ(screened(primes, low, len), expected)
            << to_string(level) << " low " << low << " len " << len;
      }
    }
  }
}

TEST_F(RareMultiples, AMultipleAtEitherEndOfTheWindowCountsAndOnePastItDoesNot) {
  std::mt19937_64 random(7);
  for (Simd level : test::supported_simd_levels()) {
    force_simd(level);
    for (int trial = 0; trial < 200; ++trial) {
      const std::uint32_t p = static_cast<std::uint32_t>(
          kRareMultiplesMin + random() % ((1ull << 32) - kRareMultiplesMin));
      const std::uint64_t len = random() % (p / 4);
      // m, a multiple of p, anywhere up to the last one below 2^64.
      const std::uint64_t m = (random() % (kMax / p)) * p + p;
      const std::vector<std::uint32_t> one(9, p);  // a full vector and a tail, all p
      EXPECT_EQ(screened(one, m, len).size(), 9u) << to_string(level) << " at low " << m;
      EXPECT_EQ(screened(one, m - len, len).size(), 9u) << to_string(level) << " at the end";
      if (len + 1 < p) {
        EXPECT_EQ(screened(one, m - len - 1, len).size(), 0u)
            << to_string(level) << " one past " << m << " len " << len;
      }
      if (m < kMax) {
        EXPECT_EQ(screened(one, m + 1, len).size(), p - 1 <= len ? 9u : 0u)
            << to_string(level) << " just after " << m;
      }
    }
  }
}

}  // namespace
}  // namespace primes::sieve
