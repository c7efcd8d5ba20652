/// @file thread_pool.cpp
/// The std::thread front end's workers (see thread_pool.hpp).
#include "thread_pool.hpp"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace primes {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Thrown inside a worker's kernel to stop it once another worker has failed.
struct Stopped {};

/// One worker's shared state, on its own cache line so that counters do not false-share.
struct alignas(64) WorkerSlot {
  std::atomic<std::uint64_t> done{0};  // numbers counted so far (saturating; display only)
  WorkerReport report;
  std::exception_ptr error;
};

class SlotSink final : public ProgressSink {
 public:
  SlotSink(WorkerSlot& slot, const std::atomic<bool>& stop) : slot_(slot), stop_(stop) {}
  void advance(std::uint64_t numbers) override {
    total_ = saturating_add(total_, numbers);
    slot_.done.store(total_, std::memory_order_relaxed);
    if (stop_.load(std::memory_order_relaxed)) throw Stopped{};
  }

 private:
  WorkerSlot& slot_;
  const std::atomic<bool>& stop_;
  std::uint64_t total_ = 0;
};

}  // namespace

Report count_with_threads(const ThreadJob& job, const ProgressCallback& on_progress,
                          std::chrono::milliseconds interval) {
  const ChunkPlan plan =
      make_plan(job.range, job.schedule, job.threads, job.kernel, job.chunk_size);
  const std::string host = host_name();
  std::vector<WorkerSlot> slots(job.threads);
  std::atomic<std::uint64_t> next_chunk{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable finished_cv;
  std::uint64_t finished = 0;

  // Kernels are built before the clock starts, as the MPI ranks build theirs before the barrier
  // that starts theirs: both programs then time the same work.
  std::vector<std::unique_ptr<Kernel>> kernels;
  kernels.reserve(job.threads);
  for (std::uint64_t id = 0; id < job.threads; ++id) {
    kernels.push_back(job.kernel_factory ? job.kernel_factory() : make_kernel(job.kernel));
  }

  auto work = [&](std::uint64_t id) {
    WorkerSlot& slot = slots[id];
    slot.report.id = id;
    slot.report.host = host;
    try {
      Kernel* kernel = kernels[id].get();
      SlotSink sink(slot, stop);
      for (bool first = true;; first = false) {
        std::uint64_t index = 0;
        if (job.schedule == Schedule::static_blocks) {
          if (!first) break;
          index = id;
        } else {
          index = next_chunk.fetch_add(1, std::memory_order_relaxed);
        }
        if (index >= plan.count()) break;
        count_chunk(*kernel, plan.chunk(index), &sink, slot.report);
      }
    } catch (const Stopped&) {
      // Another worker failed; its error is the one reported.
    } catch (...) {
      slot.error = std::current_exception();
      stop.store(true);
    }
    std::lock_guard lock(mutex);
    ++finished;
    finished_cv.notify_one();
  };

  auto numbers_done = [&slots] {
    u128 done = 0;
    for (const WorkerSlot& s : slots)
      done += s.done.load(std::memory_order_relaxed);
    return done;
  };

  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  threads.reserve(job.threads);
  try {
    for (std::uint64_t id = 0; id < job.threads; ++id)
      threads.emplace_back(work, id);
  } catch (...) {
    // Could not start them all (resource limits): stop and collect those that did start.
    stop.store(true);
    for (std::thread& t : threads)
      t.join();
    throw;
  }
  {
    std::unique_lock lock(mutex);
    while (finished < job.threads) {
      if (!on_progress) {
        finished_cv.wait(lock);
        continue;
      }
      finished_cv.wait_for(lock, interval);
      lock.unlock();
      on_progress(numbers_done(), seconds_since(start));
      lock.lock();
    }
  }
  for (std::thread& t : threads)
    t.join();
  const double seconds = seconds_since(start);
  if (on_progress) on_progress(numbers_done(), seconds);  // so that a short count reports once

  for (const WorkerSlot& s : slots) {
    if (s.error) std::rethrow_exception(s.error);
  }
  std::vector<WorkerReport> workers;
  for (WorkerSlot& s : slots)
    workers.push_back(std::move(s.report));
  return make_report(Frontend::threads, job.range, job.kernel, job.schedule, plan, seconds,
                     std::move(workers));
}

}  // namespace primes
