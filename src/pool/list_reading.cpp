/// @file list_reading.cpp
/// Reading a list into the workers' queue (see list_reading.hpp).
#include "list_reading.hpp"

namespace primes {

ListReading::~ListReading() {
  if (thread_.joinable()) {
    queue_->close();
    thread_.detach();
  }
}

void ListReading::start(NumberReader& reader, BatchQueue& queue) {
  queue_ = &queue;
  thread_ = std::thread([this, &reader, &queue] {
    try {
      for (std::uint64_t index = 0;; ++index) {
        Batch batch;
        batch.index = index;
        batch.first = reader.count();
        if (!reader.next(batch.numbers, kListBatch) || !queue.push(std::move(batch))) break;
      }
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    queue.close();
  });
}

std::optional<std::string> ListReading::finish() {
  if (thread_.joinable()) thread_.join();
  return error_;
}

}  // namespace primes
