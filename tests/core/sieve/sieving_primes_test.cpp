// The generator of sieving primes hands out every prime in (163, limit] in order, exactly once,
// whatever the geometry: its batches (a few words of a segment at a time) then end inside
// segments, at segment ends and at the limit. Checked against an independent odd-only sieve.
#include "sieve/sieving_primes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "sieve/presieve.hpp"
#include "support/oracle.hpp"
#include "support/sanitizer.hpp"

namespace primes::sieve {
namespace {

// Primes in (PreSieve::kMaxPrime, limit] by a plain sieve of the odd numbers.
std::vector<std::uint64_t> expected_primes(std::uint64_t limit) {
  std::vector<bool> composite(limit / 2 + 1, false);
  std::vector<std::uint64_t> primes;
  for (std::uint64_t n = 3; n <= limit; n += 2) {
    if (composite[n / 2]) continue;
    if (n > PreSieve::kMaxPrime) primes.push_back(n);
    for (std::uint64_t m = n * n; m <= limit; m += 2 * n)
      composite[m / 2] = true;
  }
  return primes;
}

std::vector<std::uint64_t> generated(SievingPrimes& gen, std::uint64_t limit) {
  gen.reset(limit);
  std::vector<std::uint64_t> primes;
  // Taken unevenly: a few primes, then the rest of a batch.
  for (std::size_t round = 0;; ++round) {
    const std::span<const std::uint32_t> batch = gen.batch();
    if (batch.empty()) break;
    const std::size_t n = round % 2 == 0 ? std::min<std::size_t>(batch.size(), 3) : batch.size();
    primes.insert(primes.end(), batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(n));
    gen.consume(n);
  }
  return primes;
}

TEST(SievingPrimes, TinyPrimesAreThePrimesFrom167To2To16) {
  const auto tiny = SievingPrimes::tiny_primes();
  const std::vector<std::uint64_t> expected = expected_primes(65535);
  ASSERT_EQ(tiny.size(), expected.size());
  for (std::size_t i = 0; i < tiny.size(); ++i)
    ASSERT_EQ(tiny[i], expected[i]) << i;
  EXPECT_EQ(tiny.front(), 167u);
  EXPECT_EQ(tiny.back(), 65521u);
}

TEST(SievingPrimes, EveryPrimeUpToTheLimitOnceAndInOrder) {
  const std::vector<std::uint64_t> limits = {
      0, 1, 162, 163, 166, 167, 168, 1000, 65521, 65536, 1 << 20, 1000003, 3'000'017, 5'000'000};
  const std::vector<std::uint64_t> all = expected_primes(limits.back());
  // Small geometries: many segments, each a few batches; the machine's: one long segment.
  for (const Geometry& g : {Geometry{256, 128}, Geometry{1024, 256}, Geometry{1 << 14, 1 << 12},
                            Geometry{1 << 20, 1 << 15}}) {
    SievingPrimes gen(g);  // reused across limits, as a kernel reuses it across chunks
    for (std::uint64_t limit : limits) {
      std::vector<std::uint64_t> expected;
      for (std::uint64_t p : all) {
        if (p > limit) break;
        expected.push_back(p);
      }
      EXPECT_EQ(generated(gen, limit), expected)
          << "limit " << limit << ", segment " << g.segment_bytes << ", block " << g.block_bytes;
    }
  }
}

TEST(SievingPrimes, CountUpTo2To32MinusOneMatchesPi) {
  // The whole stream a count near 2^64 takes: pi(2^32) = 203280221, minus the 38 primes <= 163.
  PRIMES_SKIP_UNDER_SANITIZERS("26 s under ASan; the counts near 2^64 take this stream there");
  SievingPrimes gen(Geometry{1 << 20, 1 << 15});
  gen.reset(4294967295u);
  std::uint64_t count = 0;
  std::uint64_t last = 0;
  for (std::span<const std::uint32_t> batch = gen.batch(); !batch.empty(); batch = gen.batch()) {
    for (std::uint64_t p : batch) {
      ASSERT_GT(p, last);
      last = p;
    }
    count += batch.size();
    gen.consume(batch.size());
  }
  EXPECT_EQ(count, test::independent_count(Range{0, 4294967295u}) - 38);
  EXPECT_EQ(last, 4294967291u);
}

}  // namespace
}  // namespace primes::sieve
