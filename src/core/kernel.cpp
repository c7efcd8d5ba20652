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

void CountJoin::add(std::uint64_t index, const ChunkValue& value) {
  if (value.size() != 1) {
    throw std::runtime_error("chunk " + std::to_string(index) + " has a value of " +
                             std::to_string(value.size()) + " words, not one count");
  }
  sum_ += value[0];
}

std::uint64_t CountJoin::primes_in(const ChunkValue& value) const {
  return value.empty() ? 0 : value[0];
}

}  // namespace primes
