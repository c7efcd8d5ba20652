// Tests of the schedules' plans and of the automatic chunk size.
#include "primes/schedule.hpp"

#include <gtest/gtest.h>

namespace primes {
namespace {

TEST(Schedule, NamesRoundTrip) {
  for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
    EXPECT_EQ(schedule_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(schedule_from_string("guided").has_value());
}

TEST(Schedule, StaticIsOneBlockPerWorker) {
  const ChunkPlan plan = make_plan({1, 300000}, Schedule::static_blocks, 4, KernelKind::trial, {});
  EXPECT_TRUE(plan.count() == 4);
  EXPECT_TRUE(plan.chunk_size() == 75000);
}

TEST(Schedule, DynamicUsesTheGivenChunkSize) {
  const ChunkPlan plan =
      make_plan({0, 999}, Schedule::dynamic_chunks, 2, KernelKind::sieve, std::uint64_t{300});
  EXPECT_TRUE(plan.count() == 4);
}

TEST(AutoChunkSize, GivesEveryWorkerSeveralChunksOfTheTrialKernel) {
  const Range r{1, 30000000};
  const u128 c = auto_chunk_size(r, 2, KernelKind::trial);
  const u128 chunks = ceil_div(r.size(), c);
  EXPECT_GE(chunks, u128{64});
  EXPECT_LE(chunks, u128{256});
}

TEST(AutoChunkSize, SieveChunksGrowWithSqrtOfLast) {
  // Near 2^64 a chunk must hold many times sqrt(last) numbers, or the sieve's set-up (placing
  // the primes up to sqrt(last)) would dominate each chunk.
  const Range top{kMaxU64 - 10000000000000ull, kMaxU64};
  EXPECT_GE(auto_chunk_size(top, 2, KernelKind::sieve), u128{isqrt(kMaxU64)} * 16);
  const u128 low = auto_chunk_size({0, 10000000000000ull}, 2, KernelKind::sieve);
  EXPECT_LT(low, auto_chunk_size(top, 2, KernelKind::sieve));
  EXPECT_GE(low, u128{1} << 20);
}

TEST(AutoChunkSize, NeverLargerThanOneWorkersShareAndNeverZero) {
  for (std::uint64_t workers : {1u, 2u, 3u, 64u}) {
    for (Range r : {Range{0, 0}, Range{5, 9}, Range{0, 1000}, Range{0, kMaxU64}}) {
      for (KernelKind k : {KernelKind::trial, KernelKind::sieve}) {
        const u128 c = auto_chunk_size(r, workers, k);
        EXPECT_GE(c, u128{1});
        EXPECT_LE(c, ceil_div(r.size(), u128{workers}));
      }
    }
  }
}

}  // namespace
}  // namespace primes
