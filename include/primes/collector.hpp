/// @file collector.hpp
/// Where every finished chunk goes, in both programs, and what their main thread does between
/// results. primes-threads hands its pool's results to the collector directly; rank 0 of
/// primes-mpi hands it its own pool's results and those the other ranks send. For each result
/// the collector:
///   1. records it in the checkpoint (before anything else, so that it survives the process);
///   2. writes its primes, in chunk order (--print);
///   3. joins its value into the count and credits its worker (Tally).
/// Between results it makes the checkpoint durable when due, draws progress and watches for a
/// signal that asks the job to stop; at the end it gives the report.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "primes/checkpoint.hpp"
#include "primes/clock.hpp"
#include "primes/job.hpp"
#include "primes/prime_output.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"
#include "primes/work.hpp"

namespace primes {

/// How often a main thread looks at a stop request at the least (a stop must be quick: under
/// mpirun, SIGKILL follows SIGTERM within a second).
inline constexpr std::chrono::milliseconds kStopPoll{50};

/// Bytes of finished results that may wait for the main thread (see Collector::wake_bytes): at
/// 256 KiB, pi(1e18) on 2 threads peaks 1 MiB above taking each result at once (1 MiB: 2.4).
inline constexpr std::size_t kHeldResultBytes = std::size_t{1} << 18;

struct CollectorSettings {
  /// Called with the numbers counted so far, every `interval` and once at the end.
  ProgressCallback on_progress;
  std::chrono::milliseconds interval{250};
  /// The journal of finished chunks (the run's Work comes from it); null without --checkpoint.
  Checkpoint* checkpoint = nullptr;
  /// Stop early once StopSignals::requested(); set with --checkpoint.
  bool stop_on_signal = false;
  /// --print (job.print): where the primes go, and its name in messages.
  int print_fd = 1;
  std::string print_to = "standard output";
};

class Collector {
 public:
  /// Collects the results of `work` (a list job's: an empty one) for `workers` workers;
  /// `start` is when the count began (the report's seconds).
  Collector(const Job& job, const Work& work, const CollectorSettings& settings,
            Clock::time_point start);

  void set_host(std::uint64_t worker, std::string host) {
    tally_.set_host(worker, std::move(host));
  }
  /// Records, writes and joins these results (see above).
  void accept(std::vector<ChunkResult> results);
  /// Between results: makes the checkpoint durable when it is due, draws progress at most once
  /// an interval from `counted` (numbers this run has counted, chunks in flight included), and
  /// says whether a signal asks the job to stop (then the checkpoint is made durable first).
  bool tick(u128 counted);
  /// How many bytes of finished results may wait for the main thread before it takes them (0
  /// for --print, whose writer takes each as it comes; else enough that small values, like the
  /// sieve's counts and gourdon's pieces, wake it seldom, while lmo's parts, a MiB each near 1,
  /// and gourdon's hard pieces at large x, some KiB each, cannot pile up), and how long it may
  /// wait between ticks.
  std::size_t wake_bytes() const noexcept { return wake_bytes_; }
  std::chrono::milliseconds wake() const noexcept { return wake_; }
  /// --print: every chunk below this index is written.
  std::uint64_t written() const noexcept { return writer_ ? writer_->next_index() : 0; }
  /// Numbers in the chunks accepted so far.
  u128 numbers() const noexcept { return tally_.numbers(); }
  /// The end, once every result is in: the checkpoint durable, the last progress (unless
  /// `stopped`) and the report.
  Report finish(Frontend mode, bool stopped);

 private:
  const Job& job_;
  const Work& work_;
  CollectorSettings settings_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  Tally tally_;
  u128 accepted_work_ = 0;  // the accepted chunks' work (Join::work_of), for the last progress
  std::optional<OrderedPrimeWriter> writer_;
  std::size_t wake_bytes_ = kHeldResultBytes;
  std::chrono::milliseconds wake_{std::chrono::hours(1)};
};

}  // namespace primes
