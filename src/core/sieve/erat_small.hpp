/// @file erat_small.hpp
/// Crossing off for small sieving primes, which have many multiples in every L1-sized block.
///
/// The primes are kept apart by residue class so that each class runs its own loop, compiled
/// with that class's bit masks and offsets as constants: one iteration crosses off the eight
/// multiples of one wheel turn with eight AND instructions and advances by p bytes. The
/// segment is swept one L1-sized block at a time so that every prime's stores hit L1.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace primes::sieve {

/// A sieving prime p = 30*q + r of residue class ri, and its next multiple: byte offset
/// (relative to the current segment) and wheel position, packed as offset * 8 + wheel.
struct WheelPrime {
  std::uint32_t q;
  std::uint32_t position;
};

class EratSmall {
 public:
  void clear();
  void add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel);
  /// Crosses off every multiple in seg[0, len), one block_bytes block at a time, then makes the
  /// offsets relative to the next segment, segment_bytes further on.
  void cross(std::uint8_t* seg, std::size_t len, std::size_t block_bytes,
             std::size_t segment_bytes);
  bool empty() const;

 private:
  std::array<std::vector<WheelPrime>, 8> by_class_;
};

}  // namespace primes::sieve
