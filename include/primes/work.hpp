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
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "primes/kernel.hpp"
#include "primes/prime_output.hpp"
#include "primes/range.hpp"

namespace primes {

/// What one finished chunk gave.
struct ChunkResult {
  std::uint64_t worker = 0;   ///< the worker that counted it (thread number, or global id)
  std::uint64_t index = 0;    ///< the chunk's index in the plan
  Range range;                ///< the chunk itself
  ChunkValue value{};         ///< what its kernel's join adds up (kernel.hpp)
  double busy_seconds = 0.0;  ///< time spent in the kernel
  /// With --print: the chunk's primes as decimal lines (prime_output.hpp); empty otherwise.
  PrimeLines found{};
};

/// Results as bytes, for a trip between processes (primes-mpi's kResults message): each one's
/// fields, value and text one after the other. decode_results() reads them back, and throws
/// std::runtime_error for bytes that are not such results.
Bytes encode_results(const std::vector<ChunkResult>& results);
std::vector<ChunkResult> decode_results(const Bytes& bytes);

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
  virtual void accept(ChunkResult result) = 0;
};

/// Worker `worker` (slot `slot` of its source) counts chunks of `plan` until `source` has none
/// left. `progress` (may be null) hears the kernel's progress; whatever it throws ends the loop.
/// With `print`, each result also carries the chunk's primes.
void run_worker(std::uint64_t worker, std::uint64_t slot, Kernel& kernel, const ChunkPlan& plan,
                ChunkSource& source, ResultSink& sink, ProgressSink* progress, bool print = false);

/// Chunk indices still to count, in increasing order: every index of [begin, end), or an
/// explicit list (what a checkpoint left to do). Cheap to copy and to slice: slices share the
/// list.
class ChunkList {
 public:
  /// Indices begin, begin + 1, ..., end - 1.
  static ChunkList range(u128 begin, u128 end);
  /// These indices (increasing).
  static ChunkList of(std::vector<std::uint64_t> indices);

  u128 size() const noexcept { return end_ - begin_; }
  bool empty() const noexcept { return size() == 0; }
  /// The index at `position` (< size()).
  std::uint64_t at(u128 position) const noexcept;
  /// Positions [begin, end) of this list (clamped to its size), as a list of their own.
  ChunkList slice(u128 begin, u128 end) const;
  /// Every index, for sending (size() must be small).
  std::vector<std::uint64_t> indices() const;

 private:
  std::shared_ptr<const std::vector<std::uint64_t>> list_;  // null: the identity
  u128 begin_ = 0;
  u128 end_ = 0;
};

/// A batch of a list of numbers (--input): the chunk of a list job. `first` is the position of
/// its first number in the input (0-based), so its chunk "range" is [first, first + size - 1].
struct Batch {
  std::uint64_t index = 0;
  std::uint64_t first = 0;
  std::vector<std::uint64_t> numbers;
};

/// Hands out the batches of a list, in order.
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  /// The next batch, or nothing once the list is exhausted (may wait for one).
  virtual std::optional<Batch> next() = 0;
  /// Ends the source early: a worker that waits in next() gets nothing.
  virtual void close() {}
};

/// Worker `worker` tests every number of every batch from `source` and hands one ChunkResult per
/// batch to `sink` (its range: the batch's positions in the input). `progress` (may be null)
/// hears each batch's size; whatever it throws ends the loop.
void run_list_worker(std::uint64_t worker, BatchSource& source, ResultSink& sink,
                     ProgressSink* progress, bool print = false);

/// Numbers per batch of a list: big enough that handing one out costs nothing next to testing
/// it, small enough that the batches in flight stay a few MiB.
inline constexpr std::size_t kListBatch = 16384;

/// What is left of a job: the plan of its chunks, those still to count, and the join that adds
/// the chunks' values up, already holding those that an earlier run counted (a checkpoint's).
struct Work {
  ChunkPlan plan;
  ChunkList todo;
  std::shared_ptr<Join> join;
  std::uint64_t resumed_chunks = 0;
  std::uint64_t resumed_primes = 0;  ///< the primes those chunks stand for (Join::primes_in)
  u128 resumed_numbers = 0;
  u128 resumed_work = 0;  ///< their share of the work, for progress (Join::work_of)
};

/// The static schedule's source: `list` cut into `parts` contiguous shares of `share` positions
/// (the last ones shorter or empty): slot p takes share p in increasing order. Each slot must be
/// read by one thread only; slots need no lock.
class StaticShares final : public ChunkSource {
 public:
  StaticShares(ChunkList list, std::uint64_t parts, u128 share);
  std::optional<std::uint64_t> next(std::uint64_t slot) override;

 private:
  struct Cursor {
    u128 next;
    u128 end;
  };
  ChunkList list_;
  std::vector<Cursor> cursors_;
};

}  // namespace primes
