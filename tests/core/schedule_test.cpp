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

TEST(AutoChunkSize, KeepsRankZerosServingUnderItsShareForAThousandWorkers) {
  for (KernelKind k : {KernelKind::trial, KernelKind::sieve}) {
    for (std::uint64_t workers : {2u, 64u, 1000u, 4096u}) {
      const Range wide{0, 100000000000000ull};  // 1e14: every worker has many chunks
      const u128 c = auto_chunk_size(wide, workers, k);
      EXPECT_LE(serving_load(c, workers, k), kServeShare * 1.0001)
          << to_string(k) << " " << workers << " workers, chunks of " << to_decimal(c);
    }
  }
  // Few workers keep the 64 chunks each that balance the load.
  const Range r{0, 10000000000ull};
  EXPECT_TRUE(auto_chunk_size(r, 2, KernelKind::sieve) == ceil_div(ceil_div(r.size(), 2), 64));
}

TEST(AutoChunkSize, ServingLoadIsWorkersTimesTheBudgetOverAChunksTime) {
  // 1000 workers, chunks of 1e9 sieve numbers (0.1 s at the fastest rate): 1000 x 10 us / 0.1 s.
  EXPECT_NEAR(serving_load(1000000000, 1000, KernelKind::sieve), 0.1, 1e-9);
  EXPECT_NEAR(serving_load(1000000000, 500, KernelKind::sieve), 0.05, 1e-9);
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
