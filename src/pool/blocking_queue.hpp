/// @file blocking_queue.hpp
/// A queue between threads: one side pushes (waiting for room when it has a capacity), the
/// other pops (waiting for an item). Once closed, pushes are refused and pops take what is left,
/// then get nothing: the way a producer says "no more will come" and a stopping job says "stop
/// waiting". The pool's chunk and batch sources are this queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

namespace primes {

template <class T>
class BlockingQueue {
 public:
  explicit BlockingQueue(std::size_t capacity = std::numeric_limits<std::size_t>::max())
      : capacity_(capacity) {}
  BlockingQueue(const BlockingQueue&) = delete;
  BlockingQueue& operator=(const BlockingQueue&) = delete;

  /// Waits for room; false (the item dropped) once the queue is closed.
  bool push(T item) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    lock.unlock();
    cv_.notify_all();
    return true;
  }
  /// Waits for an item; nothing once the queue is closed and empty.
  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !items_.empty() || closed_; });
    return take(lock);
  }
  /// An item if one is there, without waiting.
  std::optional<T> try_pop() {
    std::unique_lock lock(mutex_);
    return take(lock);
  }
  /// No more items will come: pops take what is left, pushes are refused, nobody waits.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    cv_.notify_all();
  }
  /// Items popped so far, and those waiting to be.
  std::uint64_t taken() const {
    std::lock_guard lock(mutex_);
    return taken_;
  }
  std::size_t ready() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  /// Whether the queue is closed and empty: nothing more will ever come out.
  bool drained() const {
    std::lock_guard lock(mutex_);
    return closed_ && items_.empty();
  }

 private:
  std::optional<T> take(std::unique_lock<std::mutex>& lock) {
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    ++taken_;
    lock.unlock();
    cv_.notify_all();  // a pusher may wait for the room
    return item;
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<T> items_;
  std::uint64_t taken_ = 0;
  bool closed_ = false;
};

}  // namespace primes
