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

/// 'text' in single quotes, the way messages cite what the user typed.
inline std::string quoted(std::string_view text) {
  std::string q;
  q.reserve(text.size() + 2);
  q += '\'';
  q += text;
  q += '\'';
  return q;
}

}  // namespace primes
