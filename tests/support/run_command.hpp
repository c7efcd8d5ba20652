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
};

/// Runs argv[0] (searched in PATH) with argv, the current environment plus `env`
/// ("NAME=value"), and standard input closed. Kills it after `timeout_seconds`.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env = {}, double timeout_seconds = 120);

/// Lines of a text, without their newlines.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace primes::test
