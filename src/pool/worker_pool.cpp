/// @file worker_pool.cpp
/// std::thread workers over the core's worker loop (see worker_pool.hpp).
#include "worker_pool.hpp"

#include <utility>

namespace primes {
namespace {

/// Thrown inside a worker's kernel to abandon its chunk once the pool is stopped.
struct Stopped {};

}  // namespace

/// The pool's result sink: finished chunks wait under the lock until the caller takes them.
class WorkerPool::Collector final : public ResultSink {
 public:
  explicit Collector(WorkerPool& pool) : pool_(pool) {}
  void accept(ChunkResult result) override {
    bool wake = false;
    {
      std::lock_guard lock(pool_.mutex_);
      pool_.held_bytes_ += result.value.size() * sizeof(result.value[0]) + result.found.size();
      pool_.results_.push_back(std::move(result));
      wake = pool_.held_bytes_ >= pool_.wake_bytes_;
    }
    if (!wake) return;
    if (pool_.on_results_) {
      pool_.on_results_();  // run_here: the caller is this thread
    } else {
      pool_.ended_cv_.notify_all();
    }
  }

 private:
  WorkerPool& pool_;
};

/// A worker's progress sink: publishes its count, and ends its chunk once the pool is stopped.
class WorkerPool::SlotSink final : public ProgressSink {
 public:
  SlotSink(Slot& slot, const std::atomic<bool>& stop) : slot_(slot), stop_(stop) {}
  void advance(std::uint64_t numbers) override {
    total_ = saturating_add(total_, numbers);
    slot_.done.store(total_, std::memory_order_relaxed);
    if (stop_.load(std::memory_order_relaxed)) throw Stopped{};
  }

 private:
  Slot& slot_;
  const std::atomic<bool>& stop_;
  std::uint64_t total_ = 0;
};

WorkerPool::WorkerPool(const Job& job, std::uint64_t threads, std::uint64_t first_id)
    : first_id_(first_id), print_(job.print), slots_(threads) {
  for (Slot& s : slots_)
    s.kernel = job.new_kernel();
}

WorkerPool::~WorkerPool() {
  stop();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::work(std::uint64_t slot, const Body& body) {
  Slot& s = slots_[slot];
  try {
    Collector collector(*this);
    SlotSink sink(s, stop_);
    if (!stop_.load()) body(first_id_ + slot, slot, *s.kernel, collector, sink);
  } catch (const Stopped&) {
    // Stopped from outside, or another worker failed: that one's error is the one reported.
  } catch (...) {
    s.error = std::current_exception();
    failed_.store(true);
    stop();
  }
  std::lock_guard lock(mutex_);
  ++ended_;
  ended_cv_.notify_all();
}

WorkerPool::Body WorkerPool::chunk_body(const ChunkPlan& plan, ChunkSource& source) {
  source_ = &source;
  return [this, &plan, &source](std::uint64_t worker, std::uint64_t slot, Kernel& kernel,
                                ResultSink& results, ProgressSink& progress) {
    run_worker(worker, slot, kernel, plan, source, results, &progress, print_);
  };
}

void WorkerPool::start(const ChunkPlan& plan, ChunkSource& source) {
  launch(chunk_body(plan, source));
}

void WorkerPool::run_here(const ChunkPlan& plan, ChunkSource& source,
                          const std::function<void()>& on_results) {
  const Body body = chunk_body(plan, source);
  on_results_ = on_results;
  {
    std::lock_guard lock(mutex_);
    launched_ = slots_.size();
  }
  for (std::uint64_t slot = 0; slot < slots_.size(); ++slot)
    work(slot, body);
}

void WorkerPool::start(BatchSource& source) {
  batches_ = &source;
  launch([this, &source](std::uint64_t worker, std::uint64_t /*slot*/, Kernel& /*kernel*/,
                         ResultSink& results, ProgressSink& progress) {
    run_list_worker(worker, source, results, &progress, print_);
  });
}

void WorkerPool::launch(const Body& body) {
  threads_.reserve(slots_.size());
  try {
    for (std::uint64_t slot = 0; slot < slots_.size(); ++slot) {
      threads_.emplace_back([this, slot, body] { work(slot, body); });
      std::lock_guard lock(mutex_);
      launched_ = threads_.size();
    }
  } catch (...) {
    // Could not start them all (resource limits): stop those that did start.
    stop();
    for (std::thread& t : threads_)
      t.join();
    threads_.clear();
    throw;
  }
}

bool WorkerPool::wait_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return ended_cv_.wait_for(lock, timeout, [this] { return ended_ == launched_; });
}

void WorkerPool::wait_for_results(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ended_cv_.wait_for(lock, timeout, [this] {
    return (!results_.empty() && held_bytes_ >= wake_bytes_) || ended_ == launched_;
  });
}

bool WorkerPool::finished() const {
  std::lock_guard lock(mutex_);
  return ended_ == launched_;
}

bool WorkerPool::failed() const {
  return failed_.load();
}

std::vector<ChunkResult> WorkerPool::take_results() {
  std::vector<ChunkResult> taken;
  std::lock_guard lock(mutex_);
  taken.swap(results_);
  held_bytes_ = 0;
  return taken;
}

u128 WorkerPool::numbers_done() const {
  u128 done = 0;
  for (const Slot& s : slots_)
    done += s.done.load(std::memory_order_relaxed);
  return done;
}

void WorkerPool::stop() {
  stop_.store(true);
  if (source_ != nullptr) source_->close();
  if (batches_ != nullptr) batches_->close();
}

void WorkerPool::join() {
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  for (const Slot& s : slots_) {
    if (s.error) std::rethrow_exception(s.error);
  }
}

}  // namespace primes
