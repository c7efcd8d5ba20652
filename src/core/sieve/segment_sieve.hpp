/// @file segment_sieve.hpp
/// The segmented sieve of Eratosthenes over the wheel-30 bit array.
///
/// A SegmentSieve walks a byte range [first_byte, last_byte] one segment at a time. For each
/// segment it copies the pre-sieve patterns, then lets small primes (per L1 block, whole
/// modulo-30 turns: cross_off.hpp), medium primes (on the modulo-210 wheel: cross_off210.hpp;
/// both lists in wheel_primes; the densest of them per eighth of a segment, the others over
/// the segment) and big primes (erat_big) cross off their multiples. It does not know where
/// its sieving primes come from: the caller adds every prime p with p*p <= next_segment_top()
/// before sieving the next segment (see feed_sieving_primes). Both the prime counter and the
/// generator of sieving primes are built on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "erat_big.hpp"
#include "presieve.hpp"
#include "wheel_primes.hpp"

namespace primes::sieve {

/// Sizes that decide cache behaviour: the largest segment (crossed off by medium and big primes,
/// best L2-resident) and the block (crossed off by small primes, best L1-resident).
/// Small primes are those up to block_bytes / 8; medium up to kMediumSegments segments; big
/// beyond.
struct Geometry {
  std::size_t segment_bytes;  ///< power of two, >= block_bytes
  std::size_t block_bytes;    ///< multiple of 64
};

/// Primes below this many segments' bytes cross off from lists, at least 8 / kMediumSegments
/// multiples per segment on average; above it they wait in buckets: looping over primes that
/// mostly miss the segment costs more than a bucket entry.
inline constexpr std::uint64_t kMediumSegments = 2;

/// The bucket sieve's segments per segment of `segment_bytes` (a power of two): quarters where a
/// quarter is at least two L1 blocks, else whole segments (see the SegmentSieve constructor),
/// halved again while larger than EratBig::kMaxSegmentBytes.
constexpr std::size_t big_pieces(std::size_t segment_bytes, std::size_t block_bytes) noexcept {
  std::size_t pieces = segment_bytes / 4 >= 2 * block_bytes ? 4 : 1;
  while (segment_bytes / pieces > EratBig::kMaxSegmentBytes)
    pieces *= 2;
  return pieces;
}

class SegmentSieve {
 public:
  explicit SegmentSieve(Geometry geometry);

  /// Prepares to sieve bytes [first_byte, last_byte] with primes up to max_prime (< 2^32).
  void reset(std::uint64_t first_byte, std::uint64_t last_byte, std::uint64_t max_prime);
  bool done() const { return next_byte_ > last_byte_; }
  /// Highest number held by the next segment, capped at 2^64 - 1.
  std::uint64_t next_segment_top() const;
  /// Adds the leading primes of `primes` (ascending, PreSieve::kMaxPrime < p <= max_prime, and
  /// above every prime added before) whose squares are at most next_segment_top(); returns how
  /// many it took. A whole batch in one call: the per-range values stay in registers and the
  /// divisions of successive primes overlap.
  std::size_t add_sieving_primes(std::span<const std::uint32_t> primes);

  struct Segment {
    std::uint8_t* bytes;  ///< valid until the next call; the caller may modify it
    std::size_t len;
    std::uint64_t first_byte;
  };
  /// Sieves the next segment. Precondition: !done().
  Segment sieve_next();

 private:
  /// The range's last number, capped at 2^64 - 1.
  std::uint64_t last_number() const;
  /// Adds p, whose first multiple to cross off is k * p (k >= p, the least such multiple at or
  /// past this segment's start).
  void add_sieving_prime(std::uint64_t p, std::uint64_t k);

  Geometry geometry_;
  const PreSieve& presieve_;
  std::unique_ptr<std::uint8_t[]> buffer_;  // the segment, plus a word of slack
  WheelPrimeList small_;
  WheelPrimeList dense_{WheelPrimeList::Loop::wheel210};   // medium, crossed per piece_
  WheelPrimeList medium_{WheelPrimeList::Loop::wheel210};  // the others, per segment
  EratBig big_;
  std::uint64_t next_byte_ = 1;
  std::uint64_t last_byte_ = 0;
  std::uint64_t segment_index_ = 0;
  // Fixed by the geometry (see the constructor), in this order.
  const std::size_t segment_;         // geometry_.segment_bytes
  const std::uint64_t medium_limit_;  // primes from here on are big
  const std::size_t big_pieces_;      // the bucket sieve's segments per segment
  const std::size_t piece_;           // bytes of the dense primes' pieces (the segment: none)
  const std::uint64_t dense_limit_;   // medium primes below this cross off one piece at a time
  std::uint64_t rare_multiples_ = 0;  // primes above this are checked for a multiple first
  std::uint64_t screened_from_ = 0;   // and above this, many at a time (rare_multiples.hpp)
};

/// Adds to `sieve` the primes that `source` yields while their squares reach into the next
/// segment. A source hands out its primes a batch at a time: batch() is the rest of the current
/// one (ascending; empty once there are no more), consume(n) takes its first n. Calls tick()
/// after every whole batch taken (a few thousand primes), so that a caller can report liveness
/// during the long start of a range near 2^64.
template <class Source, class Tick>
void feed_sieving_primes(SegmentSieve& sieve, Source& source, Tick&& tick) {
  for (;;) {
    const std::span<const std::uint32_t> batch = source.batch();
    if (batch.empty()) return;
    const std::size_t taken = sieve.add_sieving_primes(batch);
    source.consume(taken);
    if (taken < batch.size()) return;
    tick();
  }
}

}  // namespace primes::sieve
