/// @file kernel.hpp
/// The one interface every prime-counting kernel implements.
///
/// A kernel object counts the primes in ranges, one call at a time; it may keep buffers between
/// calls, so each worker (thread or process) owns its own. Kernels know nothing of threads or
/// MPI: they report how far they got through a ProgressSink, which the front ends implement.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "primes/choices.hpp"
#include "primes/range.hpp"

namespace primes {

/// Receives a kernel's progress. advance() is called from the counting thread after each
/// piece of work (a few milliseconds at most in the usual case), with the numbers of the range
/// finished since the last call; it may be called with 0 as a heartbeat during a long set-up.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void advance(std::uint64_t numbers_done) = 0;
};

/// Receives the primes a kernel finds (for --print), in increasing order, some at a time.
class PrimeSink {
 public:
  virtual ~PrimeSink() = default;
  virtual void primes(std::span<const std::uint64_t> found) = 0;
};

/// What one chunk gave, as its kernel's Join reads it: a count's chunk gives one word, its
/// primes; a piece of pi(x) gives its part of the sum (pi_job.hpp). This is what travels from a
/// worker to the collector, from a rank to rank 0, and into the checkpoint.
using ChunkValue = std::vector<std::uint64_t>;

class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual KernelKind kind() const noexcept = 0;
  /// Number of primes p with range.first <= p <= range.last; when `found` is set, each of them
  /// is also handed to it, in increasing order. Throws std::invalid_argument when
  /// range.first > range.last.
  virtual std::uint64_t count(Range range, ProgressSink* progress = nullptr,
                              PrimeSink* found = nullptr) = 0;
  /// The value of the chunk count() just counted, given what it returned: that count, for the
  /// kernels that count primes; kernels whose chunks are parts of one sum (the combinatorial
  /// pi(x)) return the part instead.
  virtual ChunkValue chunk_value(std::uint64_t counted) { return {counted}; }
};

/// A part of a job's work that the progress line shows on its own (gourdon's hard leaves, easy
/// leaves and P2), in the units of Join::work_of: how much of it is done, of how much.
struct WorkTerm {
  std::string name;
  u128 done = 0;
  u128 total = 0;
};

/// Adds up the values of a job's chunks, taken in any order, into the job's count: each kind
/// of kernel has its own (kernel_factory.hpp: make_join).
class Join {
 public:
  virtual ~Join() = default;
  /// Chunk `index`'s value (each index once). Throws std::runtime_error for a value that cannot
  /// be chunk `index`'s.
  virtual void add(std::uint64_t index, const ChunkValue& value) = 0;
  /// The count of the chunks added so far, where that is known: a sum of counts always, a sum
  /// of parts of pi(x) once every part is in.
  virtual std::optional<u128> count() const = 0;
  /// The primes a chunk's value stands for, credited to its worker: its count, or 0 for a part.
  virtual std::uint64_t primes_in(const ChunkValue& value) const = 0;
  /// When the chunks count the same thing twice (--double-check) and the two counts differ:
  /// one line saying so, with both; nothing otherwise.
  virtual std::optional<std::string> disagreement() const { return std::nullopt; }

  /// Progress. A chunk's share of the job's work, in the units its kernel's ProgressSink
  /// advances by: its numbers by default; a combinatorial kernel's estimate of a piece's cost.
  virtual u128 work_of(std::uint64_t /*index*/, Range chunk) const { return chunk.size(); }
  /// The whole job's work in those units (what the progress line counts up to).
  virtual u128 total_work(const ChunkPlan& plan) const { return plan.range().size(); }
  /// What the units are called on the progress line ("numbers"), or empty when they mean
  /// nothing to a reader (an estimate of cost: the line then shows the share and the time left).
  virtual std::string work_unit() const { return "numbers"; }
  /// The work by term, done counted over the chunks added so far (a resumed job's too): empty
  /// when the work has no parts worth naming (a count of primes).
  virtual std::vector<WorkTerm> work_by_term() const { return {}; }
};

/// The join of the kernels that count primes: every chunk's value is its count; they add up.
class CountJoin final : public Join {
 public:
  void add(std::uint64_t index, const ChunkValue& value) override;
  std::optional<u128> count() const override { return sum_; }
  std::uint64_t primes_in(const ChunkValue& value) const override;

 private:
  std::uint64_t sum_ = 0;
};

/// Builds one worker's kernel. Jobs carry one so that tests can inject a kernel that fails.
using KernelFactory = std::function<std::unique_ptr<Kernel>()>;

/// Throws std::invalid_argument unless range.first <= range.last (for Kernel implementations).
void check_range(Range range);

}  // namespace primes
