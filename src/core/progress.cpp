/// @file progress.cpp
/// Formatting and drawing of the progress line (see progress.hpp).
#include "primes/progress.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace primes {
namespace {

// Display-only conversions: the line is for people, the exact figures are in the report.
double as_double(u128 v) {
  return static_cast<double>(v);
}

std::string short_number(double v) {
  std::array<char, 32> buf{};
  if (v < 1e5) {
    std::snprintf(buf.data(), buf.size(), "%.0f", v);
  } else {
    std::snprintf(buf.data(), buf.size(), "%.3g", v);
  }
  return buf.data();
}

std::string duration(double s) {
  std::array<char, 32> buf{};
  if (!std::isfinite(s) || s < 0) return "?";
  if (s < 60) {
    std::snprintf(buf.data(), buf.size(), "%.1f s", s);
  } else if (s < 3600) {
    std::snprintf(buf.data(), buf.size(), "%dm%02ds", static_cast<int>(s / 60),
                  static_cast<int>(std::fmod(s, 60.0)));
  } else {
    std::snprintf(buf.data(), buf.size(), "%dh%02dm", static_cast<int>(s / 3600),
                  static_cast<int>(std::fmod(s, 3600.0) / 60));
  }
  return buf.data();
}

// Erases the terminal line (carriage return, clear to end of line) with async-signal-safe calls,
// then lets the signal do what it would have done.
void erase_line_and_reraise(int signal_number) {
  static constexpr char kErase[] = "\r\033[K";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kErase, sizeof kErase - 1);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

// " (hard leaves 31%, easy leaves 58%, P2 0%)", or nothing. Shares round down (a term shows
// 100% once it is done, not when 99.6% of it is).
std::string term_shares(std::span<const WorkTerm> terms) {
  std::string out;
  for (const WorkTerm& t : terms) {
    if (t.total == 0) continue;
    const u128 percent = std::min(t.done, t.total) * 100 / t.total;
    out += (out.empty() ? " (" : ", ") + t.name + " " + to_decimal(percent) + "%";
  }
  return out.empty() ? out : out + ")";
}

}  // namespace

void ProgressMeter::erase_on_interrupt() {
  for (std::size_t i = 0; i < kInterrupts.size(); ++i) {
    struct sigaction old = {};
    ::sigaction(kInterrupts[i], nullptr, &old);
    if (old.sa_handler == SIG_IGN) continue;  // inherited as ignored (nohup...): stays ignored
    struct sigaction action = {};
    action.sa_handler = erase_line_and_reraise;
    ::sigemptyset(&action.sa_mask);
    replaced_[i] = ::sigaction(kInterrupts[i], &action, &previous_[i]) == 0;
  }
}

void ProgressMeter::restore_interrupts() {
  for (std::size_t i = 0; i < kInterrupts.size(); ++i) {
    if (replaced_[i]) ::sigaction(kInterrupts[i], &previous_[i], nullptr);
    replaced_[i] = false;
  }
}

bool progress_enabled(ProgressMode mode, bool stderr_is_terminal) noexcept {
  if (mode == ProgressMode::on) return true;
  if (mode == ProgressMode::off) return false;
  return stderr_is_terminal;
}

std::string progress_line(u128 done, u128 total, double elapsed_seconds, const std::string& unit,
                          u128 baseline, std::span<const WorkTerm> terms) {
  if (done > total) done = total;
  if (baseline > done) baseline = done;
  const double fraction = total == 0 ? 1.0 : as_double(done) / as_double(total);
  const double rate = elapsed_seconds > 0 ? as_double(done - baseline) / elapsed_seconds : 0.0;
  const double eta = rate > 0 ? as_double(total - done) / rate : -1.0;
  const std::string left = done == total ? "0.0 s" : duration(eta);
  std::array<char, 320> line{};
  if (unit.empty()) {
    std::snprintf(line.data(), line.size(), "[%5.1f%%] of the work%s  elapsed %s  ETA %s",
                  100.0 * fraction, term_shares(terms).c_str(), duration(elapsed_seconds).c_str(),
                  left.c_str());
  } else {
    std::snprintf(line.data(), line.size(), "[%5.1f%%] %s of %s %s%s  %s/s  elapsed %s  ETA %s",
                  100.0 * fraction, short_number(as_double(done)).c_str(),
                  short_number(as_double(total)).c_str(), unit.c_str(), term_shares(terms).c_str(),
                  short_number(rate).c_str(), duration(elapsed_seconds).c_str(), left.c_str());
  }
  return line.data();
}

ProgressMeter::ProgressMeter(std::FILE* out, u128 total, bool enabled, bool terminal,
                             std::string unit, u128 baseline)
    : out_(out),
      total_(total),
      unit_(std::move(unit)),
      baseline_(baseline),
      enabled_(enabled),
      terminal_(terminal) {
  if (enabled_ && terminal_ && out_ == stderr) erase_on_interrupt();
}

ProgressMeter::~ProgressMeter() {
  finish();
  restore_interrupts();
}

void ProgressMeter::update(u128 done, double elapsed_seconds, std::span<const WorkTerm> terms) {
  if (!enabled_) return;
  std::string line = progress_line(done, total_, elapsed_seconds, unit_, baseline_, terms);
  const std::size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');  // cover the longer old line
  std::fprintf(out_, "\r%s", line.c_str());
  std::fflush(out_);
  last_width_ = width;
  drawn_ = true;
}

void ProgressMeter::finish() {
  if (!drawn_) return;
  if (terminal_) {
    std::fprintf(out_, "\r%*s\r", static_cast<int>(last_width_), "");
  } else {
    std::fputc('\n', out_);
  }
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace primes
