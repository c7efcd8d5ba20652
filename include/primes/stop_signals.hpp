/// @file stop_signals.hpp
/// A clean stop on SIGINT, SIGTERM and SIGUSR1 (the scheduler's warning before a time limit):
/// while a StopSignals lives, those signals only set a flag that the main loop of each program
/// reads; the program then stops handing out chunks, abandons those in flight, makes its
/// checkpoint durable and exits with kExitStopped. Used with --checkpoint only: without one,
/// a signal ends the program as it always did.
///
/// A second signal while the first is being handled ends the process at once (status 128 + N).
/// A signal that the process inherited as ignored (nohup, a script's trap '' INT) stays ignored;
/// the previous dispositions come back when the StopSignals ends.
#pragma once

#include <array>
#include <csignal>

namespace primes {

class StopSignals {
 public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  ~StopSignals();

  /// The signal that asked to stop, or 0.
  static int received() noexcept;

  /// Whether a stop was asked since the program started (any StopSignals).
  static bool requested() noexcept { return received() != 0; }

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGUSR1};
  std::array<struct sigaction, 3> previous_{};
  std::array<bool, 3> installed_{};
};

}  // namespace primes
