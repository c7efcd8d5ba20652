/// @file main.cpp
/// primes-threads: counts the primes in a range with std::thread workers in one process.
#include <unistd.h>

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

using namespace primes;

constexpr const char* kName = "primes-threads: ";

// Writes the report where it belongs (with --print, stdout holds the primes alone: the summary
// goes to stderr); the exit status.
int write_report(const Report& report, const Options& options) {
  if (report.disagreement) {  // no count to take: only the failure, with both counts
    std::cerr << kName << *report.disagreement << "\n";
    return kExitFailure;
  }
  std::ostream& summary = options.print ? std::cerr : std::cout;
  summary << render(report, options.format) << std::flush;
  if (!summary) {
    std::cerr << kName << "cannot write the result to standard output\n";
    return kExitFailure;
  }
  return kExitOk;
}

int count_list(const Job& job, const Options& options) {
  NumberReader reader(*options.input);
  return write_report(count_list_with_threads(job, reader), options);
}

int count_range(const Job& job, const Options& options, Checkpoint* checkpoint) {
  const Work work = checkpoint != nullptr ? checkpoint->work() : fresh_work(job);
  check_memory(job, work.plan);
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const bool draw = progress_enabled(options.progress, terminal);
  ProgressMeter meter(stderr, work.join->total_work(work.plan), draw, terminal,
                      work.join->work_unit(), work.resumed_work);
  // With a checkpoint, a signal stops the count cleanly (installed after the meter's own).
  std::optional<StopSignals> signals;
  if (checkpoint != nullptr) signals.emplace();
  CollectorSettings settings;
  // Called on the thread that adds the finished chunks to the join: its terms are current.
  if (draw) {
    settings.on_progress = [&meter, &work](u128 done, double s) {
      meter.update(done, s, work.join->work_by_term());
    };
  }
  settings.checkpoint = checkpoint;
  settings.stop_on_signal = checkpoint != nullptr;
  settings.print_fd = STDOUT_FILENO;
  const Report report = count_with_threads(job, work, settings);
  meter.finish();
  if (report.stopped) {
    std::cerr << kName << "stopped early (signal " << StopSignals::received() << "); "
              << to_decimal(checkpoint->recorded()) << " of " << to_decimal(work.plan.count())
              << " chunks are in " << quoted_path(checkpoint->path())
              << ": run the same command to continue\n";
    return kExitStopped;
  }
  return write_report(report, options);
}

int run(int argc, char** argv) {
  const CommandLine command_line =
      read_command_line(Frontend::threads, argc, argv, std::cout, std::cerr, true);
  if (!command_line.options) return command_line.exit_status;
  const Options& options = *command_line.options;
  const Job job = make_job(options, 1, options.threads != 0 ? options.threads : usable_cpus());
  try {
    std::optional<Checkpoint> checkpoint;
    if (options.checkpoint) {
      std::vector<std::string> warnings;
      checkpoint.emplace(Checkpoint::open(
          *options.checkpoint, job, std::chrono::seconds(options.checkpoint_every), warnings));
      for (const std::string& w : warnings)
        std::cerr << kName << "warning: " << w << "\n";
    }
    if (options.input) return count_list(job, options);
    return count_range(job, options, checkpoint ? &*checkpoint : nullptr);
  } catch (const UsageError& e) {
    std::cerr << kName << e.what() << "\n";
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << kName << out_of_memory_advice(job) << "\n";
  } catch (const std::exception& e) {
    std::cerr << kName << e.what() << "\n";
  }
  return kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  // The edge: whatever escapes the program's own handling ends it with one line, not an abort.
  primes::keep_freed_memory();
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << kName << e.what() << std::endl;
  } catch (...) {
    std::cerr << kName << "failed with an unknown error" << std::endl;
  }
  return primes::kExitFailure;
}
