/// @file cli.hpp
/// What every front end's main() does around the count: read the command line, answer
/// --help and --version, turn bad input into one line on stderr and exit status 2.
#pragma once

#include <iosfwd>
#include <optional>

#include "primes/errors.hpp"
#include "primes/options.hpp"

namespace primes {

struct CommandLine {
  std::optional<Options> options;  ///< set when there is something to count
  int exit_status = kExitOk;       ///< otherwise, the status to end with
};

/// Parses argv. When there is nothing to count (--help, --version, bad input) writes the help
/// or version text to `out` or the error line to `err` and says which exit status to end with.
/// Only writes when `speak` is true: in an MPI job only rank 0 speaks, but every rank parses the
/// same argv and reaches the same verdict, so no rank ever waits for one that gave up.
CommandLine read_command_line(Frontend frontend, int argc, const char* const* argv,
                              std::ostream& out, std::ostream& err, bool speak);

}  // namespace primes
