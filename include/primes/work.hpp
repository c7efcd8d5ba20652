/// @file work.hpp
/// The one worker loop of both programs, and the two interfaces it works between.
///
///   ChunkSource --index--> run_worker(): count plan.chunk(index) --ChunkResult--> ResultSink
///
/// A worker takes chunk indices from a source until the source has none left, counts each
/// chunk with its own kernel, and hands one ChunkResult per finished chunk to a sink. Where the
/// indices come from and where the results go is the front end's business: an atomic counter
/// and a queue in one process, the MPI protocol between processes. Chunk indices are stable
/// (ChunkPlan rebuilds any chunk from its index), so a result names its chunk exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "primes/kernel.hpp"
#include "primes/range.hpp"

namespace primes {

/// What one finished chunk gave.
struct ChunkResult {
  std::uint64_t worker = 0;  ///< the worker that counted it (thread number, or global id)
  std::uint64_t index = 0;   ///< the chunk's index in the plan
  Range range;               ///< the chunk itself
  std::uint64_t primes = 0;
  double busy_seconds = 0.0;  ///< time spent in the kernel
};

/// Hands out chunk indices. `slot` names the asking worker among those that share the source
/// (0 .. workers-1), for sources that give each worker its own share.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  /// The next chunk index for worker `slot`, or nothing when it has no more work.
  virtual std::optional<std::uint64_t> next(std::uint64_t slot) = 0;
  /// Ends the source early (the job is stopping): a worker that waits in next() for an index
  /// gets none. Sources that never wait need not do anything.
  virtual void close() {}
};

/// Receives the result of every finished chunk.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void accept(const ChunkResult& result) = 0;
};

/// Worker `worker` (slot `slot` of its source) counts chunks of `plan` until `source` has none
/// left. `progress` (may be null) hears the kernel's progress; whatever it throws ends the loop.
void run_worker(std::uint64_t worker, std::uint64_t slot, Kernel& kernel, const ChunkPlan& plan,
                ChunkSource& source, ResultSink& sink, ProgressSink* progress);

/// Chunk indices [begin, end) cut into `parts` contiguous shares of `share` indices (the last
/// ones shorter or empty): slot p takes the indices of share p in increasing order. The static
/// schedule's source. Each slot must be read by one thread only; slots need no lock.
class StaticShares final : public ChunkSource {
 public:
  StaticShares(u128 begin, u128 end, std::uint64_t parts, u128 share);
  std::optional<std::uint64_t> next(std::uint64_t slot) override;

 private:
  struct Cursor {
    u128 next;
    u128 end;
  };
  std::vector<Cursor> cursors_;
};

}  // namespace primes
