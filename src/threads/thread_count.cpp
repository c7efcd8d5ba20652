/// @file thread_count.cpp
/// Counting with threads of one process (see thread_count.hpp).
#include "thread_count.hpp"

#include <memory>

#include "chunk_sources.hpp"
#include "primes/clock.hpp"
#include "primes/host.hpp"
#include "worker_pool.hpp"

namespace primes {

Report count_with_threads(const Job& job, const ProgressCallback& on_progress,
                          std::chrono::milliseconds interval) {
  const ChunkPlan plan = job.plan();
  std::unique_ptr<ChunkSource> source;  // outlives the pool, which stops on it
  WorkerPool pool(job, job.threads);
  if (job.schedule == Schedule::static_blocks) {
    source = std::make_unique<StaticShares>(0, plan.count(), job.threads,
                                            ceil_div(plan.count(), u128{job.threads}));
  } else {
    source = std::make_unique<SharedCounter>(plan.count());
  }
  Tally tally(job.threads);
  const std::string host = host_name();
  for (std::uint64_t id = 0; id < job.threads; ++id)
    tally.set_host(id, host);

  const Clock::time_point start = Clock::now();
  pool.start(plan, *source);
  auto collect = [&] {
    for (const ChunkResult& r : pool.take_results())
      tally.accept(r);
  };
  for (;;) {
    const bool ended = on_progress ? pool.wait_for(interval) : pool.wait_for(std::chrono::hours(1));
    collect();
    if (ended) break;
    if (on_progress) on_progress(pool.numbers_done(), seconds_since(start));
  }
  pool.join();
  const double seconds = seconds_since(start);
  collect();
  if (on_progress) on_progress(tally.numbers(), seconds);  // so that a short count reports once
  return make_report(Frontend::threads, job, plan, seconds, tally);
}

}  // namespace primes
