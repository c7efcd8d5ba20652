/// @file errors.hpp
/// The two kinds of failure a user can see, and the exit statuses they map to.
///
/// A UsageError is the user's input (bad number, unknown option, FIRST > LAST...): one line on
/// stderr, exit status 2, and in an MPI job every rank reaches the same verdict on its own, so no
/// rank waits for another. Anything else that goes wrong while counting is a runtime failure:
/// exit status 1.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace primes {

enum ExitStatus : int {
  kExitOk = 0,
  kExitFailure = 1,  ///< runtime failure
  kExitUsage = 2,    ///< bad command line
  kExitStopped = 3,  ///< stopped early by a signal; the checkpoint holds what was finished
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// 'text' in single quotes, the way messages cite what the user typed: safe on any terminal and
/// in a one-line message. Control characters, quotes' backslash and bytes outside ASCII are
/// escaped (\n, \x1b, ...), and a text longer than kQuotedMax characters is cut, saying how long
/// it was: '123456...' (100000 characters).
inline constexpr std::size_t kQuotedMax = 40;
std::string quoted(std::string_view text, std::size_t max = kQuotedMax);

/// A file name, quoted and escaped the same way but never cut short.
inline std::string quoted_path(std::string_view path) {
  return quoted(path, 4096);
}

}  // namespace primes
