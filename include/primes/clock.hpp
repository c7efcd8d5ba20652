/// @file clock.hpp
/// The one clock every timing of the project reads: monotonic, so that no time of day
/// adjustment ever shows in a measured figure.
#pragma once

#include <chrono>

namespace primes {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace primes
