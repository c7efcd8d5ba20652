/// @file main.cpp
/// primes-mpi: counts the primes in a range with MPI processes (mpirun -np N primes-mpi ...).
///
/// Every rank reads the same command line and reaches the same verdict on it, so bad input ends
/// every rank at once with status 2, before any communication, and only rank 0 says why.
#include <fcntl.h>
#include <unistd.h>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "primes/cli.hpp"
#include "primes/host.hpp"
#include "primes/job.hpp"
#include "primes/number_parser.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"
#include "process_count.hpp"

namespace {

// Whether the user sees this rank's stderr on a terminal. Under mpirun a rank's stderr is a pipe
// to mpirun even when mpirun writes to a terminal, and rank 0 is usually mpirun's child: so look
// at the parent's stderr too. (Under srun or a remote daemon, neither is a terminal.)
bool stderr_reaches_terminal() {
  if (::isatty(STDERR_FILENO) != 0) return true;
  const std::string parent_stderr = "/proc/" + std::to_string(::getppid()) + "/fd/2";
  const int fd = ::open(parent_stderr.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool terminal = ::isatty(fd) != 0;
  ::close(fd);
  return terminal;
}

// Worker threads per rank: --threads, else Slurm's --cpus-per-task, else 1.
std::uint64_t threads_per_rank(const primes::Options& options) {
  if (options.threads != 0) return options.threads;
  const char* slurm = std::getenv("SLURM_CPUS_PER_TASK");
  if (slurm == nullptr || *slurm == '\0') return 1;
  try {
    const std::uint64_t n = primes::parse_number(slurm);
    if (n >= 1 && n <= primes::kMaxThreads) return n;
  } catch (const primes::NumberError&) {
  }
  throw primes::UsageError("SLURM_CPUS_PER_TASK=" + primes::quoted(slurm) +
                           " is not a number of threads (give --threads N)");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace primes;
  // Each rank counts with worker threads; only its main thread calls MPI.
  boost::mpi::environment environment(argc, argv, boost::mpi::threading::funneled,
                                      /*abort_on_exception=*/false);
  const boost::mpi::communicator world;
  const bool root = world.rank() == 0;
  if (boost::mpi::environment::thread_level() < boost::mpi::threading::funneled) {
    if (root) std::cerr << "primes-mpi: this MPI library does not support threads in a rank\n";
    return kExitFailure;
  }

  const CommandLine command_line =
      read_command_line(Frontend::processes, argc, argv, std::cout, std::cerr, root);
  if (!command_line.options) return command_line.exit_status;
  const Options& options = *command_line.options;
  std::uint64_t threads = 1;
  try {
    threads = threads_per_rank(options);
  } catch (const UsageError& e) {
    if (root) std::cerr << "primes-mpi: " << e.what() << std::endl;
    return kExitUsage;
  }
  if (root && threads > usable_cpus()) {
    std::cerr << "primes-mpi: warning: rank 0 may run on " << usable_cpus() << " CPU"
              << (usable_cpus() == 1 ? "" : "s") << " but has " << threads
              << " worker threads: start mpirun with --bind-to none, or --map-by slot:PE="
              << threads << "\n";
  }
  try {
    const Job job = make_job(options, static_cast<std::uint64_t>(world.size()), threads);
    const bool terminal = root && stderr_reaches_terminal();
    const bool draw = root && progress_enabled(options.progress, terminal);
    ProgressMeter meter(stderr, job.range.size(), draw, terminal);
    ProgressCallback on_progress;
    if (draw) on_progress = [&meter](u128 done, double elapsed) { meter.update(done, elapsed); };

    const std::optional<Report> report = mpi::count_with_processes(world, job, on_progress);
    meter.finish();
    if (report) {
      std::cout << render(*report, options.format) << std::flush;
      if (!std::cout) {
        std::cerr << "primes-mpi: cannot write the result to standard output\n";
        return kExitFailure;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "primes-mpi: rank " << world.rank() << ": " << e.what() << std::endl;
    mpi::abort_job(world, kExitFailure);
  }
  return kExitOk;
}
