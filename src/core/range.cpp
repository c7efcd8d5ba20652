/// @file range.cpp
/// Cutting ranges into numbered chunks (see range.hpp).
#include "primes/range.hpp"

namespace primes {

ChunkPlan::ChunkPlan(Range range, u128 chunk_size)
    : range_(range), chunk_size_(chunk_size), count_(ceil_div(range.size(), chunk_size)) {}

ChunkPlan ChunkPlan::blocks(Range range, std::uint64_t parts) {
  return ChunkPlan(range, ceil_div(range.size(), u128{parts}));
}

Range ChunkPlan::chunk(std::uint64_t index) const noexcept {
  // index < count_ keeps index * chunk_size_ below size() <= 2^64: no overflow in 128 bits.
  const u128 lo = u128{range_.first} + u128{index} * chunk_size_;
  const u128 hi = lo + chunk_size_ - 1;
  return {static_cast<std::uint64_t>(lo),
          hi > range_.last ? range_.last : static_cast<std::uint64_t>(hi)};
}

}  // namespace primes
