/// @file main.cpp
/// primes-mpi: counts the primes in a range with MPI processes (mpirun -np N primes-mpi ...).
///
/// Every rank reads the command line; rank 0 also opens the checkpoint. Before anything else
/// every rank shares its verdict and a fingerprint of its arguments with the others, so bad input
/// on any rank ends every rank at once with the same status, and only rank 0 says why.
#include <fcntl.h>
#include <unistd.h>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string_view>

#include "primes/checkpoint.hpp"
#include "primes/cli.hpp"
#include "primes/host.hpp"
#include "primes/job.hpp"
#include "primes/number_parser.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"
#include "primes/stop_signals.hpp"
#include "process_count.hpp"

namespace {

using namespace primes;

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
std::uint64_t threads_per_rank(const Options& options) {
  if (options.threads != 0) return options.threads;
  const char* slurm = std::getenv("SLURM_CPUS_PER_TASK");
  if (slurm == nullptr || *slurm == '\0') return 1;
  try {
    const std::uint64_t n = parse_number(slurm);
    if (n >= 1 && n <= kMaxThreads) return n;
  } catch (const NumberError&) {
  }
  throw UsageError("SLURM_CPUS_PER_TASK=" + quoted(slurm) +
                   " is not a number of threads (give --threads N)");
}

// FNV-1a over the arguments: ranks of one job must have been given the same ones.
std::uint64_t fingerprint(int argc, char** argv) {
  std::uint64_t h = 14695981039346656037ull;
  for (int i = 1; i < argc; ++i) {
    for (std::string_view a(argv[i]);; a.remove_prefix(1)) {
      h = (h ^ (a.empty() ? 0u : static_cast<unsigned char>(a.front()))) * 1099511628211ull;
      if (a.empty()) break;
    }
  }
  return h;
}

int exit_status(mpi::Verdict v) {
  switch (v) {
    case mpi::Verdict::count:
    case mpi::Verdict::done:
      return kExitOk;
    case mpi::Verdict::failure:
      return kExitFailure;
    case mpi::Verdict::usage:
      break;
  }
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Each rank counts with worker threads; only its main thread calls MPI.
  boost::mpi::environment environment(argc, argv, boost::mpi::threading::funneled,
                                      /*abort_on_exception=*/false);
  const boost::mpi::communicator world;
  const bool root = world.rank() == 0;
  if (boost::mpi::environment::thread_level() < boost::mpi::threading::funneled) {
    if (root) std::cerr << "primes-mpi: this MPI library does not support threads in a rank\n";
    return kExitFailure;
  }

  // Every rank's verdict on its command line; rank 0 also opens the checkpoint.
  const CommandLine command_line =
      read_command_line(Frontend::processes, argc, argv, std::cout, std::cerr, root);
  mpi::Verdict mine = command_line.options                  ? mpi::Verdict::count
                      : command_line.exit_status == kExitOk ? mpi::Verdict::done
                                                            : mpi::Verdict::usage;
  std::optional<Job> job;
  std::optional<Checkpoint> checkpoint;
  std::vector<std::string> warnings;
  if (mine == mpi::Verdict::count) {
    const Options& options = *command_line.options;
    try {
      job = make_job(options, static_cast<std::uint64_t>(world.size()), threads_per_rank(options));
      if (root && options.checkpoint) {
        checkpoint.emplace(Checkpoint::open(
            *options.checkpoint, *job, std::chrono::seconds(options.checkpoint_every), warnings));
      }
    } catch (const UsageError& e) {
      if (root) std::cerr << "primes-mpi: " << e.what() << std::endl;
      mine = mpi::Verdict::usage;
    } catch (const std::exception& e) {
      if (root) std::cerr << "primes-mpi: " << e.what() << std::endl;
      mine = mpi::Verdict::failure;
    }
  }
  const mpi::StartAgreement agreed = mpi::agree_to_start(world, mine, fingerprint(argc, argv));
  if (!agreed.same_command_line) {
    if (root) {
      std::cerr << "primes-mpi: the ranks were given different command lines (every rank of a job "
                   "needs the same arguments)"
                << std::endl;
    }
    return kExitUsage;
  }
  if (agreed.verdict != mpi::Verdict::count) {
    if (root && agreed.verdict > mine) {
      std::cerr
          << "primes-mpi: another rank could not start (its environment differs from rank 0's)"
          << std::endl;
    }
    return exit_status(agreed.verdict);
  }

  const Options& options = *command_line.options;
  try {
    for (const std::string& w : warnings)
      std::cerr << "primes-mpi: warning: " << w << "\n";
    if (root && job->threads > usable_cpus()) {
      std::cerr << "primes-mpi: warning: rank 0 may run on " << usable_cpus() << " CPU"
                << (usable_cpus() == 1 ? "" : "s") << " but has " << job->threads
                << " worker threads: start mpirun with --bind-to none, or --map-by slot:PE="
                << job->threads << "\n";
    }
    const bool terminal = root && stderr_reaches_terminal();
    const bool draw = root && progress_enabled(options.progress, terminal);
    ProgressMeter meter(stderr, job->range.size(), draw, terminal);
    // With a checkpoint, a signal stops the job cleanly (installed after the meter's own).
    std::optional<StopSignals> signals;
    if (options.checkpoint) signals.emplace();

    mpi::ProcessRun run;
    if (root) run.work = checkpoint ? checkpoint->work() : fresh_work(*job);
    if (draw) run.control.on_progress = [&meter](u128 done, double s) { meter.update(done, s); };
    run.control.checkpoint = checkpoint ? &*checkpoint : nullptr;
    run.control.stop_on_signal = options.checkpoint.has_value();
    if (options.stall_timeout) run.stall_timeout = std::chrono::seconds(*options.stall_timeout);

    const mpi::ProcessResult result = mpi::count_with_processes(world, *job, run);
    meter.finish();
    if (result.stopped) {
      if (root) {
        const int signal_number = StopSignals::received();
        std::cerr << "primes-mpi: stopped early ("
                  << (signal_number != 0 ? "signal " + std::to_string(signal_number)
                                         : std::string("a signal reached another rank"))
                  << "); " << to_decimal(checkpoint->recorded()) << " of "
                  << to_decimal(run.work->plan.count()) << " chunks are in "
                  << quoted(checkpoint->path()) << ": run the same command to continue"
                  << std::endl;
      }
      return kExitStopped;
    }
    if (result.report) {
      std::cout << render(*result.report, options.format) << std::flush;
      if (!std::cout) {
        std::cerr << "primes-mpi: cannot write the result to standard output\n";
        return kExitFailure;
      }
    }
  } catch (const mpi::StallError& e) {
    std::cerr << "primes-mpi: " << e.what() << std::endl;
    mpi::abort_job(world, kExitFailure);
  } catch (const std::exception& e) {
    std::cerr << "primes-mpi: rank " << world.rank() << ": " << e.what() << std::endl;
    mpi::abort_job(world, kExitFailure);
  }
  return kExitOk;
}
