/// @file thread_count.cpp
/// Counting with threads of one process (see thread_count.hpp).
#include "thread_count.hpp"

#include <unistd.h>

#include <memory>

#include "chunk_sources.hpp"
#include "list_reading.hpp"
#include "primes/clock.hpp"
#include "primes/errors.hpp"
#include "primes/host.hpp"
#include "worker_pool.hpp"

namespace primes {
namespace {

// Names this host for every worker of the report.
void name_hosts(Collector& collector, std::uint64_t workers) {
  const std::string host = host_name();
  for (std::uint64_t id = 0; id < workers; ++id)
    collector.set_host(id, host);
}

// Hands the pool's results to the collector as they come, until the workers end or a signal
// stops the job; says whether one did.
bool collect(WorkerPool& pool, Collector& collector, WindowGate* gate) {
  for (bool ended = false; !ended;) {
    pool.wait_for_results(collector.wake());
    ended = pool.finished();
    collector.accept(pool.take_results());
    if (gate != nullptr) gate->advance(collector.written());
    if (!ended && collector.tick(pool.numbers_done())) {
      pool.stop();  // the finished chunks are durable: let the workers go
      return true;
    }
  }
  return false;
}

}  // namespace

Report count_with_threads(const Job& job, const Work& work, const CollectorSettings& settings) {
  std::unique_ptr<ChunkSource> source;  // outlive the pool, which stops on them
  std::unique_ptr<WindowGate> gate;
  WorkerPool pool(job, job.threads);
  if (job.schedule == Schedule::static_blocks) {
    source = std::make_unique<StaticShares>(work.todo, job.threads,
                                            ceil_div(work.todo.size(), u128{job.threads}));
  } else {
    source = std::make_unique<SharedCounter>(work.todo);
  }
  // --print: no worker runs more than a window ahead of the writer.
  if (job.print) gate = std::make_unique<WindowGate>(*source, job.print_window());

  const Clock::time_point start = Clock::now();
  Collector collector(job, work, settings, start);
  name_hosts(collector, job.threads);
  pool.wake_after(collector.wake_bytes());
  if (job.threads == 1 && collector.wake() == std::chrono::hours(1)) {
    // One worker, and nothing for this thread to watch while it counts: it counts here.
    pool.run_here(work.plan, *source, [&] { collector.accept(pool.take_results()); });
  } else {
    pool.start(work.plan, gate ? *gate : *source);
  }
  const bool stopped = collect(pool, collector, gate.get());
  pool.join();
  collector.accept(pool.take_results());
  return collector.finish(Frontend::threads, stopped);
}

Report count_list_with_threads(const Job& job, NumberReader& reader) {
  BatchQueue queue(2 * job.threads);  // outlives the pool, which stops on it
  WorkerPool pool(job, job.threads);
  const Work none{ChunkPlan(Range{0, 0}, kListBatch), ChunkList::range(0, 0), job.new_join()};
  const Clock::time_point start = Clock::now();
  Collector collector(job, none, {}, start);  // --print: batches are written in input order
  name_hosts(collector, job.threads);
  pool.wake_after(collector.wake_bytes());
  ListReading reading;
  reading.start(reader, queue);
  pool.start(queue);
  collect(pool, collector, nullptr);
  if (const std::optional<std::string> error = reading.finish()) throw UsageError(*error);
  pool.join();
  collector.accept(pool.take_results());
  return collector.finish(Frontend::threads, false);
}

Report count_with_threads(const Job& job, const ProgressCallback& on_progress,
                          std::chrono::milliseconds interval) {
  CollectorSettings settings;
  settings.on_progress = on_progress;
  settings.interval = interval;
  return count_with_threads(job, fresh_work(job), settings);
}

}  // namespace primes
