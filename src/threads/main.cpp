/// @file main.cpp
/// primes-threads: counts the primes in a range with std::thread workers in one process.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <optional>

#include "primes/checkpoint.hpp"
#include "primes/cli.hpp"
#include "primes/host.hpp"
#include "primes/job.hpp"
#include "primes/number_reader.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"
#include "primes/stop_signals.hpp"
#include "thread_count.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace primes;
  const CommandLine command_line =
      read_command_line(Frontend::threads, argc, argv, std::cout, std::cerr, true);
  if (!command_line.options) return command_line.exit_status;
  const Options& options = *command_line.options;
  const std::uint64_t threads = options.threads != 0 ? options.threads : usable_cpus();
  const Job job = make_job(options, 1, threads);

  std::optional<Checkpoint> checkpoint;
  try {
    if (options.checkpoint) {
      std::vector<std::string> warnings;
      checkpoint.emplace(Checkpoint::open(
          *options.checkpoint, job, std::chrono::seconds(options.checkpoint_every), warnings));
      for (const std::string& w : warnings)
        std::cerr << "primes-threads: warning: " << w << "\n";
    }
  } catch (const UsageError& e) {
    std::cerr << "primes-threads: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "primes-threads: " << e.what() << "\n";
    return kExitFailure;
  }

  if (options.input) {
    try {
      NumberReader reader(*options.input);
      const Report report = count_list_with_threads(job, reader, *options.input);
      // With --print, stdout holds the primes alone; the summary goes to stderr.
      std::ostream& summary = options.print ? std::cerr : std::cout;
      summary << render(report, options.format) << std::flush;
      if (!summary) {
        std::cerr << "primes-threads: cannot write the result to standard output\n";
        return kExitFailure;
      }
      return kExitOk;
    } catch (const UsageError& e) {
      std::cerr << "primes-threads: " << e.what() << "\n";
      return kExitUsage;
    } catch (const std::exception& e) {
      std::cerr << "primes-threads: " << e.what() << "\n";
      return kExitFailure;
    }
  }

  try {
    const Work work = checkpoint ? checkpoint->work() : fresh_work(job);
    check_memory(job, work.plan);
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const bool draw = progress_enabled(options.progress, terminal);
    ProgressMeter meter(stderr, work.plan.range().size(), draw, terminal);
    // With a checkpoint, a signal stops the count cleanly (installed after the meter's own).
    std::optional<StopSignals> signals;
    if (checkpoint) signals.emplace();
    RunControl control;
    if (draw) control.on_progress = [&meter](u128 done, double s) { meter.update(done, s); };
    control.checkpoint = checkpoint ? &*checkpoint : nullptr;
    control.stop_on_signal = checkpoint.has_value();
    const Report report = count_with_threads(job, work, control);
    meter.finish();
    if (report.stopped) {
      std::cerr << "primes-threads: stopped early (signal " << StopSignals::received() << "); "
                << to_decimal(checkpoint->recorded()) << " of " << to_decimal(work.plan.count())
                << " chunks are in " << quoted_path(checkpoint->path())
                << ": run the same command to continue\n";
      return kExitStopped;
    }
    std::ostream& summary = options.print ? std::cerr : std::cout;
    summary << render(report, options.format) << std::flush;
    if (!summary) {
      std::cerr << "primes-threads: cannot write the result to standard output\n";
      return kExitFailure;
    }
  } catch (const std::bad_alloc&) {
    std::cerr << "primes-threads: " << out_of_memory_advice(job) << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "primes-threads: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // The edge: whatever escapes the program's own handling ends it with one line, not an abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "primes-threads: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "primes-threads: failed with an unknown error" << std::endl;
  }
  return primes::kExitFailure;
}
