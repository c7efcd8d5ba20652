/// @file wheel.hpp
/// The modulo-30 wheel shared by every part of the sieve.
///
/// The sieve stores one byte per 30 numbers: bit j of byte g stands for 30*g + kResidues[j],
/// the eight residues coprime to 2, 3 and 5. A sieving prime p = 30*q + r (r one of the
/// residues) only needs its multiples p*k with k coprime to 30; writing k = 30*a + kResidues[t]
/// the multiple lies in byte  a*p + q*kResidues[t] + floor(r*kResidues[t]/30)  at the bit of
/// residue (r*kResidues[t]) mod 30. These tables hold, for each of the 8 classes of r and each
/// of the 8 wheel positions t, the bit to clear and the byte distance to the next multiple, so
/// that crossing off never divides.
#pragma once

#include <array>
#include <cstdint>

namespace primes::sieve {

inline constexpr std::uint64_t kNumbersPerByte = 30;
inline constexpr std::array<std::uint8_t, 8> kResidues{1, 7, 11, 13, 17, 19, 23, 29};

/// Bit index of a residue mod 30, or 8 when the residue shares a factor with 30.
inline constexpr std::array<std::uint8_t, 30> kBitOfResidue = [] {
  std::array<std::uint8_t, 30> bits{};
  for (auto& b : bits)
    b = 8;
  for (std::uint8_t j = 0; j < 8; ++j)
    bits[kResidues[j]] = j;
  return bits;
}();

/// Residue class index (0..7) of a number coprime to 30.
constexpr unsigned residue_class(std::uint64_t n) noexcept {
  return kBitOfResidue[n % 30];
}

/// How to cross off the multiple p*k with k = kResidues[t] (mod 30) and move to the next one.
struct WheelStep {
  std::uint8_t unset;  ///< AND mask that clears the multiple's bit
  std::uint8_t gap_q;  ///< next multiple is gap_q * q + gap_extra bytes further on
  std::uint8_t gap_extra;
};

/// floor(r * k / 30) for the residue class ri of p and wheel position t (t = 8 means k = 31).
constexpr unsigned turn_carry(unsigned ri, unsigned t) noexcept {
  unsigned k = t < 8 ? kResidues[t] : 31u;
  return kResidues[ri] * k / 30;
}

/// kSteps[ri][t] for a prime of residue class ri at wheel position t.
inline constexpr auto kSteps = [] {
  std::array<std::array<WheelStep, 8>, 8> steps{};
  for (unsigned ri = 0; ri < 8; ++ri) {
    for (unsigned t = 0; t < 8; ++t) {
      unsigned k = kResidues[t];
      unsigned k_next = t < 7 ? kResidues[t + 1] : 31u;
      unsigned bit = kBitOfResidue[kResidues[ri] * k % 30];
      steps[ri][t].unset = static_cast<std::uint8_t>(~(1u << bit));
      steps[ri][t].gap_q = static_cast<std::uint8_t>(k_next - k);
      steps[ri][t].gap_extra = static_cast<std::uint8_t>(turn_carry(ri, t + 1) - turn_carry(ri, t));
    }
  }
  return steps;
}();

/// Where a sieving prime's first multiple at or above a bound lies.
struct FirstMultiple {
  std::uint64_t byte;  ///< global byte index (number / 30)
  unsigned wheel;      ///< wheel position t of the multiplier
};

/// For a multiplier k with k mod 30 = b, the first multiplier >= k coprime to 30 is
/// k - b + kNextCoprime[b].residue; `wheel` is its wheel position.
struct NextCoprime {
  std::uint8_t residue;
  std::uint8_t wheel;
};
inline constexpr std::array<NextCoprime, 30> kNextCoprime = [] {
  std::array<NextCoprime, 30> next{};
  for (unsigned b = 0; b < 30; ++b) {
    unsigned r = b;
    while (kBitOfResidue[r] == 8)
      ++r;  // 29 is coprime to 30, so r never passes it
    next[b] = {static_cast<std::uint8_t>(r), kBitOfResidue[r]};
  }
  return next;
}();

/// kCarryAt[ri][b] = turn_carry(ri, wheel position of the next coprime residue >= b).
inline constexpr auto kCarryAt = [] {
  std::array<std::array<std::uint8_t, 30>, 8> carry{};
  for (unsigned ri = 0; ri < 8; ++ri) {
    for (unsigned b = 0; b < 30; ++b) {
      carry[ri][b] = static_cast<std::uint8_t>(turn_carry(ri, kNextCoprime[b].wheel));
    }
  }
  return carry;
}();

/// First multiple p*k >= start with k coprime to 30 and k >= p (smaller k were crossed off by
/// smaller primes). Exact for every prime 7 <= p < 2^32 and start < 2^64: it works in the byte
/// domain, where a*p + q*residue + carry cannot overflow. This runs once per sieving prime and
/// chunk (203 million times near 2^64), so the dependency chain after the division is short:
/// one reduction of k modulo 30, then table lookups.
/// The smallest multiplier k >= p with p*k >= start (any k: the wheels then skip to theirs).
constexpr std::uint64_t least_multiplier(std::uint64_t p, std::uint64_t start) noexcept {
  const std::uint64_t k = start / p + (start % p != 0 ? 1 : 0);
  return k < p ? p : k;
}

/// The least k with k * p >= low, for 2 <= p < 2^32 and p * p < low (so k > p), where low_d is
/// low rounded to a double. This runs for every sieving prime at the start of every chunk, with
/// the same low: the quotient comes from one floating-point division (relative error about
/// 2^-52, the quotient is below 2^63), then exact integer arithmetic corrects it, which almost
/// never loops (a few times only for primes below ~2^12 near 2^64); a 64-bit integer division
/// per prime costs several times more.
[[gnu::always_inline]] inline std::uint64_t least_multiplier_above(std::uint64_t low, double low_d,
                                                                   std::uint64_t p) noexcept {
  auto q = static_cast<std::uint64_t>(static_cast<std::int64_t>(low_d / static_cast<double>(p)));
  auto r = static_cast<std::int64_t>(low - q * p);  // |r| is at most a few times p
  const auto sp = static_cast<std::int64_t>(p);
  while (r < 0) {
    --q;
    r += sp;
  }
  while (r >= sp) {
    ++q;
    r -= sp;
  }
  return q + (r != 0 ? 1 : 0);
}

/// first_multiple() from least_multiplier(p, start) = k.
constexpr FirstMultiple first_multiple_from(std::uint64_t p, std::uint64_t k) noexcept {
  const std::uint64_t a = k / 30;
  const unsigned b = static_cast<unsigned>(k - a * 30);
  const std::uint64_t q = p / 30;
  const unsigned ri = kBitOfResidue[p - q * 30];
  return {a * p + q * kNextCoprime[b].residue + kCarryAt[ri][b], kNextCoprime[b].wheel};
}

constexpr FirstMultiple first_multiple(std::uint64_t p, std::uint64_t start) noexcept {
  return first_multiple_from(p, least_multiplier(p, start));
}

}  // namespace primes::sieve
