/// @file kernel.cpp
/// What every kernel shares (see kernel.hpp).
#include "primes/kernel.hpp"

#include <stdexcept>
#include <string>

namespace primes {

void check_range(Range range) {
  if (range.first > range.last) {
    throw std::invalid_argument("range [" + std::to_string(range.first) + ", " +
                                std::to_string(range.last) + "] is empty: first > last");
  }
}

}  // namespace primes
