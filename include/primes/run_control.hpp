/// @file run_control.hpp
/// What a front end's main thread does besides adding up chunk results: draw progress, record
/// each finished chunk in the checkpoint, and stop early when a signal asks. Both programs take
/// the same RunControl; the MPI program uses it on rank 0 (signals on every rank).
#pragma once

#include <chrono>

#include "primes/checkpoint.hpp"
#include "primes/progress.hpp"

namespace primes {

struct RunControl {
  /// Called with the numbers counted so far, every `interval` and once at the end.
  ProgressCallback on_progress;
  std::chrono::milliseconds interval{250};
  /// The journal of finished chunks (the run's Work comes from it); null without --checkpoint.
  Checkpoint* checkpoint = nullptr;
  /// Stop early (Report::stopped) once StopSignals::requested(); set with --checkpoint.
  bool stop_on_signal = false;
};

/// How often a main thread looks at a stop request at the least (a stop must be quick: under
/// mpirun, SIGKILL follows SIGTERM within a second).
inline constexpr std::chrono::milliseconds kStopPoll{50};

}  // namespace primes
