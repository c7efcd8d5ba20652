/// @file thread_count.cpp
/// Counting with threads of one process (see thread_count.hpp).
#include "thread_count.hpp"

#include <unistd.h>
#include <algorithm>

#include <memory>
#include <optional>

#include "chunk_sources.hpp"
#include "primes/clock.hpp"
#include "primes/host.hpp"
#include "primes/prime_output.hpp"
#include "primes/stop_signals.hpp"
#include "worker_pool.hpp"

namespace primes {

Report count_with_threads(const Job& job, const Work& work, const RunControl& control) {
  std::unique_ptr<ChunkSource> source;  // outlive the pool, which stops on them
  std::unique_ptr<WindowGate> gate;
  WorkerPool pool(job, job.threads);
  if (job.schedule == Schedule::static_blocks) {
    source = std::make_unique<StaticShares>(work.todo, job.threads,
                                            ceil_div(work.todo.size(), u128{job.threads}));
  } else {
    source = std::make_unique<SharedCounter>(work.todo);
  }
  // --print: chunks are written in order; no worker runs more than a window ahead of the writer.
  std::optional<OrderedPrimeWriter> writer;
  if (job.print) {
    writer.emplace(STDOUT_FILENO, "standard output");
    gate = std::make_unique<WindowGate>(*source, job.print_window());
  }
  Tally tally(job.threads, work.join);
  const std::string host = host_name();
  for (std::uint64_t id = 0; id < job.threads; ++id)
    tally.set_host(id, host);

  // The main thread wakes for progress, for the checkpoint's syncs and for stop requests.
  std::chrono::milliseconds wake = std::chrono::hours(1);
  if (control.on_progress) wake = std::min(wake, control.interval);
  if (control.checkpoint != nullptr || control.stop_on_signal) wake = std::min(wake, kStopPoll);
  // Results wake it earlier: the writer's chunks, and lmo's parts (a MiB each near 1, which the
  // join should take as they come rather than let pile up).
  const bool take_each_result = writer.has_value() || job.kernel == KernelKind::lmo;
  if (take_each_result) wake = std::min(wake, kStopPoll);

  const Clock::time_point start = Clock::now();
  if (job.threads == 1 && wake == std::chrono::hours(1)) {
    // One worker, and nothing for this thread to watch while it counts: it counts here.
    pool.run_here(work.plan, *source);
  } else {
    pool.start(work.plan, gate ? *gate : *source);
  }
  auto collect = [&] {
    std::vector<ChunkResult> results = pool.take_results();
    if (control.checkpoint != nullptr) control.checkpoint->record(results);
    for (ChunkResult& r : results) {
      if (writer) writer->add(r.index, std::move(r.found));
      tally.accept(std::move(r));
    }
    if (gate) gate->advance(writer->next_index());
  };
  const u128 resumed = work.resumed_numbers;
  Clock::time_point last_draw = start;
  bool stopped = false;
  for (;;) {
    bool ended = false;
    if (take_each_result) {
      pool.wait_for_results(wake);
      ended = pool.finished();
    } else {
      ended = pool.wait_for(wake);
    }
    collect();
    if (ended) break;
    if (control.stop_on_signal && StopSignals::requested()) {
      // Make the finished chunks durable first, then let the workers go.
      if (control.checkpoint != nullptr) control.checkpoint->sync();
      pool.stop();
      stopped = true;
      break;
    }
    if (control.checkpoint != nullptr) control.checkpoint->tick();
    if (control.on_progress && Clock::now() - last_draw >= control.interval) {
      last_draw = Clock::now();
      control.on_progress(resumed + pool.numbers_done(), seconds_since(start));
    }
  }
  pool.join();
  collect();
  const double seconds = seconds_since(start);
  if (control.checkpoint != nullptr) control.checkpoint->sync();
  if (control.on_progress && !stopped) control.on_progress(resumed + tally.numbers(), seconds);
  Report report = make_report(Frontend::threads, job, work, seconds, tally);
  report.stopped = stopped;
  return report;
}

Report count_list_with_threads(const Job& job, NumberReader& reader, const std::string& input) {
  BatchQueue queue(2 * job.threads);  // outlives the pool, which stops on it
  WorkerPool pool(job, job.threads);
  // --print: batches are written in input order (the queue keeps the workers near the writer).
  std::optional<OrderedPrimeWriter> writer;
  if (job.print) writer.emplace(STDOUT_FILENO, "standard output");
  Tally tally(job.threads, job.new_join());
  auto collect = [&] {
    for (ChunkResult& r : pool.take_results()) {
      if (writer) writer->add(r.index, std::move(r.found));
      tally.accept(std::move(r));
    }
  };
  const std::string host = host_name();
  for (std::uint64_t id = 0; id < job.threads; ++id)
    tally.set_host(id, host);
  const Clock::time_point start = Clock::now();
  pool.start(queue);
  try {
    Batch batch;
    for (std::uint64_t index = 0;; ++index) {
      batch.index = index;
      batch.first = reader.count();
      if (!reader.next(batch.numbers, kListBatch)) break;
      if (!queue.push(std::move(batch)) || pool.failed()) break;
      batch = Batch{};
      collect();
    }
  } catch (...) {
    pool.stop();
    pool.join();
    throw;
  }
  queue.close();
  pool.join();
  collect();
  const double seconds = seconds_since(start);
  return make_list_report(Frontend::threads, job, input, seconds, tally);
}

Report count_with_threads(const Job& job, const ProgressCallback& on_progress,
                          std::chrono::milliseconds interval) {
  RunControl control;
  control.on_progress = on_progress;
  control.interval = interval;
  return count_with_threads(job, fresh_work(job), control);
}

}  // namespace primes
