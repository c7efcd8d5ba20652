/// @file range.hpp
/// Inclusive ranges of 64-bit integers and the ways to cut them into work.
///
/// A range [first, last] can hold 2^64 numbers, one more than a uint64_t counts, so sizes are
/// 128-bit. ChunkPlan numbers the pieces of a cut so that any piece can be rebuilt from its
/// index alone: that is what the static schedule scatters and what the dynamic one hands out.
#pragma once

#include <cstdint>
#include <vector>

#include "primes/pmath.hpp"

namespace primes {

struct Range {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  /// LAST's high 64 bits, for the one range past 2^64 - 1 there is: a count from zero by the
  /// gourdon kernel, pi(x) for x up to kGourdonMax (the options refuse it anywhere else). Every
  /// other range, and every chunk, is 64-bit: last_high = 0.
  std::uint64_t last_high = 0;

  /// LAST, all of it.
  constexpr u128 top() const noexcept { return u128{last_high} << 64 | last; }
  constexpr bool wide() const noexcept { return last_high != 0; }
  /// Number of integers in the range (1 .. 2^64, or x + 1 for a wide range).
  constexpr u128 size() const noexcept { return top() - first + 1; }
  constexpr bool contains(std::uint64_t n) const noexcept { return first <= n && n <= last; }
  friend constexpr bool operator==(const Range&, const Range&) = default;
};

/// A range cut into consecutive chunks of chunk_size numbers (the last one may be shorter).
/// Chunk i is [first + i*chunk_size, min(last, first + (i+1)*chunk_size - 1)].
class ChunkPlan {
 public:
  /// Precondition: range.first <= range.last, chunk_size >= 1.
  ChunkPlan(Range range, u128 chunk_size);

  /// The seed's dividir(): ceil(size / parts) numbers per block, so that at most `parts`
  /// blocks result, and fewer when the range is short. Precondition: parts >= 1.
  static ChunkPlan blocks(Range range, std::uint64_t parts);

  Range range() const noexcept { return range_; }
  u128 chunk_size() const noexcept { return chunk_size_; }
  /// Number of chunks (up to 2^64, when every chunk holds one number of the full range).
  u128 count() const noexcept { return count_; }
  /// Precondition: index < count().
  Range chunk(std::uint64_t index) const noexcept;

 private:
  Range range_;
  u128 chunk_size_;
  u128 count_;
};

}  // namespace primes
