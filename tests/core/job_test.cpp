// Tests of the job's plan against the memory its workers may use.
#include "primes/job.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "primes/gourdon.hpp"
#include "primes/kernel_factory.hpp"
#include "primes/sieve_kernel.hpp"

namespace primes {
namespace {

constexpr std::uint64_t kMiB = 1 << 20;
constexpr std::uint64_t kTop = ~std::uint64_t{0};

// The memory the workers of `job` need when each counts the plan's costliest chunk.
u128 need_of(const Job& job, const ChunkPlan& plan) {
  const u128 first = u128{job.range.last} + 1 - plan.chunk_size();
  return u128{memory_need(job.kernel, {static_cast<std::uint64_t>(first), job.range.last})} *
         job.workers_on_host;
}

Job job_near_the_top(std::uint64_t workers, Schedule schedule) {
  Job job;
  job.range = {kTop - (std::uint64_t{1} << 33) + 1, kTop};
  job.schedule = schedule;
  job.threads = workers;
  job.workers_on_host = workers;
  return job;
}

TEST(SieveMemory, GrowsWithTheChunksLengthAndHeight) {
  const SieveConfig config{1 << 20, 1 << 15};
  std::uint64_t previous = 0;
  for (std::uint64_t length = 1 << 20; length <= (std::uint64_t{1} << 36); length <<= 2) {
    const std::uint64_t need = sieve_memory_need({kTop - length + 1, kTop}, config);
    EXPECT_GT(need, previous) << length;
    previous = need;
  }
  // Near 2^64 a chunk over 2^32 numbers holds every prime below 2^32 in buckets: 8 bytes each.
  EXPECT_GT(previous, 203280221ull * 8);
  EXPECT_LT(previous, 203280221ull * 8 * 5 / 4);
  const std::uint64_t low = sieve_memory_need({1000000000000, 1000000000000 + 999999999}, config);
  EXPECT_LT(low, 32 * kMiB) << "below 1e12 a worker needs little more than its segments";
  EXPECT_LT(low, sieve_memory_need({1000000000000000000, 1000000000000000000 + 999999999}, config));
}

TEST(JobMemory, APlanThatFitsIsLeftAlone) {
  Job job = job_near_the_top(4, Schedule::dynamic_chunks);
  const ChunkPlan free = job.plan();
  job.memory = MemoryLimit{static_cast<std::uint64_t>(need_of(job, free)) + 1, "test", false};
  EXPECT_TRUE(job.plan().chunk_size() == free.chunk_size());
  EXPECT_NO_THROW(check_memory(job, job.plan()));
}

TEST(JobMemory, AnAutomaticChunkShrinksUntilItFits) {
  for (Schedule schedule : {Schedule::dynamic_chunks, Schedule::static_blocks}) {
    Job job = job_near_the_top(8, schedule);
    const ChunkPlan free = job.plan();
    const u128 limit = need_of(job, free) / 3;
    job.memory = MemoryLimit{static_cast<std::uint64_t>(limit), "test", false};
    const ChunkPlan fitted = job.plan();
    EXPECT_TRUE(fitted.chunk_size() < free.chunk_size()) << to_string(schedule);
    EXPECT_LE(need_of(job, fitted), limit) << to_string(schedule);
    EXPECT_NO_THROW(check_memory(job, fitted));
    EXPECT_TRUE(fitted.range() == job.range);
    if (schedule == Schedule::static_blocks) {
      // Every worker still gets an equal, contiguous share: a whole number of chunks each.
      EXPECT_TRUE(fitted.count() % job.workers() == 0) << to_decimal(fitted.count());
    } else {
      // The largest size that fits: one more number would not.
      const u128 more = fitted.chunk_size() + (fitted.chunk_size() >> 6);
      EXPECT_GT(need_of(job, ChunkPlan(job.range, more)), limit);
    }
  }
}

TEST(JobMemory, AChosenChunkThatDoesNotFitIsAnErrorThatSaysWhatWould) {
  Job job = job_near_the_top(8, Schedule::dynamic_chunks);
  job.chunk_size = std::uint64_t{1} << 32;
  job.memory = MemoryLimit{2000 * kMiB, "memory available on this host", false};
  try {
    (void)job.plan();
    FAIL() << "a chunk of 2^32 numbers near 2^64 on 8 workers fits in 2000 MiB";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_TRUE(
        what.starts_with("not enough memory: 8 workers counting chunks of 4294967296 "
                         "numbers up to 18446744073709551615 would need about "))
        << what;
    EXPECT_NE(what.find("memory available on this host leaves 2000 MiB"), std::string::npos);
    const std::size_t at = what.find("use --chunk-size ");
    ASSERT_NE(at, std::string::npos) << what;
    const std::uint64_t suggested = std::stoull(what.substr(at + 17));
    Job smaller = job;
    smaller.chunk_size = suggested;
    EXPECT_NO_THROW((void)smaller.plan()) << "the size the message suggests fits";
    smaller.chunk_size = suggested + suggested / 16;
    EXPECT_THROW((void)smaller.plan(), std::runtime_error);
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line";
  }
}

TEST(JobMemory, WhenNothingFitsFewerWorkersAreTheAdvice) {
  Job job = job_near_the_top(8, Schedule::dynamic_chunks);
  job.memory = MemoryLimit{10 * kMiB, "the cgroup's memory limit", false};
  try {
    (void)job.plan();
    FAIL() << "8 sieve workers near 2^64 fit in 10 MiB";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("use fewer workers"), std::string::npos) << e.what();
  }
  // A checkpoint's plan is checked the same way.
  EXPECT_THROW(check_memory(job, ChunkPlan(job.range, std::uint64_t{1} << 24)), std::runtime_error);
}

TEST(JobMemory, AnAddressSpaceLimitAlsoCountsWhatEachThreadReserves) {
  Job job = job_near_the_top(8, Schedule::dynamic_chunks);
  job.chunk_size = std::uint64_t{1} << 24;
  const u128 need = need_of(job, ChunkPlan(job.range, *job.chunk_size));
  job.memory = MemoryLimit{static_cast<std::uint64_t>(need) + kMiB, "memory", false};
  EXPECT_NO_THROW((void)job.plan());
  job.memory->address_space = true;
  EXPECT_THROW((void)job.plan(), std::runtime_error);
}

// Gourdon's tables are counted once per rank, its pieces once per thread; a count that does not
// fit says both, and how many ranks would.
TEST(JobMemory, GourdonCountsItsTablesPerRankAndItsPiecesPerThread) {
  Job job;
  const u128 x = u128{1'000'000'000'000ull} * 1'000'000'000ull;  // 10^21
  job.range = {0, static_cast<std::uint64_t>(x), static_cast<std::uint64_t>(x >> 64)};
  job.kernel = KernelKind::gourdon;
  job.threads = 4;
  job.ranks = 3;
  job.workers_on_host = 12;  // 3 ranks of 4 threads on this host
  const GourdonMemory m = gourdon_memory_parts(x);
  ASSERT_GT(m.tables, 4 * m.per_thread) << "at 10^21 the tables dominate";
  const u128 one_rank = u128{m.tables} + 4 * u128{m.per_thread};
  job.memory = MemoryLimit{static_cast<std::uint64_t>(3 * one_rank), "test", false};
  EXPECT_NO_THROW((void)job.plan()) << "3 ranks, each its tables once";
  job.memory = MemoryLimit{static_cast<std::uint64_t>(2 * one_rank + kMiB), "the host", false};
  try {
    (void)job.plan();
    FAIL() << "3 ranks of 4 threads fit in the memory of 2";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_TRUE(what.starts_with(
        "not enough memory: pi(1000000000000000000000) by gourdon needs "
        "about " +
        std::to_string((m.tables + kMiB - 1) / kMiB) + " MiB of tables per rank and "))
        << what;
    EXPECT_NE(what.find("3 ranks of 4 threads on this host"), std::string::npos) << what;
    EXPECT_NE(what.find("2 ranks of 4 threads would fit"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "one line";
  }
  job.memory = MemoryLimit{static_cast<std::uint64_t>(m.tables / 2), "the host", false};
  EXPECT_THROW((void)job.plan(), std::runtime_error);
}

TEST(JobMemory, TrialDivisionNeedsAlmostNothing) {
  Job job = job_near_the_top(64, Schedule::dynamic_chunks);
  job.kernel = KernelKind::trial;
  job.memory = MemoryLimit{64 * kMiB, "test", false};
  EXPECT_NO_THROW((void)job.plan());
}

}  // namespace
}  // namespace primes
