/// @file process_count.hpp
/// Counting with MPI processes: the seed's con_procesos(), where every worker is an MPI rank.
///
/// Every rank counts with a WorkerPool (the same worker loop as primes-threads) while its main
/// thread, the only one that calls MPI, talks to rank 0. Rank 0 is the coordinator and counts
/// too: under the static schedule it scatters each rank's share of the chunks (one block per
/// rank: the seed's dividir); under the dynamic one its main thread answers the other ranks'
/// chunk requests from the same atomic counter its own workers take from, so an answer never
/// waits for a kernel. Every rank sends each finished chunk's result to rank 0 as soon as its
/// main thread sees it, and rank 0 builds the report from that stream, as primes-threads does.
#pragma once

#include <boost/mpi/communicator.hpp>
#include <chrono>
#include <cstdint>
#include <optional>

#include "primes/job.hpp"
#include "primes/progress.hpp"
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

/// Collective over `world`: every rank calls it with the same job, whose `ranks` must be the
/// number of ranks; each counts with job.threads threads. Returns the report (mode "processes") on
/// rank 0 and nothing elsewhere. `on_progress` is used on rank 0 only, at most once per `interval`
/// (the other ranks send it their progress as often, and only when it is set); `stats` (rank 0, may
/// be null) receives the coordinator's figures.
std::optional<Report> count_with_processes(
    const boost::mpi::communicator& world, const Job& job, const ProgressCallback& on_progress = {},
    std::chrono::milliseconds interval = std::chrono::milliseconds(250),
    CoordinatorStats* stats = nullptr);

/// Ends the whole job after a runtime failure on this rank (MPI_Abort).
[[noreturn]] void abort_job(const boost::mpi::communicator& world, int status);

}  // namespace primes::mpi
