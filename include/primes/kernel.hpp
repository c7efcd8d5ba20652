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
#include <span>
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

class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual KernelKind kind() const noexcept = 0;
  /// Number of primes p with range.first <= p <= range.last; when `found` is set, each of them
  /// is also handed to it, in increasing order. Throws std::invalid_argument when
  /// range.first > range.last.
  virtual std::uint64_t count(Range range, ProgressSink* progress = nullptr,
                              PrimeSink* found = nullptr) = 0;
  /// Kernels whose chunks are parts of one sum that only adds up in order (the combinatorial
  /// pi(x): see pi_job.hpp) leave the last chunk's part here and count() returns 0; empty for
  /// the kernels whose chunk results are prime counts.
  virtual std::vector<std::uint64_t> take_part() { return {}; }
};

/// Builds one worker's kernel. Jobs carry one so that tests can inject a kernel that fails.
using KernelFactory = std::function<std::unique_ptr<Kernel>()>;

/// Throws std::invalid_argument unless range.first <= range.last (for Kernel implementations).
void check_range(Range range);

}  // namespace primes
