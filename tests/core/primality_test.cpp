// Tests of the deterministic primality test: against trial division below 10^6 and on random
// 32-bit numbers, against an independent Miller-Rabin (other bases, other arithmetic) on random
// 64-bit numbers, against the sieve on whole ranges, on the numbers that fool weaker tests
// (strong pseudoprimes to the first prime bases, Carmichael numbers, squares and products of
// large primes) and at the edges.
#include "primes/primality.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "primes/sieve_kernel.hpp"
#include "primes/trial_kernel.hpp"
#include "support/oracle.hpp"
#include "support/sanitizer.hpp"

namespace primes {
namespace {

TEST(Primality, AgreesWithTrialDivisionBelowAMillion) {
  for (std::uint64_t n = 0; n < 1000000; ++n)
    ASSERT_EQ(is_prime(n), is_prime_trial(n)) << n;
}

TEST(Primality, AgreesWithTrialDivisionOnRandom32BitNumbers) {
  std::mt19937_64 rng(32);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t n = rng() >> 32;
    ASSERT_EQ(is_prime(n), is_prime_trial(n)) << n;
  }
}

TEST(Primality, AgreesWithAnotherMillerRabinOnRandom64BitNumbers) {
  std::mt19937_64 rng(64);
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t n = rng() | 1;
    ASSERT_EQ(is_prime(n), test::is_prime_miller_rabin(n)) << n;
  }
}

TEST(Primality, CountsWholeRangesAsTheSieveDoes) {
  SieveKernel sieve;
  for (Range r : {Range{0, 2000000}, Range{4294967296 - 300000, 4294967296 + 300000},
                  Range{kMaxU64 - 300000, kMaxU64}}) {
    if (test::kThreadSanitizer && r.last == kMaxU64) continue;  // the sieve needs minutes there
    std::vector<std::uint64_t> numbers;
    for (std::uint64_t n = r.first;; ++n) {
      numbers.push_back(n);
      if (n == r.last) break;
    }
    EXPECT_EQ(count_primes_in(numbers), sieve.count(r)) << r.first;
  }
}

TEST(Primality, StrongPseudoprimesToTheFirstPrimeBasesAreComposite) {
  // The least strong pseudoprimes to all prime bases up to 2, 3, 5, 7, 11, 13, 17, 23 (OEIS
  // A014233), and the least to the bases 2, 7, 61 above 2^32 (Jaeschke).
  for (std::uint64_t n :
       {2047ull, 1373653ull, 25326001ull, 3215031751ull, 2152302898747ull, 3474749660383ull,
        341550071728321ull, 3825123056546413051ull, 4759123141ull}) {
    EXPECT_FALSE(is_prime(n)) << n;
    EXPECT_FALSE(test::is_prime_miller_rabin(n)) << n;
  }
}

TEST(Primality, CarmichaelNumbersAreComposite) {
  for (std::uint64_t n :
       {561ull, 1105ull, 1729ull, 2465ull, 2821ull, 6601ull, 8911ull, 41041ull, 825265ull,
        321197185ull, 5394826801ull, 232250619601ull, 9746347772161ull}) {
    EXPECT_FALSE(is_prime(n)) << n;
  }
}

TEST(Primality, SquaresAndProductsOfLargePrimesAreComposite) {
  const std::uint64_t p = 4294967291;  // the largest prime below 2^32
  const std::uint64_t q = 4294967279;  // the one before
  ASSERT_TRUE(is_prime(p));
  ASSERT_TRUE(is_prime(q));
  EXPECT_FALSE(is_prime(p * p));
  EXPECT_FALSE(is_prime(p * q));
  EXPECT_FALSE(is_prime(q * q));
  EXPECT_FALSE(is_prime(65537ull * 65537ull));
}

TEST(Primality, Edges) {
  EXPECT_FALSE(is_prime(0));
  EXPECT_FALSE(is_prime(1));
  EXPECT_TRUE(is_prime(2));
  EXPECT_TRUE(is_prime(3));
  EXPECT_FALSE(is_prime(4));
  EXPECT_TRUE(is_prime(61));
  EXPECT_TRUE(is_prime(67));
  EXPECT_FALSE(is_prime(67 * 67));
  EXPECT_FALSE(is_prime(4294967296));              // 2^32
  EXPECT_TRUE(is_prime(4294967311));               // the least prime above 2^32
  EXPECT_TRUE(is_prime(18446744073709551557ull));  // the largest prime below 2^64
  EXPECT_FALSE(is_prime(kMaxU64));                 // 3 * 5 * 17 * 257 * 641 * 65537 * 6700417
  EXPECT_FALSE(is_prime(kMaxU64 - 1));
}

TEST(Primality, DuplicatesCountEachTime) {
  const std::vector<std::uint64_t> n = {7, 7, 8, 7, 18446744073709551557ull, 1};
  EXPECT_EQ(count_primes_in(n), 4u);
  EXPECT_EQ(count_primes_in({}), 0u);
}

}  // namespace
}  // namespace primes
