/// @file run_command.hpp
/// Runs a program the way a user would and captures what it did: exit status, stdout and
/// stderr kept apart, and the wall time. Used by the command-line and MPI end-to-end tests.
#pragma once

#include <string>
#include <vector>

namespace primes::test {

struct CommandResult {
  int status = -1;  ///< exit status, or 128 + signal
  bool timed_out = false;
  std::string out;
  std::string err;
  double seconds = 0.0;
  long max_rss_kib = 0;  ///< peak resident memory of the program itself (not of its children)
};

/// A started command, in its own process group.
struct RunningCommand {
  int pid = -1;
  int out_fd = -1;
  int err_fd = -1;
  double started = 0.0;  ///< steady-clock seconds
};

/// Starts argv[0] (searched in PATH) with argv, the current environment plus `env`
/// ("NAME=value"), and standard input closed. With `stderr_terminal`, its standard error is a
/// pseudo-terminal (as when a user runs it in a terminal) instead of a pipe; stdout stays a pipe.
RunningCommand start_command(const std::vector<std::string>& argv,
                             const std::vector<std::string>& env = {},
                             bool stderr_terminal = false);

/// Collects the output and status of a started command; kills its whole process group after
/// `timeout_seconds` (counted from its start).
CommandResult wait_command(RunningCommand& command, double timeout_seconds = 120);

/// start_command + wait_command.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env = {}, double timeout_seconds = 120,
                          bool stderr_terminal = false);

/// Process ids whose executable is `exe` and whose command line contains `marker`.
std::vector<int> find_processes(const std::string& exe, const std::string& marker);

/// Lines of a text, without their newlines.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace primes::test
