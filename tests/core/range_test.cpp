// Tests of ChunkPlan: the seed's dividir() and fixed-size chunks, exact cover near 2^64.
#include "primes/range.hpp"

#include <gtest/gtest.h>

#include <random>

namespace primes {
namespace {

// The chunks of a plan are consecutive, non-empty, inside the range, and cover all of it.
void expect_exact_cover(const ChunkPlan& plan) {
  const Range r = plan.range();
  ASSERT_GE(plan.count(), u128{1});
  ASSERT_LE(plan.count(), u128{1} << 20) << "test plans must stay small";
  const auto n = static_cast<std::uint64_t>(plan.count());
  u128 covered = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const Range c = plan.chunk(i);
    ASSERT_LE(c.first, c.last);
    ASSERT_TRUE(r.contains(c.first) && r.contains(c.last));
    if (i == 0) {
      EXPECT_EQ(c.first, r.first);
    } else {
      EXPECT_EQ(c.first, plan.chunk(i - 1).last + 1) << "gap or overlap before chunk " << i;
    }
    if (i + 1 < n) {
      EXPECT_TRUE(c.size() == plan.chunk_size()) << "only the last may be short";
    }
    covered += c.size();
  }
  EXPECT_EQ(plan.chunk(n - 1).last, r.last);
  EXPECT_TRUE(covered == r.size());
}

TEST(Blocks, MatchTheSeedsDividir) {
  // dividir(list(range(1, 300000)), 2): paso = ceil(299999 / 2) = 150000.
  const ChunkPlan plan = ChunkPlan::blocks({1, 299999}, 2);
  ASSERT_TRUE(plan.count() == 2);
  EXPECT_EQ(plan.chunk(0), (Range{1, 150000}));
  EXPECT_EQ(plan.chunk(1), (Range{150001, 299999}));
}

TEST(Blocks, FewerBlocksThanPartsWhenTheRangeIsShort) {
  // len 5, 4 parts: paso = 2, so 3 blocks (dividir yields [0:2], [2:4], [4:5]).
  const ChunkPlan plan = ChunkPlan::blocks({10, 14}, 4);
  EXPECT_TRUE(plan.count() == 3);
  EXPECT_EQ(plan.chunk(2), (Range{14, 14}));
  EXPECT_TRUE(ChunkPlan::blocks({7, 7}, 8).count() == 1);
  expect_exact_cover(ChunkPlan::blocks({10, 14}, 4));
}

TEST(Blocks, ExactCoverForManyShapes) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t first = rng() % 1000;
    const Range r{first, first + rng() % 5000};
    expect_exact_cover(ChunkPlan::blocks(r, 1 + rng() % 64));
  }
}

TEST(Blocks, TheWhole64BitRange) {
  const Range all{0, kMaxU64};
  const ChunkPlan one = ChunkPlan::blocks(all, 1);
  EXPECT_TRUE(one.chunk_size() == (u128{1} << 64));
  EXPECT_EQ(one.chunk(0), all);
  for (std::uint64_t parts : {2u, 3u, 7u, 1000u, 65536u})
    expect_exact_cover(ChunkPlan::blocks(all, parts));
  const ChunkPlan three = ChunkPlan::blocks(all, 3);
  EXPECT_EQ(three.chunk(2).last, kMaxU64);
}

TEST(Chunks, FixedSizeNearTheTop) {
  const Range top{kMaxU64 - 999, kMaxU64};
  const ChunkPlan plan(top, 7);
  EXPECT_TRUE(plan.count() == 143);  // ceil(1000 / 7)
  EXPECT_EQ(plan.chunk(142), (Range{kMaxU64 - 5, kMaxU64}));
  expect_exact_cover(plan);
  expect_exact_cover(ChunkPlan({kMaxU64, kMaxU64}, 1));
  expect_exact_cover(ChunkPlan({0, 0}, 5));
}

TEST(Chunks, ChunkSizeOneOverTheWholeRangeCounts2To64) {
  const ChunkPlan plan({0, kMaxU64}, 1);
  EXPECT_TRUE(plan.count() == (u128{1} << 64));
  EXPECT_EQ(plan.chunk(kMaxU64), (Range{kMaxU64, kMaxU64}));
}

TEST(Range, SizeIncludesBothEnds) {
  EXPECT_TRUE((Range{5, 5}).size() == 1);
  EXPECT_TRUE((Range{0, kMaxU64}).size() == (u128{1} << 64));
}

}  // namespace
}  // namespace primes
