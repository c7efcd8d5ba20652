/// @file stop_signals.cpp
/// Stop signals as a flag (see stop_signals.hpp).
#include "primes/stop_signals.hpp"

#include <unistd.h>

namespace primes {
namespace {

volatile std::sig_atomic_t g_received = 0;

// The first signal asks for a clean stop; a second one (the user insists) ends the process at
// once, as the signal would have (the checkpoint was made durable when the first one came).
extern "C" void note_stop(int signal_number) {
  if (g_received != 0) ::_exit(128 + signal_number);
  g_received = signal_number;
}

}  // namespace

StopSignals::StopSignals() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    struct sigaction old = {};
    ::sigaction(kSignals[i], nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;  // inherited as ignored: stays ignored
    struct sigaction action = {};
    action.sa_handler = note_stop;
    ::sigemptyset(&action.sa_mask);
    installed_[i] = ::sigaction(kSignals[i], &action, &previous_[i]) == 0;
  }
}

StopSignals::~StopSignals() {
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    if (installed_[i]) ::sigaction(kSignals[i], &previous_[i], nullptr);
  }
}

int StopSignals::received() noexcept {
  return g_received;
}

}  // namespace primes
