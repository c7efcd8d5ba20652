/// @file program.cpp
/// primes-mpi's program (see program.hpp): every rank reads the command line; rank 0 also opens
/// the checkpoint. Before anything else every rank shares its verdict and a fingerprint of its
/// arguments with the others, so bad input on any rank ends every rank at once with the same
/// status, and only rank 0 says why.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <new>
#include <optional>
#include <sstream>
#include <string_view>

#include "primes/checkpoint.hpp"
#include "primes/cli.hpp"
#include "primes/host.hpp"
#include "primes/job.hpp"
#include "primes/number_parser.hpp"
#include "primes/number_reader.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"
#include "primes/stop_signals.hpp"
#include "process_count.hpp"
#include "program.hpp"

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

// Whether this process is a rank that mpirun started itself and whose stdout mpirun copies to
// its own (a pseudo-terminal or a pipe to mpirun), not to files of --output-filename.
bool stdout_copied_by_mpirun(const std::string& parent) {
  std::ifstream comm_file(parent + "/comm");
  std::string comm;
  std::getline(comm_file, comm);
  if (comm != "mpirun" && comm != "mpiexec" && comm != "orterun") return false;
  std::ifstream cmdline(parent + "/cmdline");
  const std::string args((std::istreambuf_iterator<char>(cmdline)),
                         std::istreambuf_iterator<char>());
  if (args.find("output-filename") != std::string::npos) return false;
  struct stat own {};
  return ::fstat(STDOUT_FILENO, &own) == 0 && (S_ISFIFO(own.st_mode) || S_ISCHR(own.st_mode));
}

// Whether a descriptor, by its /proc fdinfo, was opened for writing.
bool opened_for_writing(const std::string& fdinfo) {
  std::ifstream in(fdinfo);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("flags:")) {
      const unsigned long flags = std::stoul(line.substr(6), nullptr, 8);
      return (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
    }
  }
  return false;
}

// Where rank 0's output (the report, or the primes of --print) goes. Under mpirun, rank 0's
// stdout is a pseudo-terminal or pipe that mpirun copies to its own stdout, and mpirun says
// nothing when that copy fails (> /dev/full, | true, >&-: status 0, the result lost); it is slow
// (a few tens of MB/s) and stops after iof_base_output_limit (2 GiB). So rank 0, when it is
// mpirun's child, writes to mpirun's stdout itself: through the very same open file
// (pidfd_getfd, Linux 5.6), whose offset the shell and later commands share, or for a terminal,
// pipe or device by opening it anew. Where neither is allowed, mpirun's copy remains.
struct Output {
  int fd = STDOUT_FILENO;
  bool owned = false;
  std::optional<std::string> problem;  ///< why nothing can be written
  Output() = default;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output() {
    if (owned) ::close(fd);
  }
};

// mpirun's descriptor `fd` itself, in this process; -1 where the kernel does not allow it.
int borrow_descriptor(pid_t pid, int fd) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return -1;
  const int copy = static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd, fd, 0));
  ::close(pidfd);
  return copy;
#else
  (void)pid;
  (void)fd;
  return -1;
#endif
}

void open_output(Output& out) {
  const std::string parent = "/proc/" + std::to_string(::getppid());
  if (!stdout_copied_by_mpirun(parent)) return;
  const std::string target = parent + "/fd/1";
  struct stat link {};
  struct stat dest {};
  // Started with stdout closed (>&-), mpirun reuses descriptor 1 for a pipe of its own, which it
  // reads: never write there.
  if (::lstat(target.c_str(), &link) != 0 || !opened_for_writing(parent + "/fdinfo/1")) {
    out.problem = "mpirun's standard output is closed";
    return;
  }
  if (::stat(target.c_str(), &dest) != 0) return;
  int fd = borrow_descriptor(::getppid(), STDOUT_FILENO);
  if (fd >= 0) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  } else if (S_ISFIFO(dest.st_mode) || S_ISCHR(dest.st_mode)) {
    fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 && errno == ENXIO) {
      out.problem = "mpirun's standard output is a pipe nobody reads";
      return;
    }
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  }
  if (fd < 0) return;          // not ours to use: let mpirun copy
  ::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an error to report, not a way to die
  out.fd = fd;
  out.owned = true;
}

// Writes `text` to `out`; why it could not, if so.
std::optional<std::string> write_text(const Output& out, std::string_view text) {
  if (out.problem) return out.problem;
  while (!text.empty()) {
    const ssize_t n = ::write(out.fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::string(std::strerror(errno));
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return std::nullopt;
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

// Whether a launcher started this process (mpirun, srun, ...): otherwise it is an MPI job of one
// rank, which has nobody to agree with.
bool launched() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

// Ranks that share this host's memory: what the launcher says (Open MPI's mpirun and direct
// launch by srun both set OMPI_COMM_WORLD_LOCAL_SIZE), else all of them (the cautious guess).
std::uint64_t ranks_on_this_host(const boost::mpi::communicator& world) {
  if (const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE")) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(local, &end, 10);
    if (end != local && *end == '\0' && n >= 1) return n;
  }
  return static_cast<std::uint64_t>(world.size());
}

// What a rank concluded from its command line before the ranks agree to start: its verdict,
// what it would say (rank 0 only), and, when it may count, the job and (rank 0) the checkpoint,
// the work left and the list's reader.
struct Prepared {
  CommandLine command_line;
  mpi::Verdict verdict = mpi::Verdict::count;
  std::ostringstream said;       // --help, --version
  std::ostringstream complaint;  // the one line of a bad command line
  std::optional<Job> job;
  std::optional<Checkpoint> checkpoint;
  std::optional<Work> work;  // rank 0's, planned before the ranks agree to start
  std::optional<NumberReader> reader;
  std::vector<std::string> warnings;
};

void prepare(Prepared& p, const boost::mpi::communicator& world, int argc, char** argv,
             const KernelFactory& kernels) {
  const bool root = world.rank() == 0;
  p.command_line = read_command_line(Frontend::processes, argc, argv, p.said, p.complaint, root);
  p.verdict = p.command_line.options                  ? mpi::Verdict::count
              : p.command_line.exit_status == kExitOk ? mpi::Verdict::done
                                                      : mpi::Verdict::usage;
  if (p.verdict != mpi::Verdict::count) return;
  const Options& options = *p.command_line.options;
  try {
    p.job = make_job(options, static_cast<std::uint64_t>(world.size()), threads_per_rank(options));
    p.job->workers_on_host = ranks_on_this_host(world) * p.job->threads;
    p.job->kernel_factory = kernels;
    if (!root) return;
    if (options.input) p.reader.emplace(*options.input);
    if (options.checkpoint) {
      p.checkpoint.emplace(Checkpoint::open(
          *options.checkpoint, *p.job, std::chrono::seconds(options.checkpoint_every), p.warnings));
    }
    // A plan whose chunks would not fit in rank 0's host's memory fails here, agreed.
    p.work = p.checkpoint ? p.checkpoint->work() : fresh_work(*p.job);
    if (!options.input) check_memory(*p.job, p.work->plan);
  } catch (const UsageError& e) {
    if (root) p.complaint << "primes-mpi: " << e.what() << "\n";
    p.verdict = mpi::Verdict::usage;
  } catch (const std::exception& e) {
    if (root) p.complaint << "primes-mpi: " << e.what() << "\n";
    p.verdict = mpi::Verdict::failure;
  }
}

// Every rank's verdict and argv, agreed on (collective); then rank 0 says what it had to say.
// The exit status when the job does not count.
std::optional<int> agree(const Prepared& p, const boost::mpi::communicator& world, int argc,
                         char** argv) {
  const bool root = world.rank() == 0;
  const mpi::StartAgreement agreed = mpi::agree_to_start(world, p.verdict, fingerprint(argc, argv));
  if (!agreed.same_command_line) {
    if (root) {
      std::cerr << "primes-mpi: the ranks were given different command lines (every rank of a job "
                   "needs the same arguments)"
                << std::endl;
    }
    return kExitUsage;
  }
  std::cout << p.said.str() << std::flush;
  std::cerr << p.complaint.str() << std::flush;
  if (agreed.verdict == mpi::Verdict::count) return std::nullopt;
  if (root && agreed.verdict > p.verdict) {
    std::cerr << "primes-mpi: another rank could not start (its environment differs from rank 0's)"
              << std::endl;
  }
  return exit_status(agreed.verdict);
}

// What rank 0 says at the end: the stop, or the report (to the output); the exit status.
int conclude(const mpi::ProcessResult& result, const Prepared& p, const Output& output) {
  const Options& options = *p.command_line.options;
  if (result.bad_input) {
    std::cerr << "primes-mpi: " << result.input_error << std::endl;
    return kExitUsage;
  }
  if (result.stopped) {
    const int signal_number = StopSignals::received();
    std::cerr << "primes-mpi: stopped early ("
              << (signal_number != 0 ? "signal " + std::to_string(signal_number)
                                     : std::string("a signal reached another rank"))
              << "); " << to_decimal(p.checkpoint->recorded()) << " of "
              << to_decimal(p.work->plan.count()) << " chunks are in "
              << quoted_path(p.checkpoint->path()) << ": run the same command to continue"
              << std::endl;
    return kExitStopped;
  }
  if (result.report->disagreement) {  // no count to take: only the failure, with both counts
    std::cerr << "primes-mpi: " << *result.report->disagreement << std::endl;
    return kExitFailure;
  }
  const std::string text = render(*result.report, options.format);
  if (options.print) {  // stdout holds the primes alone; the summary goes to stderr
    std::cerr << text << std::flush;
  } else if (const std::optional<std::string> problem = write_text(output, text)) {
    std::cerr << "primes-mpi: cannot write the result to standard output: " << *problem
              << std::endl;
    return kExitFailure;
  }
  return kExitOk;
}

// The count itself, on every rank; the exit status.
int count(Prepared& p, const boost::mpi::communicator& world) {
  const bool root = world.rank() == 0;
  const Options& options = *p.command_line.options;
  const Job& job = *p.job;
  for (const std::string& w : p.warnings)
    std::cerr << "primes-mpi: warning: " << w << "\n";
  if (root && job.threads > usable_cpus()) {
    std::cerr << "primes-mpi: warning: rank 0 may run on " << usable_cpus() << " CPU"
              << (usable_cpus() == 1 ? "" : "s") << " but has " << job.threads
              << " worker threads: start mpirun with --bind-to none, or --map-by slot:PE="
              << job.threads << "\n";
  }
  const bool terminal = root && stderr_reaches_terminal();
  const bool draw = root && progress_enabled(options.progress, terminal);
  ProgressMeter meter(stderr, p.work ? p.work->join->total_work(p.work->plan) : job.range.size(),
                      draw, terminal, p.work ? p.work->join->work_unit() : "numbers",
                      p.work ? p.work->resumed_work : 0);
  // With a checkpoint, a signal stops the job cleanly (installed after the meter's own).
  std::optional<StopSignals> signals;
  if (options.checkpoint) signals.emplace();
  Output output;
  if (root) open_output(output);
  if (root && options.print && output.problem) {
    throw std::runtime_error("cannot write the primes to standard output: " + *output.problem);
  }

  mpi::ProcessRun run;
  if (root) run.work = p.work;
  // Called on rank 0's thread that adds the finished chunks to the join: its terms are current.
  if (draw) {
    run.settings.on_progress = [&meter, &p](u128 done, double s) {
      meter.update(done, s, p.work ? p.work->join->work_by_term() : std::vector<WorkTerm>{});
    };
  }
  run.settings.checkpoint = p.checkpoint ? &*p.checkpoint : nullptr;
  run.settings.stop_on_signal = options.checkpoint.has_value();
  run.settings.print_fd = output.fd;
  if (options.stall_timeout) run.stall_timeout = std::chrono::seconds(*options.stall_timeout);
  run.reader = p.reader ? &*p.reader : nullptr;
  const mpi::ProcessResult result = mpi::count_with_processes(world, job, run);
  meter.finish();
  if (!root) return result.bad_input ? kExitUsage : result.stopped ? kExitStopped : kExitOk;
  return conclude(result, p, output);
}

// primes-mpi sends few and small messages (chunks, counts, timings), so Open MPI's ob1 layer over
// shared memory or TCP serves it as well as any; left to choose, Open MPI first opens the layers
// for Omni-Path and True Scale hardware (psm2, psm), and that alone costs 0.2 s of every start
// (0.31 s -> 0.10 s for a 2-rank job on a machine without them). A user or site that names a
// layer (mpirun --mca pml ..., or OMPI_MCA_pml / OMPI_MCA_mtl in the environment) keeps it.
void prefer_light_transport() {
  if (std::getenv("OMPI_MCA_pml") == nullptr && std::getenv("OMPI_MCA_mtl") == nullptr) {
    ::setenv("OMPI_MCA_pml", "ob1", 0);
  }
}

}  // namespace

int primes::mpi::run_program(int argc, char** argv, const KernelFactory& kernels) {
  // Alone, bad input is answered before MPI starts (MPI_Init alone takes a good part of a second).
  if (!launched()) {
    std::ostringstream quiet;
    const CommandLine alone =
        read_command_line(Frontend::processes, argc, argv, quiet, std::cerr, true);
    if (!alone.options && alone.exit_status != kExitOk) return alone.exit_status;
  }
  prefer_light_transport();
  // Each rank counts with worker threads; only its main thread calls MPI.
  boost::mpi::environment environment(argc, argv, boost::mpi::threading::funneled,
                                      /*abort_on_exception=*/false);
  const boost::mpi::communicator world;
  if (boost::mpi::environment::thread_level() < boost::mpi::threading::funneled) {
    if (world.rank() == 0) {
      std::cerr << "primes-mpi: this MPI library does not support threads in a rank\n";
    }
    return kExitFailure;
  }
  Prepared prepared;
  prepare(prepared, world, argc, argv, kernels);
  if (const std::optional<int> status = agree(prepared, world, argc, argv)) return *status;
  try {
    return count(prepared, world);
  } catch (const std::bad_alloc&) {
    std::cerr << "primes-mpi: rank " << world.rank() << " (" << host_name()
              << "): " << out_of_memory_advice(*prepared.job) << std::endl;
  } catch (const mpi::StallError& e) {
    std::cerr << "primes-mpi: " << e.what() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "primes-mpi: rank " << world.rank() << ": " << e.what() << std::endl;
  }
  mpi::abort_job(world, kExitFailure);
}
