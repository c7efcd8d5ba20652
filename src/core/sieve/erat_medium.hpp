/// @file erat_medium.hpp
/// Crossing off for medium sieving primes: too large for an L1 block to hold several of their
/// wheel turns, but with at least one multiple in most segments (2 * (p / 30) < segment bytes).
/// Each prime walks the whole L2-sized segment with the same unrolled loop as small primes
/// (cross_off.hpp): whole turns where they fit, one multiple at a time elsewhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "erat_small.hpp"

namespace primes::sieve {

class EratMedium {
 public:
  void clear();
  void add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel);
  /// Crosses off every multiple in seg[0, len), then rebases offsets by segment_bytes.
  void cross(std::uint8_t* seg, std::size_t len, std::size_t segment_bytes);

 private:
  std::array<std::vector<WheelPrime>, 8> by_class_;
};

}  // namespace primes::sieve
