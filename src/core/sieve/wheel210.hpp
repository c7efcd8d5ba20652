/// @file wheel210.hpp
/// The modulo-210 wheel of the bucket sieve: big sieving primes cross off only their multiples
/// p*k with k coprime to 2, 3, 5 and 7 (48 of every 210 multipliers instead of 8 of every 30:
/// one crossing in eight fewer), on the same modulo-30 bit array as the rest of the sieve.
///
/// Writing k = 210*c + s (s coprime to 210) and p = 30*q + r, the multiple p*k lies in byte
/// 7*p*c + q*s + floor(r*s/30) at the bit of residue (r*s) mod 30. As with the modulo-30 wheel
/// (wheel.hpp), the tables give for each residue class of p and each of the 48 wheel positions
/// the bit to clear and the byte distance to the next multiple, so that crossing never divides.
#pragma once

#include <array>
#include <cstdint>

#include "wheel.hpp"

namespace primes::sieve {

inline constexpr unsigned kWheel210Size = 48;

/// The 48 residues modulo 210 coprime to it, ascending, then 211 (the next turn's first).
inline constexpr auto kCoprime210 = [] {
  std::array<std::uint8_t, kWheel210Size + 1> residues{};
  unsigned n = 0;
  for (unsigned s = 1; s < 210; ++s) {
    if (s % 2 != 0 && s % 3 != 0 && s % 5 != 0 && s % 7 != 0)
      residues[n++] = static_cast<std::uint8_t>(s);
  }
  residues[n] = 211;
  return residues;
}();

/// floor(r * s / 30) for residue class ri and wheel position w (w = 48: s = 211).
constexpr unsigned carry210(unsigned ri, unsigned w) noexcept {
  return kResidues[ri] * unsigned{kCoprime210[w]} / 30;
}

/// kSteps210[ri][w]: how to cross off the multiple of a prime of class ri at position w, and how
/// far the next one is (gap_q * q + gap_extra bytes).
inline constexpr auto kSteps210 = [] {
  std::array<std::array<WheelStep, kWheel210Size>, 8> steps{};
  for (unsigned ri = 0; ri < 8; ++ri) {
    for (unsigned w = 0; w < kWheel210Size; ++w) {
      const unsigned s = kCoprime210[w];
      const unsigned bit = kBitOfResidue[kResidues[ri] * s % 30];
      steps[ri][w].unset = static_cast<std::uint8_t>(~(1u << bit));
      steps[ri][w].gap_q = static_cast<std::uint8_t>(kCoprime210[w + 1] - s);
      steps[ri][w].gap_extra = static_cast<std::uint8_t>(carry210(ri, w + 1) - carry210(ri, w));
    }
  }
  return steps;
}();

/// For b = k mod 210: the first multiplier residue s >= b coprime to 210 (211 when it is the
/// next turn's first), its wheel position (mod 48), and floor(r * s / 30) for each class of r.
struct Next210 {
  std::uint8_t residue;
  std::uint8_t position;
  std::array<std::uint8_t, 8> carry;
};
inline constexpr auto kNext210 = [] {
  std::array<Next210, 210> next{};
  for (unsigned b = 0; b < 210; ++b) {
    unsigned w = 0;
    while (kCoprime210[w] < b)
      ++w;  // kCoprime210[48] = 211 ends the search
    next[b].residue = kCoprime210[w];
    next[b].position = static_cast<std::uint8_t>(w % kWheel210Size);
    for (unsigned ri = 0; ri < 8; ++ri)
      next[b].carry[ri] = static_cast<std::uint8_t>(carry210(ri, w));
  }
  return next;
}();

/// First multiple p*k >= start with k coprime to 210 and k >= p, for 11 <= p < 2^32 and any
/// start < 2^64 (exact; computed in the byte domain, which cannot overflow).
struct FirstMultiple210 {
  std::uint64_t byte;  ///< global byte index (number / 30)
  unsigned wheel;      ///< wheel position 0..47 of the multiplier
};
/// first_multiple210() from least_multiplier(p, start) = k.
constexpr FirstMultiple210 first_multiple210_from(std::uint64_t p, std::uint64_t k) noexcept {
  const std::uint64_t c = k / 210;
  const Next210& next = kNext210[k - c * 210];
  const std::uint64_t q = p / 30;
  const unsigned ri = kBitOfResidue[p - q * 30];
  return {7 * p * c + q * next.residue + next.carry[ri], next.position};
}

constexpr FirstMultiple210 first_multiple210(std::uint64_t p, std::uint64_t start) noexcept {
  return first_multiple210_from(p, least_multiplier(p, start));
}

}  // namespace primes::sieve
