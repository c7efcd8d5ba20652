/// @file work.cpp
/// The worker loop and the static schedule's source (see work.hpp).
#include "primes/work.hpp"

#include <algorithm>

#include "primes/clock.hpp"

namespace primes {

void run_worker(std::uint64_t worker, std::uint64_t slot, Kernel& kernel, const ChunkPlan& plan,
                ChunkSource& source, ResultSink& sink, ProgressSink* progress) {
  while (const std::optional<std::uint64_t> index = source.next(slot)) {
    ChunkResult result;
    result.worker = worker;
    result.index = *index;
    result.range = plan.chunk(*index);
    const Clock::time_point start = Clock::now();
    result.primes = kernel.count(result.range, progress);
    result.busy_seconds = seconds_since(start);
    sink.accept(result);
  }
}

StaticShares::StaticShares(u128 begin, u128 end, std::uint64_t parts, u128 share) {
  cursors_.reserve(parts);
  for (std::uint64_t p = 0; p < parts; ++p) {
    const u128 lo = std::min(end, begin + u128{p} * share);
    cursors_.push_back({lo, std::min(end, lo + share)});
  }
}

std::optional<std::uint64_t> StaticShares::next(std::uint64_t slot) {
  Cursor& c = cursors_[slot];
  if (c.next >= c.end) return std::nullopt;
  return static_cast<std::uint64_t>(c.next++);
}

}  // namespace primes
