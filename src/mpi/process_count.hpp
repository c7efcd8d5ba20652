/// @file process_count.hpp
/// Counting with MPI processes: the seed's con_procesos(), where every worker is an MPI rank.
///
/// Every rank counts with a WorkerPool (the same worker loop as primes-threads) while its main
/// thread, the only one that calls MPI, talks to rank 0. Rank 0 is the coordinator and counts
/// too: under the static schedule it scatters each rank's share of the chunks (one block per
/// rank: the seed's dividir); under the dynamic one its main thread answers the other ranks'
/// chunk requests from the same atomic counter its own workers take from, so an answer never
/// waits for a kernel. Every rank sends each finished chunk's result to rank 0 as soon as its
/// main thread sees it; rank 0 builds the report from that stream, as primes-threads does, and
/// records each result in the checkpoint. A signal on any rank stops the whole job cleanly.
#pragma once

#include <boost/mpi/communicator.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "primes/collector.hpp"
#include "primes/job.hpp"
#include "primes/number_reader.hpp"
#include "primes/report.hpp"

namespace primes::mpi {

/// How the coordinator fared (rank 0 only): for benchmarks of the protocol.
struct CoordinatorStats {
  std::uint64_t requests = 0;        ///< chunk requests rank 0 answered
  double max_reply_wait = 0.0;       ///< the longest any rank waited for a reply, in seconds
  std::uint64_t progress_notes = 0;  ///< progress notes received (only while 0 draws progress)
  std::uint64_t results = 0;         ///< chunk results received from the other ranks
  double serve_cpu_seconds = 0.0;    ///< CPU time of rank 0's main thread (serving, polling)
};

/// What a rank takes part in a count with.
struct ProcessRun {
  /// Rank 0: what is left to count (from its checkpoint, or all of the job); ignored elsewhere.
  std::optional<Work> work;
  /// Rank 0: where results go (progress, checkpoint, --print's output). Every rank:
  /// stop_on_signal.
  CollectorSettings settings;
  /// End the job when a rank with work has sent nothing for this long (heartbeats flow then).
  std::optional<std::chrono::seconds> stall_timeout;
  /// Rank 0, may be null: the coordinator's figures.
  CoordinatorStats* stats = nullptr;
  /// Rank 0 of a list job (job.input): where the numbers come from.
  NumberReader* reader = nullptr;
};

/// What a count gave: the report on rank 0, and on every rank whether a signal stopped it.
struct ProcessResult {
  std::optional<Report> report;
  bool stopped = false;
  /// A list job whose input held a bad token: every rank knows; rank 0 has the message.
  bool bad_input = false;
  std::string input_error;
};

/// A rank fell silent for longer than --stall-timeout: the job is ended (exit status 1).
class StallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Collective over `world`: every rank calls it with the same job, whose `ranks` must be the
/// number of ranks; each counts with job.threads threads.
ProcessResult count_with_processes(const boost::mpi::communicator& world, const Job& job,
                                   const ProcessRun& run);

/// The same with no checkpoint and no signals, for tests and benchmarks: progress on rank 0 at
/// most once per `interval` (the other ranks send notes as often, and only when it is set).
ProcessResult count_with_processes(
    const boost::mpi::communicator& world, const Job& job, const ProgressCallback& on_progress = {},
    std::chrono::milliseconds interval = std::chrono::milliseconds(250),
    CoordinatorStats* stats = nullptr);

/// What a rank concluded before counting, worst last: the job counts only if every rank says
/// count; otherwise every rank ends with the worst verdict.
enum class Verdict : int { count = 0, done = 1, failure = 2, usage = 3 };

struct StartAgreement {
  Verdict verdict = Verdict::count;
  bool same_command_line = true;  ///< every rank gave the same fingerprint
};

/// Collective, and the first communication of every job: every rank's verdict on its command line
/// (and rank 0's on its checkpoint) and a fingerprint of its argv, so that no rank ever waits for
/// one that gave up, nor counts with other arguments than the rest (an MPMD launch).
StartAgreement agree_to_start(const boost::mpi::communicator& world, Verdict mine,
                              std::uint64_t fingerprint);

/// Ends the whole job after a runtime failure on this rank (MPI_Abort).
[[noreturn]] void abort_job(const boost::mpi::communicator& world, int status);

}  // namespace primes::mpi
