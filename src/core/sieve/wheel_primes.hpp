/// @file wheel_primes.hpp
/// The sieving primes that cross off their multiples themselves in every segment (small and
/// medium ones; big ones wait in buckets, erat_big.hpp), with their next multiples.
///
/// Primes are kept apart by residue class so that each class runs its own copy of the inner
/// loop, compiled with that class's bit masks and offsets as constants. The segment loop uses
/// two lists: small primes, crossed off one L1-sized block at a time in whole modulo-30 turns
/// (cross_off.hpp) so that their many stores hit L1, and medium primes, crossed off over the
/// whole L2-sized segment on the modulo-210 wheel (cross_off210.hpp), kept sorted by the wheel
/// position where each prime enters the next segment.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace primes::sieve {

/// A sieving prime p = 30*q + r and its next multiple: byte offset (relative to the current
/// segment) and wheel position, packed as offset * 8 + wheel. Its residue class is its list's.
struct WheelPrime {
  std::uint32_t q;
  std::uint32_t position;
};

class WheelPrimeList {
 public:
  /// How the list's primes cross off: whole modulo-30 turns (cross_off), or one modulo-210
  /// multiple at a time (cross_off210; wheel positions 0..47, packed as offset * 64 + wheel).
  enum class Loop { turns, wheel210 };
  explicit WheelPrimeList(Loop loop = Loop::turns) : loop_(loop) {}
  void clear();
  void add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel);
  /// Crosses off every multiple below `end` (bytes from the segment's start); each prime is
  /// left at its first multiple at or past `end`. With `next_segment` (the segment's size, on
  /// its last call for a segment), positions become relative to the next segment.
  void cross(std::uint8_t* seg, std::size_t end, std::size_t next_segment = 0);
  /// cross() over a segment's first `len` bytes, `piece` bytes at a time (so that the
  /// crossings of each call stay within one piece); the last call rebases to `next_segment`.
  void cross_in_pieces(std::uint8_t* seg, std::size_t len, std::size_t piece,
                       std::size_t next_segment);

 private:
  // wheel210: each class sorted by the wheel position its primes enter the next segment at,
  // so that the jump into the loop is predicted; scratch_ serves the counting sort.
  std::array<std::vector<WheelPrime>, 8> by_class_;
  std::vector<WheelPrime> scratch_;
  Loop loop_;
};

}  // namespace primes::sieve
