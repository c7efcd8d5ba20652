/// @file chunk_sources.cpp
/// The window of --print (see chunk_sources.hpp).
#include "chunk_sources.hpp"

namespace primes {

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

}  // namespace primes
