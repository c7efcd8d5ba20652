/// @file collector.cpp
/// Where every finished chunk goes (see collector.hpp).
#include "primes/collector.hpp"

#include <algorithm>
#include <utility>

#include "primes/stop_signals.hpp"

namespace primes {

Collector::Collector(const Job& job, const Work& work, const CollectorSettings& settings,
                     Clock::time_point start)
    : job_(job),
      work_(work),
      settings_(settings),
      start_(start),
      last_draw_(start),
      tally_(job.workers(), work.join ? work.join : job.new_join()) {
  if (job.print) writer_.emplace(settings_.print_fd, settings_.print_to);
  // Taking each of gourdon's 121 pieces of pi(1e13) as it came woke this thread 121 times, 3% of
  // the time; with a threshold, the whole count ran on one thread (run_here).
  if (job.print) wake_bytes_ = 0;
  if (settings_.on_progress) wake_ = std::min(wake_, settings_.interval);
  if (settings_.checkpoint != nullptr || settings_.stop_on_signal || job.print) {
    wake_ = std::min(wake_, kStopPoll);
  }
}

void Collector::accept(std::vector<ChunkResult> results) {
  if (results.empty()) return;
  if (settings_.checkpoint != nullptr) settings_.checkpoint->record(results);
  for (ChunkResult& r : results) {
    if (writer_) writer_->add(r.index, std::move(r.found));
    accepted_work_ += work_.join ? work_.join->work_of(r.index, r.range) : r.range.size();
    tally_.accept(std::move(r));
  }
}

bool Collector::tick(u128 counted) {
  if (settings_.stop_on_signal && StopSignals::requested()) {
    if (settings_.checkpoint != nullptr) settings_.checkpoint->sync();
    return true;
  }
  if (settings_.checkpoint != nullptr) settings_.checkpoint->tick();
  if (settings_.on_progress && Clock::now() - last_draw_ >= settings_.interval) {
    last_draw_ = Clock::now();
    settings_.on_progress(work_.resumed_work + counted, seconds_since(start_));
  }
  return false;
}

Report Collector::finish(Frontend mode, bool stopped) {
  const double seconds = seconds_since(start_);
  if (settings_.checkpoint != nullptr) settings_.checkpoint->sync();
  if (settings_.on_progress && !stopped) {
    settings_.on_progress(work_.resumed_work + (job_.input ? tally_.numbers() : accepted_work_),
                          seconds);
  }
  Report report = job_.input ? make_list_report(mode, job_, *job_.input, seconds, tally_)
                             : make_report(mode, job_, work_, seconds, tally_);
  report.stopped = stopped;
  return report;
}

}  // namespace primes
