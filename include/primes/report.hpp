/// @file report.hpp
/// The one result document both programs produce, and its three renderings.
///
/// Text is the seed's line ("Threads: 25997 primes in 0.004 s with 2 threads"); JSON is one
/// object with every figure, including one entry per worker; CSV is a header and one row with
/// the same scalar fields. The schema is documented in README.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "primes/choices.hpp"
#include "primes/job.hpp"
#include "primes/range.hpp"
#include "primes/work.hpp"

namespace primes {

/// What one worker (a thread, or an MPI rank) did.
struct WorkerReport {
  std::uint64_t id = 0;
  std::string host;
  std::uint64_t chunks = 0;   ///< chunks (or blocks) it counted
  u128 numbers = 0;           ///< integers in those chunks
  std::uint64_t primes = 0;   ///< primes it found
  double busy_seconds = 0.0;  ///< time spent inside the kernel
  std::uint64_t rank = 0;     ///< its process (0 for primes-threads)
  std::uint64_t thread = 0;   ///< its thread within that process
};

struct Report {
  Frontend mode = Frontend::threads;
  Range range;
  /// A list job (--input): its file ("-" for standard input), instead of a range.
  std::optional<std::string> input;
  u128 numbers = 0;  ///< numbers counted in all (the range's size, or the list's length)
  u128 count = 0;    ///< the primes counted (past 2^64 for pi(x) above about 4.6e20)
  KernelKind kernel = KernelKind::sieve;
  /// Why --kernel auto chose `kernel`; empty when the user named it.
  std::string kernel_reason;
  /// --double-check: counted twice under two tunings; `disagreement` says how when the two
  /// counts differ (then `count` is not to be trusted and the programs end with status 1).
  bool double_checked = false;
  std::optional<std::string> disagreement;
  Schedule schedule = Schedule::static_blocks;
  u128 chunk_size = 0;
  std::uint64_t workers = 0;           ///< ranks x threads_per_rank
  std::uint64_t ranks = 1;             ///< processes
  std::uint64_t threads_per_rank = 1;  ///< worker threads in each
  u128 chunks = 0;                     ///< chunks counted in all by this run
  std::uint64_t resumed_chunks = 0;    ///< chunks read from a checkpoint instead of counted
  std::uint64_t resumed_primes = 0;    ///< their primes (part of `count`)
  double seconds = 0.0;                ///< wall time of the whole count, measured in the program
  bool stopped = false;  ///< stopped early by a signal: `count` covers the recorded chunks only
  /// The sizes the kernel chose on rank 0's host (the sieve's segment and block), by name.
  std::vector<std::pair<std::string, std::uint64_t>> kernel_parameters;
  /// Estimated peak memory of one worker's kernel on the plan's costliest chunk, in bytes.
  std::uint64_t memory_per_worker = 0;
  std::vector<WorkerReport> per_worker;
};

/// The result sink both programs collect into: adds up the stream of chunk results through the
/// job's join (kernel.hpp), and one WorkerReport per worker (workers that counted nothing keep
/// zeros).
class Tally final : public ResultSink {
 public:
  /// `join` may already hold chunks an earlier run counted (Work::join).
  Tally(std::uint64_t workers, std::shared_ptr<Join> join);
  void accept(ChunkResult result) override;
  /// The count of every chunk joined, earlier runs' included, where it is known (Join::count).
  std::optional<u128> count() const { return join_->count(); }
  /// Join::disagreement: the two counts of a --double-check, when they differ.
  std::optional<std::string> disagreement() const { return join_->disagreement(); }
  void set_host(std::uint64_t worker, std::string host);
  /// Numbers in the chunks accepted so far.
  u128 numbers() const noexcept { return numbers_; }
  const std::vector<WorkerReport>& workers() const noexcept { return workers_; }

 private:
  std::vector<WorkerReport> workers_;
  std::shared_ptr<Join> join_;
  u128 numbers_ = 0;
};

/// The report of a finished count of `job`, from `work` (its plan and what a checkpoint already
/// held) and the tally of this run's chunk results: the count is the join's, earlier runs'
/// chunks included; `workers` is their number.
Report make_report(Frontend mode, const Job& job, const Work& work, double seconds,
                   const Tally& tally);

/// The report of a finished list job (--input), read from `input`: batches instead of chunks.
Report make_list_report(Frontend mode, const Job& job, const std::string& input, double seconds,
                        const Tally& tally);

/// "threads" or "processes": the report's mode field.
std::string_view mode_name(Frontend mode) noexcept;

nlohmann::ordered_json to_json(const Report& report);
std::string render(const Report& report, Format format);

}  // namespace primes
