/// @file segment_sieve.cpp
/// The segment loop of the sieve (see segment_sieve.hpp).
#include "segment_sieve.hpp"

#include <algorithm>
#include <array>

#include "primes/pmath.hpp"
#include "rare_multiples.hpp"
#include "wheel.hpp"
#include "wheel210.hpp"

namespace primes::sieve {

SegmentSieve::SegmentSieve(Geometry geometry)
    : geometry_(geometry),
      presieve_(PreSieve::instance()),
      // Not initialised: only the pages a range's segments use ever become resident.
      buffer_(std::make_unique_for_overwrite<std::uint8_t[]>(geometry.segment_bytes +
                                                             sizeof(std::uint64_t))),
      // The whole configured segment at every height: its dense medium primes cross off per
      // piece (below), the others visit each segment once, and a short range only touches the
      // pages it uses.
      segment_(geometry.segment_bytes),
      medium_limit_(kMediumSegments * segment_),
      // The bucket sieve works on quarters of a segment (where a quarter is at least two L1
      // blocks): its one or two crossings per prime land in a window of L2/8, which costs a
      // part-filled bucket per quarter.
      big_pieces_(big_pieces(segment_, geometry.block_bytes)),
      // The densest medium primes (below segment/16: about 14 multiples or more per eighth of a
      // segment) cross off one eighth of the segment at a time, so that their L1 misses fall in
      // a window of L2/16 instead of L2/2, where a random read is markedly faster. Only where
      // an eighth is still larger than two L1 blocks.
      piece_(segment_ / 8 >= 2 * geometry.block_bytes ? segment_ / 8 : segment_),
      dense_limit_(piece_ < segment_ ? segment_ / 16 : 0) {}

void SegmentSieve::reset(std::uint64_t first_byte, std::uint64_t last_byte,
                         std::uint64_t max_prime) {
  // Above 4 times the range's length a prime has a multiple in it with odds of 1 in 4 or less.
  const u128 numbers =
      (u128{last_byte} + 1 - std::min(first_byte, last_byte + 1)) * kNumbersPerByte;
  rare_multiples_ = numbers >= (u128{1} << 62) ? kMaxU64 : static_cast<std::uint64_t>(4 * numbers);
  screened_from_ = std::max(rare_multiples_, kRareMultiplesMin);
  next_byte_ = first_byte;
  last_byte_ = last_byte;
  segment_index_ = 0;
  small_.clear();
  dense_.clear();
  medium_.clear();
  const std::size_t big_piece = segment_ / big_pieces_;
  big_.reset(big_piece, max_prime,
             last_byte >= first_byte ? (last_byte - first_byte) / big_piece : 0);
}

std::uint64_t SegmentSieve::last_number() const {
  const u128 last = u128{last_byte_} * kNumbersPerByte + 29;
  return last > kMaxU64 ? kMaxU64 : static_cast<std::uint64_t>(last);
}

std::uint64_t SegmentSieve::next_segment_top() const {
  const std::uint64_t top_byte = std::min(last_byte_, next_byte_ + (segment_ - 1));
  const u128 top = u128{top_byte} * kNumbersPerByte + 29;
  return top > kMaxU64 ? kMaxU64 : static_cast<std::uint64_t>(top);
}

std::size_t SegmentSieve::add_sieving_primes(std::span<const std::uint32_t> primes) {
  const std::uint64_t top = next_segment_top();
  const std::uint64_t low = next_byte_ * kNumbersPerByte;
  const auto low_d = static_cast<double>(low);
  // From p * p when that lies in this segment or later, else from the segment's start.
  auto first_multiplier = [&](std::uint64_t p) {
    return p * p >= low ? p : least_multiplier_above(low, low_d, p);
  };
  std::size_t taken = 0;
  for (; taken < primes.size(); ++taken) {
    const std::uint64_t p = primes[taken];
    if (p * p > top) return taken;
    if (p > screened_from_) break;
    add_sieving_prime(p, first_multiplier(p));
  }
  // The rest are far larger than the range: only the few with a multiple in it are added,
  // screened by keep_primes_with_a_multiple (a few cycles a prime instead of a remainder each).
  const auto root = static_cast<std::uint32_t>(isqrt(top));
  const std::size_t end = static_cast<std::size_t>(
      std::upper_bound(primes.begin() + static_cast<std::ptrdiff_t>(taken), primes.end(), root) -
      primes.begin());
  const std::uint64_t len = last_number() - low;
  std::array<std::uint32_t, 1024> kept;
  while (taken < end) {
    const std::size_t n = std::min(end - taken, kept.size());
    const std::size_t k =
        keep_primes_with_a_multiple(primes.subspan(taken, n), low, len, kept.data());
    for (std::size_t i = 0; i < k; ++i)
      add_sieving_prime(kept[i], first_multiplier(kept[i]));
    taken += n;
  }
  return taken;
}

[[gnu::always_inline]] inline void SegmentSieve::add_sieving_prime(std::uint64_t p,
                                                                   std::uint64_t k) {
  // Primes much larger than the range mostly have no multiple in it: tell so before any wheel
  // arithmetic. Only those: where about every other prime has a multiple, the extra,
  // unpredictable branch costs more than the arithmetic it saves.
  if (p > rare_multiples_ && u128{k} * p > u128{last_byte_} * kNumbersPerByte + 29) return;
  if (p >= medium_limit_) {  // big: the bucket sieve, on the modulo-210 wheel
    const FirstMultiple210 first = first_multiple210_from(p, k);
    if (first.byte > last_byte_) return;
    big_.add(p / kNumbersPerByte, residue_class(p), segment_index_ * big_pieces_,
             first.byte - next_byte_, first.wheel);
    return;
  }
  // Small primes have at least eight wheel turns (p bytes each) per L1 block, so that the
  // unrolled loop dominates; larger ones cross the whole segment at once, where the per-prime
  // cost of finishing and starting turns is paid once per segment instead of once per block.
  // Medium primes all cross off on the modulo-210 wheel (one crossing in eight fewer), each
  // list sorted by the wheel position its primes enter the next segment at, so that the jump
  // into the loop is predicted.
  if (p > geometry_.block_bytes / 8) {
    const FirstMultiple210 first = first_multiple210_from(p, k);
    if (first.byte > last_byte_) return;
    (p < dense_limit_ ? dense_ : medium_)
        .add(p / kNumbersPerByte, residue_class(p), first.byte - next_byte_, first.wheel);
    return;
  }
  const FirstMultiple first = first_multiple_from(p, k);
  if (first.byte > last_byte_) return;
  small_.add(p / kNumbersPerByte, residue_class(p), first.byte - next_byte_, first.wheel);
}

SegmentSieve::Segment SegmentSieve::sieve_next() {
  const std::size_t len =
      static_cast<std::size_t>(std::min<std::uint64_t>(segment_, last_byte_ - next_byte_ + 1));
  std::uint8_t* seg = buffer_.get();
  presieve_.apply(seg, len, next_byte_);
  PreSieve::fix_first_bytes(seg, len, next_byte_);
  // Each list's last pass also makes its positions relative to the next segment.
  small_.cross_in_pieces(seg, len, geometry_.block_bytes, segment_);
  dense_.cross_in_pieces(seg, len, piece_, segment_);
  medium_.cross(seg, len, segment_);
  const std::size_t big_piece = segment_ / big_pieces_;
  for (std::size_t k = 0; k < big_pieces_ && k * big_piece < len; ++k)
    big_.cross(seg + k * big_piece, segment_index_ * big_pieces_ + k);
  Segment result{seg, len, next_byte_};
  next_byte_ += segment_;
  ++segment_index_;
  return result;
}

}  // namespace primes::sieve
