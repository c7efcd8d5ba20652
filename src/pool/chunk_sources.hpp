/// @file chunk_sources.hpp
/// The sources the pool's workers take work from, safe to share between threads.
///
/// SharedCounter: the next chunk index is an atomic counter; idle workers take the next one.
/// primes-threads' workers share one; rank 0 of primes-mpi shares one between its own workers
/// and the replies to the other ranks' requests.
/// ChunkQueue: indices that another thread puts in (a rank's main thread, as rank 0's replies
/// arrive); a worker that finds it empty waits until one arrives or the queue is closed. Once
/// closed (no more will come), workers take what is left, then end.
/// WindowGate: --print's bound on how far the workers run ahead of the writer.
/// BatchQueue: a list's batches, bounded.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "blocking_queue.hpp"
#include "primes/work.hpp"

namespace primes {

class SharedCounter final : public ChunkSource {
 public:
  /// Hands out the indices of `list` in order.
  explicit SharedCounter(ChunkList list) : list_(std::move(list)) {}
  std::optional<std::uint64_t> take() {
    if (closed_.load(std::memory_order_relaxed)) return std::nullopt;
    const std::uint64_t position = next_.fetch_add(1, std::memory_order_relaxed);
    if (u128{position} >= list_.size()) return std::nullopt;
    return list_.at(position);
  }
  std::optional<std::uint64_t> next(std::uint64_t /*slot*/) override { return take(); }
  /// Hands out nothing more (the job is stopping).
  void close() override { closed_.store(true); }

 private:
  ChunkList list_;
  std::atomic<std::uint64_t> next_{0};
  std::atomic<bool> closed_{false};
};

/// Chunk indices that another thread pushes (a rank's main thread, as rank 0's replies arrive).
class ChunkQueue final : public ChunkSource, public BlockingQueue<std::uint64_t> {
 public:
  std::optional<std::uint64_t> next(std::uint64_t /*slot*/) override { return pop(); }
  void close() override { BlockingQueue::close(); }
};

/// --print: lets a chunk index through only once it is less than `window` past the last chunk
/// written (advance()), so that the chunks finished but not yet written stay few. Wraps the
/// schedule's own source; a worker whose next chunk is too far ahead waits.
class WindowGate final : public ChunkSource {
 public:
  WindowGate(ChunkSource& inner, std::uint64_t window) : inner_(inner), window_(window) {}
  std::optional<std::uint64_t> next(std::uint64_t slot) override;
  void close() override;
  /// Every chunk below `written` is written.
  void advance(std::uint64_t written);

 private:
  ChunkSource& inner_;
  std::uint64_t window_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t written_ = 0;
  bool closed_ = false;
};

/// The batches of a list on their way to the workers: at most `capacity` wait, so that the
/// reader, which waits in push() while the queue is full, never runs ahead of the workers by
/// more than that (memory stays bounded however long the list is).
class BatchQueue final : public BatchSource, public BlockingQueue<Batch> {
 public:
  explicit BatchQueue(std::size_t capacity) : BlockingQueue(capacity) {}
  std::optional<Batch> next() override { return pop(); }
  void close() override { BlockingQueue::close(); }
};

}  // namespace primes
