/// @file main.cpp
/// primes-threads: counts the primes in a range with std::thread workers in one process.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>

#include "primes/cli.hpp"
#include "primes/host.hpp"
#include "primes/job.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"
#include "thread_count.hpp"

int main(int argc, char** argv) {
  using namespace primes;
  const CommandLine command_line =
      read_command_line(Frontend::threads, argc, argv, std::cout, std::cerr, true);
  if (!command_line.options) return command_line.exit_status;
  const Options& options = *command_line.options;
  try {
    const std::uint64_t threads = options.threads != 0 ? options.threads : usable_cpus();
    const Job job = make_job(options, 1, threads);

    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const bool draw = progress_enabled(options.progress, terminal);
    ProgressMeter meter(stderr, job.range.size(), draw, terminal);
    ProgressCallback on_progress;
    if (draw) on_progress = [&meter](u128 done, double elapsed) { meter.update(done, elapsed); };
    const Report report = count_with_threads(job, on_progress);
    meter.finish();
    std::cout << render(report, options.format) << std::flush;
    if (!std::cout) {
      std::cerr << "primes-threads: cannot write the result to standard output\n";
      return kExitFailure;
    }
  } catch (const std::exception& e) {
    std::cerr << "primes-threads: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}
