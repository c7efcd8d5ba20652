/// @file progress.hpp
/// The progress line both programs draw on stderr during long counts.
///
/// "[ 42.3%] 4.23e9 of 1e10 numbers  3.05e9/s  elapsed 1.4 s  ETA 1.9 s"
/// or, where the units are an estimate of cost (gourdon's pieces), only the share and the times:
/// "[ 42.3%] of the work  elapsed 8m12s  ETA 11m10s", and the share of each of its terms, where
/// the job names them (Join::work_by_term):
/// "[ 42.3%] of the work (hard leaves 31%, easy leaves 58%, P2 0%)  elapsed 8m12s  ETA 11m10s".
/// The meter only formats and writes; the front end decides when to call it (a few times a
/// second, from a thread that does not count), so drawing never slows the workers. On a
/// terminal the line is redrawn in place and erased at the end; elsewhere (a log file) the
/// last state is kept and ended with a newline. Never on stdout, never in JSON or CSV.
#pragma once

#include <array>
#include <csignal>
#include <cstdio>
#include <functional>
#include <span>
#include <string>

#include "primes/choices.hpp"
#include "primes/kernel.hpp"
#include "primes/pmath.hpp"

namespace primes {

/// How a front end tells its caller the numbers counted so far, from the thread that does not
/// count (the meter's update, usually).
using ProgressCallback = std::function<void(u128 numbers_done, double elapsed_seconds)>;

/// Whether to draw: --progress / --no-progress, else only when stderr is a terminal.
bool progress_enabled(ProgressMode mode, bool stderr_is_terminal) noexcept;

/// The text of one progress line (without control characters): `done` of `total` units called
/// `unit` (none shown when empty), of which `baseline` were done before this run started (a
/// resumed job): the rate and the time left come from the rest. Each of `terms` adds its share
/// (terms without work are left out).
std::string progress_line(u128 done, u128 total, double elapsed_seconds,
                          const std::string& unit = "numbers", u128 baseline = 0,
                          std::span<const WorkTerm> terms = {});

class ProgressMeter {
 public:
  /// Draws nothing unless `enabled`. `terminal` selects in-place redrawing and erasing; then an
  /// interrupt (SIGINT, SIGTERM) also erases the line before the process ends as it would have,
  /// so that the shell's prompt does not start after a half-drawn progress line. An interrupt
  /// the process inherited as ignored stays ignored; the previous handlers come back when the
  /// meter ends.
  /// `unit` and `baseline` as progress_line's.
  ProgressMeter(std::FILE* out, u128 total, bool enabled, bool terminal,
                std::string unit = "numbers", u128 baseline = 0);
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;
  ~ProgressMeter();

  /// Draws the line for `done` units (and `terms`, as progress_line's).
  void update(u128 done, double elapsed_seconds, std::span<const WorkTerm> terms = {});
  /// Ends the line: erased on a terminal, completed with a newline elsewhere. Idempotent.
  void finish();

 private:
  void erase_on_interrupt();
  void restore_interrupts();

  static constexpr std::array<int, 2> kInterrupts{SIGINT, SIGTERM};
  std::array<struct sigaction, 2> previous_{};
  std::array<bool, 2> replaced_{};
  std::FILE* out_;
  u128 total_;
  std::string unit_;
  u128 baseline_;
  bool enabled_;
  bool terminal_;
  bool drawn_ = false;
  std::size_t last_width_ = 0;
};

}  // namespace primes
