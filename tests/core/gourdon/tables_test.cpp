// Tests of the Gourdon plan's small parts against plain arithmetic: the table of pi(v) for v up
// to y against a count of the primes, and the codes of the m against trial division.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "gourdon/gourdon_impl.hpp"

namespace primes::gourdon {
namespace {

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
  const SmallPi pi(primes, limit);
  std::uint64_t want = 0;
  for (std::uint64_t v = 0; v <= limit; ++v) {
    if (v >= 2 && !composite[v]) ++want;
    ASSERT_EQ(pi(v), want) << v;
  }
}

// The code of m by the definition in gourdon_impl.hpp, from trial division.
std::uint16_t code_by_trial(std::uint64_t m, std::uint64_t y) {
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
    if (least == 0) return FactorCodes::kPrimeCode;
    ++factors;
  }
  return static_cast<std::uint16_t>(factors % 2 == 1 ? least : least - 1);
}

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
  const FactorCodes codes(z, y, primes);
  ASSERT_EQ(codes.size(), FactorCodes::index(z) + 1);
  std::uint64_t i = 0;
  for (std::uint64_t m = 1; m <= z; ++m) {
    const bool coprime = m % 2 && m % 3 && m % 5 && m % 7 && m % 11 && m % 13;
    if (!coprime) continue;
    ASSERT_EQ(FactorCodes::index(m), i) << m;
    ASSERT_EQ(FactorCodes::number(i), m) << i;
    ASSERT_EQ(codes.codes()[i], code_by_trial(m, y)) << m;
    ++i;
  }
  EXPECT_EQ(FactorCodes::index(30030), 5759u) << "the largest coprime number <= 30030 is 30029";
  EXPECT_EQ(FactorCodes::index(30031), 5760u);
}

}  // namespace
}  // namespace primes::gourdon
