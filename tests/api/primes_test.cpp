// The library's API (primes/primes.hpp): exact at the edges, the same answer whatever the
// threads, the primes in order, errors as documented.
#include "primes/primes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "primes/primality.hpp"
#include "support/oracle.hpp"

namespace {

constexpr std::uint64_t kTop = std::numeric_limits<std::uint64_t>::max();

std::vector<std::uint64_t> by_trial(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t n = first;; ++n) {
    if (primes::is_prime(n)) out.push_back(n);
    if (n == last) break;
  }
  return out;
}

TEST(Api, CountsAtTheEdgesMatchPrimalityTests) {
  struct Case {
    std::uint64_t first, last;
  } cases[] = {{0, 0},
               {0, 1},
               {0, 2},
               {2, 2},
               {0, 100},
               {4294967296 - 1000, 4294967296 + 1000},
               {kTop - 2000, kTop}};
  for (const Case& c : cases) {
    const auto expected = by_trial(c.first, c.last);
    // (Near 2^64 each thread of each call spends a second making the sieving primes up to 2^32:
    // one thread each.)
    EXPECT_EQ(primes::count_primes(c.first, c.last, 1), expected.size())
        << c.first << ".." << c.last;
    EXPECT_EQ(primes::primes_between(c.first, c.last, 1), expected) << c.first << ".." << c.last;
  }
}

TEST(Api, PiFromZeroAgreesWithTheSieveWhateverTheThreads) {
  const std::vector<std::uint64_t> xs = {1000003, 2'000'000'000, std::uint64_t{1} << 32};
  const std::vector<std::uint64_t> pis = primes::test::pi_by_sieve(xs);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const std::uint64_t x = xs[i];
    const std::uint64_t expected = pis[i];
    EXPECT_EQ(primes::pi(x, 1), expected) << x;
    EXPECT_EQ(primes::pi(x, 2), expected) << x;
    EXPECT_EQ(primes::count_primes(0, x, 0), expected) << x;
  }
}

TEST(Api, ForEachPrimeGivesEveryPrimeOnceInOrderAcrossManyChunks) {
  // 1e8 numbers: six of the walk's chunks, on three threads.
  const std::uint64_t first = 1'000'000'000'000;
  const std::uint64_t last = first + 100'000'000;
  std::uint64_t seen = 0;
  std::uint64_t previous = 0;
  bool ordered = true;
  bool all_prime = true;
  primes::for_each_prime(
      first, last,
      [&](std::uint64_t p) {
        ordered = ordered && p > previous;
        if (seen % 9973 == 0) all_prime = all_prime && primes::is_prime(p);
        previous = p;
        ++seen;
      },
      3);
  EXPECT_TRUE(ordered);
  EXPECT_TRUE(all_prime);
  EXPECT_EQ(seen, primes::count_primes(first, last, 2));
}

TEST(Api, AnExceptionFromTheCallbackStopsTheWalk) {
  std::uint64_t calls = 0;
  EXPECT_THROW(primes::for_each_prime(
                   0, 1'000'000'000,
                   [&](std::uint64_t p) {
                     ++calls;
                     if (p > 1000) throw std::runtime_error("enough");
                   },
                   2),
               std::runtime_error);
  EXPECT_EQ(calls, 169u);  // 168 primes up to 1000, then 1009
}

TEST(Api, AnEmptyRangeIsAnError) {
  EXPECT_THROW(primes::count_primes(10, 9), std::invalid_argument);
  EXPECT_THROW(primes::for_each_prime(10, 9, [](std::uint64_t) {}), std::invalid_argument);
  EXPECT_THROW(primes::primes_between(kTop, 0), std::invalid_argument);
}

}  // namespace
