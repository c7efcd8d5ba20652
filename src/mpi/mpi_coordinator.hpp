/// @file mpi_coordinator.hpp
/// Counting with MPI processes: the seed's con_procesos(), where every worker is an MPI rank.
///
/// Rank 0 is the coordinator and a worker too. Under the static schedule it cuts the range into
/// one block per rank (the seed's dividir) and scatters the block descriptors; under the dynamic
/// one ranks ask it for the next chunk index until none is left, keeping one request ahead so
/// that they rarely wait. Rank 0 answers those requests from inside its own count (the kernel's
/// progress hook calls it every few milliseconds), so it counts primes with a full core and
/// never spins: every wait in this module polls and sleeps instead of blocking in MPI, whose
/// blocking calls busy-poll. At the end rank 0 gathers every rank's figures.
///
/// Every MPI call of the project is in mpi_coordinator.cpp, except the creation of the
/// environment in main.cpp.
#pragma once

#include <boost/mpi/communicator.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "primes/kernel.hpp"
#include "primes/range.hpp"
#include "primes/report.hpp"
#include "primes/schedule.hpp"

namespace primes::mpi {

struct MpiJob {
  Range range;
  KernelKind kernel = KernelKind::sieve;
  Schedule schedule = Schedule::static_blocks;
  std::optional<std::uint64_t> chunk_size;
  /// Builds each rank's kernel; make_kernel(kernel) when empty. Lets tests inject a kernel.
  std::function<std::unique_ptr<Kernel>()> kernel_factory;
};

/// Called on rank 0 with the numbers counted so far by all ranks.
using ProgressCallback = std::function<void(u128 numbers_done, double elapsed_seconds)>;

/// Collective over `world`: every rank calls it with the same job. Returns the report (mode
/// "processes") on rank 0 and nothing on the other ranks. `on_progress` is used on rank 0 only,
/// at most once per `interval`.
std::optional<Report> count_with_processes(
    const boost::mpi::communicator& world, const MpiJob& job,
    const ProgressCallback& on_progress = {},
    std::chrono::milliseconds interval = std::chrono::milliseconds(250));

/// Ends the whole job after a runtime failure on this rank (MPI_Abort).
[[noreturn]] void abort_job(const boost::mpi::communicator& world, int status);

}  // namespace primes::mpi
