// Tests of pi(x) by Gourdon's method: known values of pi(10^k) and pi(2^k), every small x
// against the sieve, random x against the Lagarias-Miller-Odlyzko kernel (an independent
// implementation) and next to squares and cubes of primes, every tuning (y, z, segments), and
// the pieces joined in any order, through the job model's values too.
#include "primes/gourdon.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include "cpu_dispatch.hpp"
#include "primes/gourdon_job.hpp"
#include "primes/host.hpp"
#include "primes/primality.hpp"
#include "primes/prime_pi.hpp"
#include "primes/sieve_kernel.hpp"
#include "support/known_pi.hpp"
#include "support/oracle.hpp"
#include "support/sanitizer.hpp"

namespace primes {
namespace {

using test::kPiPow10;
using test::kPiPow2;
using test::pow10;

TEST(Gourdon, KnownPowersOfTenAndTwo) {
  const int top = test::kAnySanitizer ? 13 : 14;
  for (int k = 7; k <= top; ++k)
    EXPECT_EQ(gourdon_pi(pow10(k)), kPiPow10[k]) << "10^" << k;
  for (int k : {32, 40})
    EXPECT_EQ(gourdon_pi(std::uint64_t{1} << k), kPiPow2[k]) << "2^" << k;
}

TEST(Gourdon, SmallXAndTheEdgesOfTheDirectCount) {
  SieveKernel sieve;
  for (std::uint64_t x : {0ull, 1ull, 2ull, 3ull, 100ull, 9999999ull, 10000000ull, 10000001ull,
                          10000019ull, 12345678ull}) {
    EXPECT_EQ(gourdon_pi(x), sieve.count({0, x})) << x;
  }
}

TEST(Gourdon, EveryInstructionSetGivesTheSameCounts) {
  // The pieces are compiled for any x86-64 and with POPCNT; with AVX-512 (F, DQ, VPOPCNTDQ) the
  // easy leaves are counted eight at a time, unless a lower level was chosen.
  const Simd before = simd_level();
  std::mt19937_64 rng(20261203);
  std::vector<std::uint64_t> xs = {1000000000000ull, 1ull << 40, 10000000000000ull};
  for (int i = 0; i < 150; ++i)
    xs.push_back(10000000 + rng() % 100000000000ull);
  std::vector<u128> expected;
  force_simd(Simd::baseline);
  EXPECT_FALSE(wide_counting());
  for (const std::uint64_t x : xs)
    expected.push_back(gourdon_pi(x));
  EXPECT_EQ(expected[0], 37607912018ull);
  for (const Simd level : {Simd::avx2, Simd::avx512}) {
    if (!simd_supported(level)) continue;
    force_simd(level);
    if (level == Simd::avx2) {
      EXPECT_FALSE(wide_counting());
    }
    for (std::size_t i = 0; i < xs.size(); ++i)
      EXPECT_EQ(gourdon_pi(xs[i]), expected[i]) << to_string(level) << " x = " << xs[i];
  }
  // The wide tables' 64-bit divisors and 32-bit codes at every level.
  GourdonTuning tables;
  tables.wide_tables = true;
  for (const Simd level : {Simd::baseline, Simd::avx2, Simd::avx512}) {
    if (!simd_supported(level)) continue;
    force_simd(level);
    for (std::size_t i = 0; i < 20; ++i)
      EXPECT_TRUE(gourdon_pi(xs[i], tables) == expected[i]) << to_string(level) << " " << xs[i];
  }
  force_simd(before);
}

TEST(Gourdon, RandomXAgainstLmo) {
  std::mt19937_64 rng(2026);
  const int n = test::kAnySanitizer ? 40 : 400;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t x = 10000000 + rng() % (i % 4 == 0 ? 1000000000000ull : 10000000000ull);
    ASSERT_EQ(gourdon_pi(x), prime_pi(x)) << x;
  }
}

// `n` random x, uniform below `top` (and the numbers next to 2^32 and to a few squares and
// cubes of primes below it), sorted.
std::vector<std::uint64_t> random_sorted(std::uint64_t seed, std::size_t n, std::uint64_t top) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> xs;
  for (std::size_t i = 0; i < n; ++i)
    xs.push_back(rng() % top);
  for (const std::uint64_t p : {9973ull, 999983ull, 1000003ull, 65537ull}) {
    for (const std::uint64_t c : {p * p, p * p * p, std::uint64_t{1} << 32}) {
      if (c + 1 < top) xs.insert(xs.end(), {c - 1, c, c + 1});
    }
  }
  std::sort(xs.begin(), xs.end());
  return xs;
}

TEST(Gourdon, TenThousandRandomXBelow1e10AgainstTheSieve) {
  const std::vector<std::uint64_t> xs = random_sorted(10, test::kAnySanitizer ? 500 : 10000, 1e10);
  const std::vector<std::uint64_t> want = test::pi_by_sieve(xs);
  for (std::size_t i = 0; i < xs.size(); ++i)
    ASSERT_EQ(gourdon_pi(xs[i]), want[i]) << xs[i];
}

TEST(Gourdon, RandomXBelow1e14AgainstPrimecount) {
  if (!test::primecount_pi(1000)) GTEST_SKIP() << "primecount is not installed";
  std::mt19937_64 rng(14);
  const std::uint64_t top = test::kAnySanitizer ? 100000000000ull : 100000000000000ull;
  for (int i = 0; i < (test::kAnySanitizer ? 8 : 40); ++i) {
    // Log-uniform from 10^8: every size of plan, not only the largest.
    const double e = 8 + static_cast<double>(rng() % 1000) / 1000 * (std::log10(top) - 8);
    const auto x = std::min(top, static_cast<std::uint64_t>(std::pow(10.0, e)) + rng() % 1000);
    ASSERT_EQ(gourdon_pi(x), test::primecount_pi(x)) << x;
  }
}

TEST(Gourdon, NextToSquaresAndCubesOfPrimes) {
  // Around p^2, p^3 and p^4 the leaves change class (trivial, easy, hard) and the bounds of
  // every sum are reached exactly.
  const std::uint64_t primes[] = {211, 1009, 4099, 10007, 65521, 1000003};
  for (std::uint64_t p : primes) {
    for (std::uint64_t e : {2u, 3u, 4u}) {
      std::uint64_t v = 1;
      for (std::uint64_t i = 0; i < e; ++i)
        v *= p;
      if (v < 10000000 || v > 1000000000000000ull) continue;
      if (v > 10000000000000ull && test::kAnySanitizer) continue;
      for (std::uint64_t x : {v - 1, v, v + 1}) {
        EXPECT_EQ(gourdon_pi(x), prime_pi(x)) << p << "^" << e << " " << x;
      }
    }
  }
}

TEST(Gourdon, EveryTuningGivesTheSameCount) {
  for (const std::uint64_t x : {123456789012ull, 100000000000ull, 20000000ull}) {
    const std::uint64_t want = prime_pi(x);
    for (double ay : {1.0, 2.0, 5.0, 30.0}) {
      for (double az : {1.0, 2.0, 4.0, 16.0}) {
        for (std::uint64_t bits : {64ull, 1024ull, 1ull << 16}) {
          GourdonTuning t;
          t.alpha_y = ay;
          t.alpha_z = az;
          t.segment_bits = bits;
          ASSERT_EQ(gourdon_pi(x, t), want)
              << x << " ay " << ay << " az " << az << " bits " << bits;
        }
      }
    }
  }
}

// The 128-bit code (x past 2^64) and the wide tables (64-bit primes and 32-bit codes, past
// about 3.7e28) forced on x that fit 64 bits: the same count as the 64-bit code, for every x from
// where the method can first be planned (1000) to 10^6 (each counted by the plan, not
// directly), and for random x up to 10^15.
GourdonTuning planned_from_1000(bool wide, bool wide_tables = false) {
  GourdonTuning t;
  t.wide = wide;
  t.wide_tables = wide_tables;
  t.direct_below = 1000;
  return t;
}

TEST(Gourdon, The128BitCodeAndTheWideTablesCountEveryXTo1e6AsThe64BitCode) {
  // (Under sanitizers a plan costs 0.6 ms, their allocator maps and unmaps its buffers: to 6000.)
  const std::uint64_t top = test::kAnySanitizer ? 6000 : 1000000;
  keep_freed_memory();  // as the programs do: a million plans, each a few sieves' buffers
  SieveKernel sieve;
  std::uint64_t pi = sieve.count({0, 999});
  const GourdonTuning narrow = planned_from_1000(false);
  const GourdonTuning wide = planned_from_1000(true);
  const GourdonTuning tables = planned_from_1000(false, true);
  ASSERT_GT(gourdon_parameters(1000, narrow).y, 0u) << "planned, not counted directly";
  ASSERT_TRUE(gourdon_parameters(1000, wide).wide);
  ASSERT_FALSE(gourdon_parameters(1000, wide).wide_tables);
  ASSERT_FALSE(gourdon_parameters(1000, narrow).wide);
  ASSERT_TRUE(gourdon_parameters(1000, tables).wide &&
              gourdon_parameters(1000, tables).wide_tables);
  for (std::uint64_t x = 1000; x <= top; ++x) {
    if (is_prime(x)) ++pi;
    const u128 a = gourdon_pi(x, narrow);
    const u128 b = gourdon_pi(x, wide);
    const u128 c = gourdon_pi(x, tables);
    ASSERT_TRUE(a == pi && b == pi && c == pi) << x;
  }
}

TEST(Gourdon, The128BitCodeAndTheWideTablesCountRandomXTo1e15AsThe64BitCode) {
  std::mt19937_64 rng(26);
  const int tries = test::kAnySanitizer ? 6 : 40;
  for (int i = 0; i < tries; ++i) {
    // x spread over the orders of magnitude 10^6 .. 10^15 (10^13 under sanitizers).
    const int digits = 6 + static_cast<int>(rng() % (test::kAnySanitizer ? 7 : 9));
    const std::uint64_t x = pow10(digits) + rng() % (9 * pow10(digits));
    GourdonTuning wide;
    wide.wide = true;
    GourdonTuning tables;
    tables.wide_tables = true;
    const u128 a = gourdon_pi(x);
    ASSERT_TRUE(a == gourdon_pi(x, wide)) << x;
    ASSERT_TRUE(a == gourdon_pi(x, tables)) << x;
    ASSERT_GE(Gourdon(x, tables).table_bytes(), Gourdon(x).table_bytes()) << x;
    if (x < 100000000000ull) {
      ASSERT_TRUE(a == prime_pi(x)) << x;
    }
  }
}

TEST(Gourdon, ParametersKeepTheMethodsBounds) {
  for (std::uint64_t x : {10000000ull, 1ull << 40, 1000000000000000000ull, ~0ull}) {
    const GourdonParameters p = gourdon_parameters(x);
    EXPECT_GT(u128{p.y} * p.y * p.y, u128{x}) << x;  // y > x^(1/3)
    EXPECT_LT(p.z, p.sqrt_x) << x;
    EXPECT_GE(p.z, p.y) << x;
    EXPECT_EQ(p.pi_limit, x / p.y);
    EXPECT_EQ(p.hard_limit, x / p.z);
  }
  EXPECT_EQ(gourdon_parameters(9999999).y, 0u) << "counted directly";
}

// Past about 3.7e28, y > x / 2^63 passes 2^32 (and y > x^(1/3) does past 8e28): the wide
// tables, with y and z the least the method allows; up to kGourdonMax = 10^30.
TEST(Gourdon, PastTheNarrowTablesYKeepsThePiecesBelow2To63) {
  const u128 e28 = u128{pow10(14)} * pow10(14);
  EXPECT_FALSE(gourdon_parameters(e28).wide_tables) << "10^28: y and z below 2^32";
  EXPECT_LT(gourdon_parameters(e28).z, std::uint64_t{1} << 32);
  for (const u128 x : {4 * e28, 10 * e28, 100 * e28, kGourdonMax}) {
    const GourdonParameters p = gourdon_parameters(x);
    EXPECT_TRUE(p.wide && p.wide_tables);
    EXPECT_GT(u128{p.y} * p.y * p.y, x);       // y > x^(1/3)
    EXPECT_LT(x / p.y, u128{1} << 63);         // the pieces' numbers below 2^63
    EXPECT_LT(u128{p.sqrt_x}, u128{1} << 50);  // u below sqrt(x): quotients from doubles
    EXPECT_GE(p.z, p.y);
    EXPECT_LT(p.z, p.sqrt_x);
    EXPECT_TRUE(p.pi_limit == x / p.y && p.hard_limit == x / p.z);
    EXPECT_GT(p.y, std::uint64_t{1} << 32);
  }
  // 10^30: 4.4e9 primes up to y = 1.08e11 (16 bytes each), pi up to y and a 32-bit code per
  // number coprime to 30030 up to z: about 160 GiB of tables.
  const GourdonMemory m = gourdon_memory_parts(kGourdonMax);
  EXPECT_GT(m.tables, std::uint64_t{140} << 30);
  EXPECT_LT(m.tables, std::uint64_t{200} << 30);
  EXPECT_THROW(gourdon_parameters(kGourdonMax + 1), std::invalid_argument);
}

// A pi piece wider than pi_span is sieved in spans and joined inside count_pi: the same sum,
// weight and primes as the piece sieved whole, below and above sqrt(x), on spans of any width.
TEST(Gourdon, APiPieceCountedInSpansEqualsThePieceCountedWhole) {
  std::mt19937_64 rng(30);
  for (const std::uint64_t x : {1000000000000ull, 98765432109877ull}) {
    const Gourdon whole(x);
    const GourdonParameters& p = whole.parameters();
    for (const std::uint64_t span : {1000ull, 4097ull, 65536ull}) {
      GourdonTuning t;
      t.pi_span = span;
      const Gourdon spans(x, t);
      ASSERT_EQ(spans.parameters().pi_span, span);
      for (int i = 0; i < 6; ++i) {
        // Pieces of 1 to 300000 numbers, below sqrt(x), across none of it, and above it.
        const std::uint64_t width = 1 + rng() % 300000;
        const std::uint64_t lo = i < 3 ? rng() % (p.sqrt_x - width)
                                       : p.sqrt_x + 1 + rng() % (p.pi_limit - p.sqrt_x - width);
        const GourdonPiece a = whole.count_pi(lo, lo + width);
        const GourdonPiece b = spans.count_pi(lo, lo + width);
        EXPECT_TRUE(a.sum == b.sum && a.weight == b.weight && a.primes == b.primes && !b.hard &&
                    b.lo == lo && b.hi == lo + width)
            << x << " [" << lo << ", " << lo + width << ") span " << span;
      }
    }
    GourdonTuning t;
    t.pi_span = 77777;
    EXPECT_TRUE(gourdon_pi(x, t) == gourdon_pi(x)) << x;
  }
}

// The pieces of pi(x) stay a few hundred thousand at most, however large x: past 10^22 and
// 10^24 the P2 and easy pieces grow wider instead of more numerous (each sieved in spans).
TEST(GourdonJob, ThePiecesOfAnyXUpTo1e30StayFewerThanAMillion) {
  const u128 e24 = u128{pow10(12)} * pow10(12);
  for (const u128 x : {e24, e24 * 10000, kGourdonMax}) {
    const GourdonLayout layout(
        Range{0, static_cast<std::uint64_t>(x), static_cast<std::uint64_t>(x >> 64)});
    EXPECT_LT(layout.chunks(), 1000000u) << to_decimal(x);
    EXPECT_GT(layout.chunks(), 10000u) << to_decimal(x);
  }
}

// pi(x) from pieces cut at the given points (each list sorted, inside its kind's span).
u128 count_cut(const Gourdon& plan, const std::vector<std::uint64_t>& pi_cuts,
               const std::vector<std::uint64_t>& hard_cuts) {
  const GourdonParameters& p = plan.parameters();
  GourdonSum sum(plan);
  std::uint64_t lo = 0;
  for (std::size_t i = 0; i <= pi_cuts.size(); ++i) {
    const std::uint64_t hi = i < pi_cuts.size() ? pi_cuts[i] : p.pi_limit + 1;
    if (hi > lo) sum.add(plan.count_pi(lo, hi));
    lo = std::max(lo, hi);
  }
  lo = 1;
  for (std::size_t i = 0; i <= hard_cuts.size(); ++i) {
    const std::uint64_t hi = i < hard_cuts.size() ? hard_cuts[i] : p.hard_limit + 1;
    if (hi > lo) sum.add(plan.count_hard(lo, hi));
    lo = std::max(lo, hi);
  }
  return sum.complete() ? sum.value() : 0;
}

TEST(Gourdon, PiecesMayStartOnAnyNumberALeafAsksAbout) {
  // A pi piece may start on the very number x / (p q) or x / p a leaf asks pi of, and that
  // number may be a multiple of 30 (below the first odd number a piece's bit table holds).
  const std::uint64_t x = 1000000000000ull;
  const Gourdon plan(x);
  const GourdonParameters& p = plan.parameters();
  std::vector<std::uint64_t> primes;
  std::vector<bool> composite(p.sqrt_x + 1);
  for (std::uint64_t n = 2; n <= p.sqrt_x; ++n) {
    if (composite[n]) continue;
    primes.push_back(n);
    for (std::uint64_t m = n * n; m <= p.sqrt_x; m += n)
      composite[m] = true;
  }
  std::vector<std::uint64_t> thirty, other;
  for (std::size_t i = 6; i < primes.size(); ++i) {
    const std::uint64_t v = x / primes[i];
    if (v <= p.pi_limit) (v % 30 == 0 ? thirty : other).push_back(v);
    for (std::size_t j = i + 1; j < primes.size(); ++j) {
      const std::uint64_t w = x / (primes[i] * primes[j]);
      if (w <= primes[j]) break;
      if (w <= p.pi_limit) (w % 30 == 0 ? thirty : other).push_back(w);
    }
  }
  ASSERT_GT(thirty.size(), 20u);
  std::mt19937_64 rng(30);
  std::shuffle(thirty.begin(), thirty.end(), rng);
  std::shuffle(other.begin(), other.end(), rng);
  std::vector<std::uint64_t> cuts(thirty.begin(), thirty.begin() + 20);
  cuts.insert(cuts.end(), other.begin(), other.begin() + 20);
  cuts.push_back(p.sqrt_x + 1);  // where P2's closed part is added
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::uint64_t> hard_cuts;
  for (int i = 0; i < 20; ++i)
    hard_cuts.push_back(1 + rng() % p.hard_limit);
  for (std::uint64_t c : {30ull, 31ull, 64ull, 65ull})
    hard_cuts.push_back(c);
  std::sort(hard_cuts.begin(), hard_cuts.end());
  EXPECT_EQ(count_cut(plan, cuts, hard_cuts), 37607912018ull);
}

// The job model: the pieces of [FIRST, LAST] counted in a shuffled order and joined.
u128 count_shuffled(Range range, std::uint64_t seed) {
  const GourdonLayout layout(range);
  std::unique_ptr<Kernel> kernel = make_gourdon_kernel(range);
  std::vector<std::uint64_t> order(layout.chunks());
  for (std::uint64_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  GourdonJoin join(range);
  for (const std::uint64_t i : order) {
    EXPECT_FALSE(join.count().has_value()) << "no count before every piece is in";
    join.add(i, kernel->chunk_value(kernel->count({i, i})));
  }
  return join.count().value_or(0);
}

TEST(GourdonJob, PiecesJoinedInAnyOrderGiveTheCount) {
  const Range ranges[] = {{0, 100000000000ull}, {12345678901ull, 98765432109ull}, {5, 20000000}};
  for (const Range r : ranges) {
    const std::uint64_t want = prime_pi(r.last) - (r.first > 0 ? prime_pi(r.first - 1) : 0);
    for (std::uint64_t seed : {1u, 2u})
      EXPECT_EQ(count_shuffled(r, seed), want) << r.first << ".." << r.last;
  }
  EXPECT_EQ(count_shuffled({0, 1000}, 1), 168u) << "a target counted directly";
}

TEST(GourdonJob, AValueOfAnotherPieceOrOneThatComesTwiceIsRefused) {
  const Range range{0, 10000000000ull};
  const GourdonLayout layout(range);
  ASSERT_GT(layout.chunks(), 3u);
  std::unique_ptr<Kernel> kernel = make_gourdon_kernel(range);
  kernel->count({1, 1});
  const ChunkValue value = kernel->chunk_value(0);
  GourdonJoin join(range);
  EXPECT_THROW(join.add(2, value), std::runtime_error);
  join.add(1, value);
  EXPECT_THROW(join.add(1, value), std::runtime_error);
  ChunkValue cut = value;
  cut.pop_back();
  GourdonJoin other(range);
  EXPECT_THROW(other.add(1, cut), std::runtime_error);
  EXPECT_FALSE(decode_gourdon_piece({}).has_value());
  EXPECT_THROW(kernel->count({0, 1}), std::invalid_argument) << "a chunk is one piece";
}

TEST(GourdonJob, KernelsOfOneRangeShareTheirPlans) {
  const Range range{0, 1000000000000ull};
  auto a = make_gourdon_kernel(range);
  auto b = make_gourdon_kernel(range);
  const std::uint64_t last = GourdonLayout(range).chunks() - 1;
  a->count({last, last});
  b->count({last, last});
  EXPECT_EQ(a->chunk_value(0), b->chunk_value(0));
}

// --double-check: every piece of both tunings counted and joined; `off_by_one` (if given) is a
// piece whose partial sum is made one too large, as a fault would.
std::unique_ptr<GourdonJoin> join_double_checked(Range range,
                                                 std::optional<std::uint64_t> off_by_one = {}) {
  const GourdonLayout layout(range, true);
  std::unique_ptr<Kernel> kernel = make_gourdon_kernel(range, true);
  auto join = std::make_unique<GourdonJoin>(range, true);
  for (std::uint64_t i = 0; i < layout.chunks(); ++i) {
    ChunkValue value = kernel->chunk_value(kernel->count({i, i}));
    if (off_by_one == i) value.at(value.size() == 4 ? 2 : 9) += 1;  // base, or the piece's sum
    join->add(i, value);
  }
  return join;
}

TEST(GourdonJob, ADoubleCheckCountsEachTargetAgainUnderOtherParametersAndAgrees) {
  const Range ranges[] = {{0, 100000000000ull}, {12345678901ull, 98765432109ull}};
  for (const Range r : ranges) {
    const GourdonLayout once(r);
    const GourdonLayout twice(r, true);
    ASSERT_EQ(twice.sets(), 2u);
    ASSERT_EQ(twice.targets(), 2 * once.targets());
    EXPECT_GT(twice.chunks(), once.chunks());
    for (std::uint64_t t = 0; t < once.targets(); ++t) {
      const std::uint64_t second = t + twice.targets_per_set();
      EXPECT_EQ(twice.x(second), once.x(t));
      const GourdonParameters a = gourdon_parameters(once.x(t), twice.tuning(t));
      const GourdonParameters b = gourdon_parameters(once.x(t), twice.tuning(second));
      EXPECT_NE(a.y, b.y) << "another y";
      EXPECT_NE(a.z, b.z) << "another z";
    }
    const std::unique_ptr<GourdonJoin> join = join_double_checked(r);
    EXPECT_EQ(join->count(), prime_pi(r.last) - (r.first > 0 ? prime_pi(r.first - 1) : 0));
    EXPECT_FALSE(join->disagreement().has_value()) << *join->disagreement();
  }
}

TEST(GourdonJob, ADoubleCheckWhoseCountsDifferSaysSoWithBoth) {
  const Range range{0, 10000000000ull};
  const std::uint64_t want = 455052511;
  const std::uint64_t first_set = GourdonLayout(range).chunks();
  for (const std::uint64_t faulty : {std::uint64_t{0}, first_set, first_set + 3}) {
    const std::unique_ptr<GourdonJoin> join = join_double_checked(range, faulty);
    ASSERT_TRUE(join->count().has_value());
    const std::optional<std::string> line = join->disagreement();
    ASSERT_TRUE(line.has_value()) << "piece " << faulty;
    EXPECT_NE(line->find("double check failed"), std::string::npos) << *line;
    EXPECT_NE(line->find(std::to_string(want)), std::string::npos) << *line;
    EXPECT_NE(line->find(std::to_string(faulty < first_set ? want + 1 : want)), std::string::npos)
        << *line;
    EXPECT_EQ(line->find('\n'), std::string::npos) << "one line";
  }
}

// Progress: what a kernel reports for each piece it counts.
class RecordedProgress final : public ProgressSink {
 public:
  void advance(std::uint64_t numbers_done) override { total += numbers_done; }
  u128 total = 0;
};

TEST(GourdonJob, ProgressCountsEachPiecesEstimatedWorkUpToTheJoinsTotal) {
  for (const bool double_check : {false, true}) {
    const Range range{1000, 100000000000ull};
    const GourdonLayout layout(range, double_check);
    const GourdonJoin join(range, double_check);
    const ChunkPlan plan(Range{0, layout.chunks() - 1}, 1);
    std::unique_ptr<Kernel> kernel = make_gourdon_kernel(range, double_check);
    u128 sum = 0;
    std::uint64_t least = ~std::uint64_t{0};
    std::uint64_t most = 0;
    for (std::uint64_t i = 0; i < layout.chunks(); ++i) {
      RecordedProgress progress;
      kernel->count({i, i}, &progress);
      const std::uint64_t work = layout.piece(i).work;
      EXPECT_GE(work, 1u);
      EXPECT_EQ(progress.total, work) << "piece " << i;
      EXPECT_EQ(join.work_of(i, {i, i}), work);
      least = std::min(least, work);
      most = std::max(most, work);
      sum += work;
    }
    EXPECT_EQ(layout.total_work(), sum);
    EXPECT_EQ(join.total_work(plan), sum);
    EXPECT_EQ(join.work_unit(), "") << "an estimate has no unit to show";
    // The pieces' costs differ by orders of magnitude (the first hard pieces have no leaves,
    // those where the leaves crowd have many): the estimate must tell them apart.
    EXPECT_GT(most, 100 * least);
  }
}

TEST(GourdonJob, EachTermCountsTheWorkOfItsOwnPiecesAsTheJoinTakesThem) {
  const Range range{0, test::pow10(11)};
  const GourdonLayout layout(range);
  const std::uint64_t root = gourdon_parameters(range.last).sqrt_x;
  GourdonJoin join(range);
  std::unique_ptr<Kernel> kernel = make_gourdon_kernel(range);
  const auto shares = [&] {
    std::map<std::string, std::pair<u128, u128>> out;
    for (const WorkTerm& t : join.work_by_term())
      out[t.name] = {t.done, t.total};
    return out;
  };
  ASSERT_EQ(shares().size(), 3u);
  u128 totals = 0;
  for (const auto& [name, share] : shares()) {
    EXPECT_EQ(share.first, 0u) << name;
    totals += share.second;
  }
  EXPECT_EQ(totals, layout.total_work());
  // The hard pieces first: only the hard leaves move; then the rest, in the layout's order.
  std::map<std::string, u128> expected;
  for (const bool hard : {true, false}) {
    for (std::uint64_t i = 0; i < layout.chunks(); ++i) {
      const GourdonLayout::Piece piece = layout.piece(i);
      if ((piece.kind == GourdonLayout::Kind::hard) != hard) continue;
      const std::string term = hard ? "hard leaves" : piece.hi <= root + 1 ? "easy leaves" : "P2";
      EXPECT_EQ(piece.term, hard                   ? GourdonLayout::Term::hard_leaves
                            : piece.hi <= root + 1 ? GourdonLayout::Term::easy_leaves
                                                   : GourdonLayout::Term::p2)
          << "piece " << i;
      kernel->count({i, i});
      join.add(i, kernel->chunk_value(0));
      expected[term] += piece.work;
      for (const auto& [name, share] : shares())
        ASSERT_EQ(share.first, expected[name]) << name << " after piece " << i;
    }
    if (hard) {
      EXPECT_EQ(shares()["hard leaves"].first, shares()["hard leaves"].second);
      EXPECT_EQ(shares()["P2"].first, 0u);
    }
  }
  for (const auto& [name, share] : shares())
    EXPECT_EQ(share.first, share.second) << name;
  ASSERT_TRUE(join.count());
  EXPECT_EQ(*join.count(), test::kPiPow10[11]);
}

TEST(GourdonJob, ATargetCountedDirectlyHasNoTerms) {
  const GourdonJoin join(Range{0, 1000});
  EXPECT_TRUE(join.work_by_term().empty());
}

TEST(GourdonJob, ThePiecesDoNotDependOnTheCpu) {
  // Every rank and every later run must cut the same pieces, whatever its L1 cache: the hard
  // pieces are whole units of a constant, not of this CPU's segment.
  const Range range{0, 1000000000000000ull};
  const GourdonLayout layout(range);
  const GourdonParameters p = gourdon_parameters(range.last);
  std::uint64_t hard = 0;
  for (std::uint64_t i = 0; i < layout.chunks(); ++i) {
    const GourdonLayout::Piece piece = layout.piece(i);
    if (piece.kind != GourdonLayout::Kind::hard) continue;
    ++hard;
    EXPECT_TRUE(piece.lo == 1 || piece.lo % (240 * 512) == 0) << piece.lo;
    EXPECT_TRUE(piece.hi == p.hard_limit + 1 || piece.hi % (240 * 512) == 0) << piece.hi;
  }
  EXPECT_GT(hard, 8u);
}

// Hours on one core: PRIMES_LONG=1 ctest -R GourdonLong.
bool long_tests() {
  return std::getenv("PRIMES_LONG") != nullptr;
}

TEST(GourdonLong, TenThousandRandomXBelow1e12AgainstTheSieve) {
  if (!long_tests()) GTEST_SKIP() << "a sieve to 1e12 (minutes): set PRIMES_LONG=1";
  const std::vector<std::uint64_t> xs = random_sorted(12, 10000, 1000000000000ull);
  const std::vector<std::uint64_t> want = test::pi_by_sieve(xs);
  for (std::size_t i = 0; i < xs.size(); ++i)
    ASSERT_EQ(gourdon_pi(xs[i]), want[i]) << xs[i];
}

TEST(GourdonLong, PowersOfTenTo1e19AndTheTopOf2e64) {
  if (!long_tests()) GTEST_SKIP() << "set PRIMES_LONG=1";
  for (int k = 15; k <= 19; ++k)
    EXPECT_EQ(gourdon_pi(pow10(k)), kPiPow10[k]) << "10^" << k;
  EXPECT_EQ(gourdon_pi(std::uint64_t{1} << 63), kPiPow2[63]) << "2^63";
  EXPECT_EQ(gourdon_pi(~std::uint64_t{0}), kPiPow2[64]) << "2^64 - 1";
}

// Past 2^64, by the 128-bit code: pi(2^64) and pi(2^64 + 1) (274177 x 67280421310721) equal
// pi(2^64 - 1) (OEIS A007053); pi(10^20) = 2220819602560918840 (OEIS A006880). About 25 minutes
// on one core of an Intel Xeon.
TEST(GourdonLong, PastTwoToThe64) {
  if (!long_tests()) GTEST_SKIP() << "set PRIMES_LONG=1";
  const u128 two64 = u128{1} << 64;
  ASSERT_TRUE(gourdon_parameters(two64).wide);
  EXPECT_TRUE(gourdon_pi(two64) == kPiPow2[64]) << "2^64";
  EXPECT_TRUE(gourdon_pi(two64 + 1) == kPiPow2[64]) << "2^64 + 1";
  const u128 e20 = u128{pow10(10)} * pow10(10);
  EXPECT_TRUE(gourdon_pi(e20) == 2220819602560918840ull) << "10^20";
}

// The wide tables where they are needed, y and z past 2^32 (primes past 2^32 in 64 bits, codes
// of the m past 2^32 in 32, pi(v) past its first stretch), forced on x = 10^20 by its alphas:
// the known pi(10^20). About 35 minutes on one core and 7.5 GiB.
TEST(GourdonLong, TheWideTablesPast2To32) {
  if (!long_tests()) GTEST_SKIP() << "set PRIMES_LONG=1";
  GourdonTuning tables;
  tables.wide_tables = true;
  tables.alpha_y = 1000;
  tables.alpha_z = 1;
  const u128 e20 = u128{pow10(10)} * pow10(10);
  const GourdonParameters p = gourdon_parameters(e20, tables);
  ASSERT_TRUE(p.wide_tables);
  ASSERT_GT(p.y, std::uint64_t{1} << 32);
  EXPECT_TRUE(gourdon_pi(e20, tables) == 2220819602560918840ull);
}

}  // namespace
}  // namespace primes
