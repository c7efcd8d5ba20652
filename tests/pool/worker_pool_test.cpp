// Tests of the worker pool: every chunk's result reaches the caller once; progress and stops;
// a stop wakes workers that wait for chunks; a failure reaches join().
#include "worker_pool.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <thread>

#include "chunk_sources.hpp"

namespace primes {
namespace {

Job trial_job(Range r, std::uint64_t workers, std::uint64_t chunk) {
  Job j;
  j.range = r;
  j.kernel = KernelKind::trial;
  j.schedule = Schedule::dynamic_chunks;
  j.chunk_size = chunk;
  j.threads = workers;
  return j;
}

// Checks that the results of a finished pool cover every chunk of `plan` once, by workers with
// ids in [first_id, first_id + workers), and hold the primes below 10^5.
void expect_every_chunk_once(WorkerPool& pool, const ChunkPlan& plan, std::uint64_t first_id,
                             std::uint64_t workers) {
  pool.join();
  std::set<std::uint64_t> indices;
  std::uint64_t primes = 0;
  for (const ChunkResult& r : pool.take_results()) {
    EXPECT_TRUE(indices.insert(r.index).second) << "chunk " << r.index << " twice";
    EXPECT_GE(r.worker, first_id);
    EXPECT_LT(r.worker, first_id + workers);
    EXPECT_EQ(r.range, plan.chunk(r.index));
    primes += r.value.at(0);
  }
  EXPECT_TRUE(indices.size() == plan.count());
  EXPECT_EQ(primes, 9592u);
}

// 0..99999 in chunks of 1000 for `workers` workers with ids from `first_id`, from one counter.
struct CountingPool {
  CountingPool(std::uint64_t workers, std::uint64_t first_id)
      : job(trial_job({0, 99999}, workers, 1000)), pool(job, workers, first_id) {}
  const Job job;
  const ChunkPlan plan = job.plan();
  SharedCounter source{ChunkList::range(0, plan.count())};
  WorkerPool pool;
};

TEST(WorkerPool, EveryChunkOnceWithGlobalWorkerIds) {
  CountingPool run(3, 10);
  run.pool.start(run.plan, run.source);
  while (!run.pool.wait_for(std::chrono::milliseconds(100))) {
  }
  EXPECT_TRUE(run.pool.numbers_done() == 100000);
  expect_every_chunk_once(run.pool, run.plan, 10, 3);
  EXPECT_TRUE(run.pool.take_results().empty()) << "results are taken once";
}

TEST(WorkerPool, StopWakesWorkersWaitingForChunksAndAbandonsNothingStarted) {
  const Job job = trial_job({0, 99}, 2, 10);
  const ChunkPlan plan = job.plan();
  ChunkQueue queue;  // never fed: both workers wait in it
  WorkerPool pool(job, 2);
  pool.start(plan, queue);
  EXPECT_FALSE(pool.wait_for(std::chrono::milliseconds(20)));
  pool.stop();
  EXPECT_TRUE(pool.wait_for(std::chrono::seconds(10)));
  pool.join();
  EXPECT_TRUE(pool.take_results().empty());
  EXPECT_FALSE(pool.failed());
}

// Fails on one chunk; sleeps in small steps (reporting progress) on the others.
class FailingKernel final : public Kernel {
 public:
  KernelKind kind() const noexcept override { return KernelKind::trial; }
  std::uint64_t count(Range r, ProgressSink* progress, PrimeSink* /*found*/) override {
    if (r.first == 30) throw std::runtime_error("bad chunk");
    for (int i = 0; i < 5000; ++i) {
      if (progress != nullptr) progress->advance(0);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return 0;
  }
};

TEST(WorkerPool, AFailureStopsTheOthersAndReachesJoin) {
  Job job = trial_job({0, 99}, 4, 10);
  job.kernel_factory = [] { return std::make_unique<FailingKernel>(); };
  const ChunkPlan plan = job.plan();                   // chunks of 10: chunk 3 starts at 30
  StaticShares source(ChunkList::range(0, 10), 4, 3);  // worker 1 takes chunks 3, 4, 5
  WorkerPool pool(job, 4);
  pool.start(plan, source);
  // The others would sleep 5 s per chunk; they must stop at their next progress report.
  EXPECT_TRUE(pool.wait_for(std::chrono::seconds(4)));
  EXPECT_TRUE(pool.failed());
  EXPECT_THROW(pool.join(), std::runtime_error);
}

// A pool of one run on the calling thread: every chunk once, by that worker, and the pool has
// ended when run_here returns (no wait, no thread).
TEST(WorkerPool, RunHereCountsEveryChunkOnTheCallingThread) {
  CountingPool run(1, 7);
  run.pool.run_here(run.plan, run.source);
  EXPECT_TRUE(run.pool.finished());
  EXPECT_TRUE(run.pool.wait_for(std::chrono::milliseconds(0)));
  expect_every_chunk_once(run.pool, run.plan, 7, 1);
}

// Run here, results reach the caller in handfuls: each time they hold wake_after()'s bytes.
TEST(WorkerPool, RunHereHandsOverResultsEachTimeTheyReachTheThreshold) {
  CountingPool run(1, 0);
  run.pool.wake_after(10 * sizeof(std::uint64_t));  // the trial kernel's value: one word
  std::vector<std::size_t> handfuls;
  run.pool.run_here(run.plan, run.source,
                    [&] { handfuls.push_back(run.pool.take_results().size()); });
  EXPECT_EQ(handfuls, std::vector<std::size_t>(10, 10)) << "100 chunks, 10 at a time";
  EXPECT_TRUE(run.pool.take_results().empty());
}

// With threads, a caller waiting for results is woken by the threshold or by the end only.
TEST(WorkerPool, WaitForResultsWaitsForTheThresholdOrTheEnd) {
  CountingPool run(2, 0);
  run.pool.wake_after(std::size_t{1} << 30);
  run.pool.start(run.plan, run.source);
  run.pool.wait_for_results(std::chrono::seconds(60));
  EXPECT_TRUE(run.pool.finished()) << "100 one-word results never reach 1 GiB";
  expect_every_chunk_once(run.pool, run.plan, 0, 2);
}

// A failure on the calling thread reaches join() as it does from a thread.
TEST(WorkerPool, RunHereRethrowsAFailureAtJoin) {
  Job job = trial_job({0, 99}, 1, 10);
  job.kernel_factory = [] { return std::make_unique<FailingKernel>(); };
  const ChunkPlan plan = job.plan();
  StaticShares source(ChunkList::range(3, 4), 1, 1);  // only chunk 3, the failing one
  WorkerPool pool(job, 1);
  pool.run_here(plan, source);
  EXPECT_TRUE(pool.finished());
  EXPECT_TRUE(pool.failed());
  EXPECT_THROW(pool.join(), std::runtime_error);
}

}  // namespace
}  // namespace primes
