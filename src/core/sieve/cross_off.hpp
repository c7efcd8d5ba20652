/// @file cross_off.hpp
/// The inner loop of the small sieving primes.
///
/// For one residue class of primes (a template parameter, so that the eight bit masks and the
/// eight offsets' constant parts are immediates), crosses off every multiple below `end`: first
/// the rest of the current wheel turn one multiple at a time, then whole turns, eight multiples
/// per iteration at fixed offsets from the turn's first multiple (eight AND instructions and one
/// add), then the last partial turn. Each prime's next multiple is left at or past `end`, its
/// position made relative to a point `rebase` bytes on (the next segment, after the last block).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wheel.hpp"
#include "wheel_primes.hpp"

namespace primes::sieve {

template <unsigned RI>
void cross_off(std::uint8_t* seg, std::size_t end, std::size_t rebase,
               std::vector<WheelPrime>& primes) {
  constexpr const auto& steps = kSteps[RI];
  constexpr std::size_t r = kResidues[RI];
  constexpr std::size_t c1 = turn_carry(RI, 1), c2 = turn_carry(RI, 2), c3 = turn_carry(RI, 3),
                        c4 = turn_carry(RI, 4), c5 = turn_carry(RI, 5), c6 = turn_carry(RI, 6),
                        c7 = turn_carry(RI, 7);
  for (WheelPrime& wp : primes) {
    const std::size_t q = wp.q;
    std::size_t i = wp.position >> 3;
    unsigned t = wp.position & 7;
    bool reached_end = false;
    // Finish the current wheel turn one multiple at a time.
    while (t != 0) {
      if (i >= end) {
        reached_end = true;
        break;
      }
      seg[i] &= steps[t].unset;
      i += q * steps[t].gap_q + steps[t].gap_extra;
      t = (t + 1) & 7;
    }
    if (!reached_end) {
      // Whole turns: eight multiples at fixed offsets from the turn's first multiple.
      const std::size_t p = 30 * q + r;
      const std::size_t o1 = 6 * q + c1, o2 = 10 * q + c2, o3 = 12 * q + c3, o4 = 16 * q + c4,
                        o5 = 18 * q + c5, o6 = 22 * q + c6, o7 = 28 * q + c7;
      while (i + o7 < end) {
        std::uint8_t* s = seg + i;
        s[0] &= steps[0].unset;
        s[o1] &= steps[1].unset;
        s[o2] &= steps[2].unset;
        s[o3] &= steps[3].unset;
        s[o4] &= steps[4].unset;
        s[o5] &= steps[5].unset;
        s[o6] &= steps[6].unset;
        s[o7] &= steps[7].unset;
        i += p;
      }
      // The last, partial turn (fewer than eight multiples).
      while (i < end) {
        seg[i] &= steps[t].unset;
        i += q * steps[t].gap_q + steps[t].gap_extra;
        t = (t + 1) & 7;
      }
    }
    // Relative to the next segment when `rebase` is its distance (the segment's last block).
    wp.position = static_cast<std::uint32_t>((i - rebase) << 3 | t);
  }
}

/// cross_off for each residue class, indexed by class.
using CrossOffFn = void (*)(std::uint8_t*, std::size_t, std::size_t, std::vector<WheelPrime>&);
inline constexpr std::array<CrossOffFn, 8> kCrossOff = {cross_off<0>, cross_off<1>, cross_off<2>,
                                                        cross_off<3>, cross_off<4>, cross_off<5>,
                                                        cross_off<6>, cross_off<7>};

}  // namespace primes::sieve
