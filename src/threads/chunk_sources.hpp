/// @file chunk_sources.hpp
/// The dynamic schedule's sources, safe to share between threads.
///
/// SharedCounter: the next chunk index is an atomic counter; idle workers take the next one.
/// primes-threads' workers share one; rank 0 of primes-mpi shares one between its own workers
/// and the replies to the other ranks' requests.
/// ChunkQueue: indices that another thread puts in (a rank's main thread, as rank 0's replies
/// arrive); a worker that finds it empty waits until one arrives or the queue is closed. Once
/// closed (no more will come), workers take what is left, then end.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

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

class ChunkQueue final : public ChunkSource {
 public:
  void push(std::uint64_t index);
  /// Indices taken by workers so far, and those waiting to be taken.
  std::uint64_t taken() const;
  std::size_t ready() const;
  /// Waits for an index; nothing once the queue is closed and empty.
  std::optional<std::uint64_t> next(std::uint64_t slot) override;
  void close() override;

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::uint64_t> indices_;
  std::uint64_t taken_ = 0;
  bool closed_ = false;
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
/// reader, which blocks in push() while the queue is full, never runs ahead of the workers by
/// more than that (memory stays bounded however long the list is).
class BatchQueue final : public BatchSource {
 public:
  explicit BatchQueue(std::size_t capacity) : capacity_(capacity) {}
  /// Waits for room; false (the batch dropped) once the queue is closed.
  bool push(Batch batch);
  /// A batch if one is waiting, without waiting.
  std::optional<Batch> try_next();
  /// Batches taken by workers so far, and those waiting to be taken.
  std::uint64_t taken() const;
  std::size_t ready() const;
  /// Whether the queue is closed and empty: nothing more will ever come out.
  bool drained() const;
  std::optional<Batch> next() override;
  /// No more batches will come: workers take what is left, then end; push() gives up.
  void close() override;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Batch> batches_;
  std::uint64_t taken_ = 0;
  bool closed_ = false;
};

}  // namespace primes
