/// @file presieve.hpp
/// Removes the multiples of the primes 7 .. 163 from a segment by copying precomputed patterns.
///
/// Multiples of a prime p repeat every p bytes of the wheel-30 bit array, so the multiples of a
/// group of primes repeat every product-of-the-group bytes. Each group's pattern is built once;
/// a segment starting at global byte g starts at offset g mod period in every pattern. The
/// segment is initialised one L1-sized piece at a time, each piece in one pass as the AND of all
/// the patterns.
/// This replaces the densest crossing-off work (a third of all of it) by streaming passes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace primes::sieve {

class PreSieve {
 public:
  /// Largest prime whose multiples the patterns remove; sieving primes start above it.
  static constexpr std::uint64_t kMaxPrime = 163;
  /// Bytes of a segment initialised at once, L1-resident while all patterns are applied to it.
  static constexpr std::size_t kPiece = 8 * 1024;

  /// The shared, immutable instance (built on first use, thread-safe).
  static const PreSieve& instance();

  /// Fills seg[0, len) with the pattern for global bytes [first_byte, first_byte + len).
  /// The primes 7..163 themselves are cleared too; see fix_first_bytes().
  void apply(std::uint8_t* seg, std::size_t len, std::uint64_t first_byte) const;

  /// Writes the exact prime bits for global bytes [first_byte, 6) that lie in the segment:
  /// clears 1 (not prime) and restores the pre-sieved primes 7..163 themselves.
  static void fix_first_bytes(std::uint8_t* seg, std::size_t len, std::uint64_t first_byte);

 private:
  PreSieve();
  struct Pattern {
    std::size_t period;               // bytes after which the pattern repeats
    std::vector<std::uint8_t> bytes;  // period + kPiece bytes: any piece starts inside a period
  };

  std::vector<Pattern> patterns_;
};

}  // namespace primes::sieve
