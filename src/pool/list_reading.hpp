/// @file list_reading.hpp
/// A list job's input, read in a thread of its own into the batch queue the workers take from
/// (in primes-mpi, rank 0's queue, which also answers the other ranks), so that the thread that
/// collects results or talks MPI never waits on a slow pipe. The queue is closed at the end of
/// the input or at the first bad token, whose message finish() gives.
#pragma once

#include <optional>
#include <string>
#include <thread>

#include "chunk_sources.hpp"
#include "primes/number_reader.hpp"

namespace primes {

class ListReading {
 public:
  ListReading() = default;
  ListReading(const ListReading&) = delete;
  ListReading& operator=(const ListReading&) = delete;
  /// On a failure elsewhere the reader may wait in read() on a pipe for good: the queue is
  /// closed and the thread let go (the process is ending).
  ~ListReading();
  /// Starts reading `reader` into `queue`, batch after batch.
  void start(NumberReader& reader, BatchQueue& queue);
  /// Waits for the reader; the one-line message of what stopped it early (bad input), if any.
  std::optional<std::string> finish();

 private:
  std::thread thread_;
  BatchQueue* queue_ = nullptr;
  std::optional<std::string> error_;
};

}  // namespace primes
