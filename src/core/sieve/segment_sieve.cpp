/// @file segment_sieve.cpp
/// The segment loop of the sieve (see segment_sieve.hpp).
#include "segment_sieve.hpp"

#include <algorithm>

#include "primes/pmath.hpp"
#include "wheel.hpp"

namespace primes::sieve {

SegmentSieve::SegmentSieve(Geometry geometry)
    : geometry_(geometry),
      presieve_(PreSieve::instance()),
      buffer_(geometry.segment_bytes + sizeof(std::uint64_t)) {}

void SegmentSieve::reset(std::uint64_t first_byte, std::uint64_t last_byte,
                         std::uint64_t max_prime) {
  next_byte_ = first_byte;
  last_byte_ = last_byte;
  segment_index_ = 0;
  small_.clear();
  medium_.clear();
  const std::uint64_t segments =
      last_byte >= first_byte ? (last_byte - first_byte) / geometry_.segment_bytes : 0;
  big_.reset(geometry_.segment_bytes, max_prime, segments);
}

std::uint64_t SegmentSieve::next_segment_top() const {
  const std::uint64_t top_byte = std::min(last_byte_, next_byte_ + (geometry_.segment_bytes - 1));
  const u128 top = u128{top_byte} * kNumbersPerByte + 29;
  return top > kMaxU64 ? kMaxU64 : static_cast<std::uint64_t>(top);
}

void SegmentSieve::add_sieving_prime(std::uint64_t p) {
  const std::uint64_t start = std::max(p * p, next_byte_ * kNumbersPerByte);
  const FirstMultiple first = first_multiple(p, start);
  if (first.byte > last_byte_) return;
  const std::uint64_t offset = first.byte - next_byte_;
  const std::uint64_t q = p / kNumbersPerByte;
  const unsigned ri = residue_class(p);
  // Small primes have at least eight wheel turns (p bytes each) per L1 block, so that the
  // unrolled loop dominates; larger ones cross the whole segment at once, where the per-prime
  // cost of finishing and starting turns is paid once per segment instead of once per block.
  // Measured on 0..1e10 (32 KiB blocks): p <= block/8 takes 0.96 s, p <= block 1.33 s.
  if (p <= geometry_.block_bytes / 8) {
    small_.add(q, ri, offset, first.wheel);
  } else if (2 * q < geometry_.segment_bytes) {
    medium_.add(q, ri, offset, first.wheel);
  } else {
    big_.add(q, ri, segment_index_, offset, first.wheel);
  }
}

SegmentSieve::Segment SegmentSieve::sieve_next() {
  const std::size_t len = static_cast<std::size_t>(
      std::min<std::uint64_t>(geometry_.segment_bytes, last_byte_ - next_byte_ + 1));
  std::uint8_t* seg = buffer_.data();
  presieve_.apply(seg, len, next_byte_);
  PreSieve::fix_first_bytes(seg, len, next_byte_);
  for (std::size_t end = geometry_.block_bytes;; end += geometry_.block_bytes) {
    small_.cross(seg, std::min(end, len));
    if (end >= len) break;
  }
  medium_.cross(seg, len);
  small_.next_segment(geometry_.segment_bytes);
  medium_.next_segment(geometry_.segment_bytes);
  big_.cross(seg, segment_index_);
  Segment result{seg, len, next_byte_};
  next_byte_ += geometry_.segment_bytes;
  ++segment_index_;
  return result;
}

}  // namespace primes::sieve
