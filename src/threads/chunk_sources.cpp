/// @file chunk_sources.cpp
/// The queue a rank's workers take chunks from (see chunk_sources.hpp).
#include "chunk_sources.hpp"

namespace primes {

void ChunkQueue::push(std::uint64_t index) {
  {
    std::lock_guard lock(mutex_);
    indices_.push_back(index);
  }
  cv_.notify_one();
}

void ChunkQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

std::uint64_t ChunkQueue::taken() const {
  std::lock_guard lock(mutex_);
  return taken_;
}

std::size_t ChunkQueue::ready() const {
  std::lock_guard lock(mutex_);
  return indices_.size();
}

std::optional<std::uint64_t> ChunkQueue::next(std::uint64_t /*slot*/) {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return !indices_.empty() || closed_; });
  if (indices_.empty()) return std::nullopt;
  const std::uint64_t index = indices_.front();
  indices_.pop_front();
  ++taken_;
  return index;
}

std::optional<std::uint64_t> WindowGate::next(std::uint64_t slot) {
  const std::optional<std::uint64_t> index = inner_.next(slot);
  if (!index) return index;
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return *index < written_ + window_ || closed_; });
  if (closed_) return std::nullopt;
  return index;
}

void WindowGate::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
  inner_.close();
}

void WindowGate::advance(std::uint64_t written) {
  {
    std::lock_guard lock(mutex_);
    if (written <= written_) return;
    written_ = written;
  }
  cv_.notify_all();
}

bool BatchQueue::push(Batch batch) {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return batches_.size() < capacity_ || closed_; });
  if (closed_) return false;
  batches_.push_back(std::move(batch));
  lock.unlock();
  cv_.notify_all();
  return true;
}

std::optional<Batch> BatchQueue::try_next() {
  std::unique_lock lock(mutex_);
  if (batches_.empty()) return std::nullopt;
  Batch b = std::move(batches_.front());
  batches_.pop_front();
  lock.unlock();
  cv_.notify_all();
  return b;
}

std::uint64_t BatchQueue::taken() const {
  std::lock_guard lock(mutex_);
  return taken_;
}

std::size_t BatchQueue::ready() const {
  std::lock_guard lock(mutex_);
  return batches_.size();
}

bool BatchQueue::drained() const {
  std::lock_guard lock(mutex_);
  return closed_ && batches_.empty();
}

std::optional<Batch> BatchQueue::next() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [this] { return !batches_.empty() || closed_; });
  if (batches_.empty()) return std::nullopt;
  Batch b = std::move(batches_.front());
  batches_.pop_front();
  ++taken_;
  lock.unlock();
  cv_.notify_all();
  return b;
}

void BatchQueue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  cv_.notify_all();
}

}  // namespace primes
