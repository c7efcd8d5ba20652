/// @file worker_pool.hpp
/// std::thread workers that run the core's worker loop: the one place where the programs start
/// threads. primes-threads runs one pool; every rank of primes-mpi runs one too, while its main
/// thread talks MPI.
///
/// Each worker owns a kernel (built in the constructor, before any clock starts) and runs
/// run_worker() over a ChunkSource shared by the pool (slot = the worker's number in the pool).
/// Finished chunks queue up inside the pool until the calling thread takes them; progress is
/// read from per-worker counters that workers update with relaxed stores. The calling thread
/// never counts (but in run_here()): it waits, takes results and draws progress, so neither
/// slows the workers.
/// If a worker fails, the others stop at their next progress report and join() rethrows.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "primes/job.hpp"
#include "primes/work.hpp"

namespace primes {

class WorkerPool {
 public:
  /// `threads` workers with global ids first_id, first_id + 1, ... (their ChunkResult::worker).
  WorkerPool(const Job& job, std::uint64_t threads, std::uint64_t first_id = 0);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  /// Stops and joins the workers if they still run.
  ~WorkerPool();

  /// Starts the workers on `plan` with chunks from `source`; both must outlive the pool's run.
  void start(const ChunkPlan& plan, ChunkSource& source);
  /// Starts the workers on the batches of a list; `source` must outlive the pool's run.
  void start(BatchSource& source);
  /// Runs the workers of start(plan, source) one after the other on the calling thread, and
  /// returns when they have ended: for a pool of one whose caller has nothing to do meanwhile
  /// (no thread is started, woken or joined; a short count ends ~0.2 ms sooner). `on_results`
  /// is called between chunks whenever the results held reach wake_after()'s bytes.
  void run_here(const ChunkPlan& plan, ChunkSource& source,
                const std::function<void()>& on_results = {});
  /// Results wake a caller in wait_for_results() once they hold at least `bytes` (values and
  /// primes' text; 0, the default: each result wakes it). Call before start().
  void wake_after(std::size_t bytes) { wake_bytes_ = bytes; }
  /// Waits until every worker has ended or `timeout` has passed; says whether all have ended.
  bool wait_for(std::chrono::milliseconds timeout);
  /// Waits until the results held reach wake_after()'s bytes, every worker has ended, or
  /// `timeout` has passed.
  void wait_for_results(std::chrono::milliseconds timeout);
  bool finished() const;
  /// Whether a worker has failed (join() then rethrows its error).
  bool failed() const;
  /// The results of the chunks finished since the last call, in the order they finished.
  std::vector<ChunkResult> take_results();
  /// Numbers counted so far, chunks in flight included (for progress; not exact after a stop).
  u128 numbers_done() const;
  /// Asks every worker to stop at its next progress report (chunks in flight are abandoned)
  /// and closes the source, so that no worker waits in it.
  void stop();
  /// Waits for every worker to end; rethrows the first error a worker met.
  void join();
  std::uint64_t size() const noexcept { return slots_.size(); }

 private:
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> done{0};  // numbers counted (saturating; display only)
    std::unique_ptr<Kernel> kernel;
    std::exception_ptr error;
  };
  class Collector;
  class SlotSink;
  /// What a worker runs: its loop over chunks or batches, with the pool's sinks.
  using Body = std::function<void(std::uint64_t worker, std::uint64_t slot, Kernel& kernel,
                                  ResultSink& results, ProgressSink& progress)>;
  Body chunk_body(const ChunkPlan& plan, ChunkSource& source);
  void launch(const Body& body);
  void work(std::uint64_t slot, const Body& body);

  std::uint64_t first_id_;
  bool print_;
  std::vector<Slot> slots_;
  std::vector<std::thread> threads_;
  ChunkSource* source_ = nullptr;
  BatchSource* batches_ = nullptr;
  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
  mutable std::mutex mutex_;  // guards results_, held_bytes_ and ended_
  std::condition_variable ended_cv_;
  std::vector<ChunkResult> results_;
  std::size_t held_bytes_ = 0;  // in results_
  std::size_t wake_bytes_ = 0;
  std::function<void()> on_results_;  // run_here's
  std::uint64_t ended_ = 0;
  std::uint64_t launched_ = 0;  // workers started (on threads or here); guarded by mutex_
};

}  // namespace primes
