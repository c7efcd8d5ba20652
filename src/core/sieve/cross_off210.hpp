/// @file cross_off210.hpp
/// The inner loop of the medium sieving primes, on the modulo-210 wheel (wheel210.hpp).
///
/// A medium prime has from about one to a few thousand multiples per segment, which miss L1
/// (the segment is L2-sized): each crossing costs a cache line's trip, so skipping the
/// multiples of 7 (one crossing in eight) pays more than an unrolled turn does. The loop is one
/// pass over the 48 wheel positions, entered at the prime's current position (a switch into the
/// loop, as in Duff's device) and left at the first multiple past `end`, the positions' bit
/// masks and byte gaps immediates. The primes come sorted by the position they enter at, so
/// that the jump into the loop is predicted: one unpredictable branch per prime and call, the
/// exit. A counting sort by the position each prime leaves at follows every call.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wheel210.hpp"
#include "wheel_primes.hpp"

namespace primes::sieve {

template <unsigned RI, unsigned W>
struct Step210 {
  static constexpr WheelStep step = kSteps210[RI][W];
};

// One wheel position: stop here if the multiple lies at or past `end`, else cross it off.
#define PRIMES_STEP210(W)                 \
  case W:                                 \
    if (i >= end) {                       \
      w = W;                              \
      break;                              \
    }                                     \
    seg[i] &= Step210<RI, W>::step.unset; \
    i += q * Step210<RI, W>::step.gap_q + Step210<RI, W>::step.gap_extra;

/// One prime from position w at byte i: crosses off its multiples below `end`; leaves i and w
/// at the first multiple at or past it.
template <unsigned RI>
[[gnu::always_inline]] inline void cross_off210_one(std::uint8_t* seg, std::size_t end,
                                                    std::size_t q, std::size_t& i, unsigned& w) {
  switch (w) {
    for (;;) {
      // clang-format off
        PRIMES_STEP210(0)  [[fallthrough]]; PRIMES_STEP210(1)  [[fallthrough]];
        PRIMES_STEP210(2)  [[fallthrough]]; PRIMES_STEP210(3)  [[fallthrough]];
        PRIMES_STEP210(4)  [[fallthrough]]; PRIMES_STEP210(5)  [[fallthrough]];
        PRIMES_STEP210(6)  [[fallthrough]]; PRIMES_STEP210(7)  [[fallthrough]];
        PRIMES_STEP210(8)  [[fallthrough]]; PRIMES_STEP210(9)  [[fallthrough]];
        PRIMES_STEP210(10) [[fallthrough]]; PRIMES_STEP210(11) [[fallthrough]];
        PRIMES_STEP210(12) [[fallthrough]]; PRIMES_STEP210(13) [[fallthrough]];
        PRIMES_STEP210(14) [[fallthrough]]; PRIMES_STEP210(15) [[fallthrough]];
        PRIMES_STEP210(16) [[fallthrough]]; PRIMES_STEP210(17) [[fallthrough]];
        PRIMES_STEP210(18) [[fallthrough]]; PRIMES_STEP210(19) [[fallthrough]];
        PRIMES_STEP210(20) [[fallthrough]]; PRIMES_STEP210(21) [[fallthrough]];
        PRIMES_STEP210(22) [[fallthrough]]; PRIMES_STEP210(23) [[fallthrough]];
        PRIMES_STEP210(24) [[fallthrough]]; PRIMES_STEP210(25) [[fallthrough]];
        PRIMES_STEP210(26) [[fallthrough]]; PRIMES_STEP210(27) [[fallthrough]];
        PRIMES_STEP210(28) [[fallthrough]]; PRIMES_STEP210(29) [[fallthrough]];
        PRIMES_STEP210(30) [[fallthrough]]; PRIMES_STEP210(31) [[fallthrough]];
        PRIMES_STEP210(32) [[fallthrough]]; PRIMES_STEP210(33) [[fallthrough]];
        PRIMES_STEP210(34) [[fallthrough]]; PRIMES_STEP210(35) [[fallthrough]];
        PRIMES_STEP210(36) [[fallthrough]]; PRIMES_STEP210(37) [[fallthrough]];
        PRIMES_STEP210(38) [[fallthrough]]; PRIMES_STEP210(39) [[fallthrough]];
        PRIMES_STEP210(40) [[fallthrough]]; PRIMES_STEP210(41) [[fallthrough]];
        PRIMES_STEP210(42) [[fallthrough]]; PRIMES_STEP210(43) [[fallthrough]];
        PRIMES_STEP210(44) [[fallthrough]]; PRIMES_STEP210(45) [[fallthrough]];
        PRIMES_STEP210(46) [[fallthrough]]; PRIMES_STEP210(47)
      // clang-format on
    }
  }
}

#undef PRIMES_STEP210

/// Crosses off the multiples below `end` of the primes of class RI, which come sorted by wheel
/// position. Positions are packed as offset * 64 + wheel position and left relative to a point
/// `rebase` bytes on. Every prime of a run with the same position enters the loop at the same
/// place: the jump into it is predicted (one unpredictable branch per prime, the exit). The
/// primes are then sorted again, by the position they leave at, with a counting sort through
/// `scratch`.
template <unsigned RI>
void cross_off210(std::uint8_t* seg, std::size_t end, std::size_t rebase,
                  std::vector<WheelPrime>& primes, std::vector<WheelPrime>& scratch) {
  std::array<std::uint32_t, kWheel210Size> count{};
  for (WheelPrime& wp : primes) {
    std::size_t i = wp.position >> 6;
    unsigned w = wp.position & 63;
    cross_off210_one<RI>(seg, end, wp.q, i, w);
    wp.position = static_cast<std::uint32_t>((i - rebase) << 6 | w);
    ++count[w];
  }
  if (primes.size() < 2) return;
  std::uint32_t next = 0;
  for (std::uint32_t& c : count) {
    const std::uint32_t n = c;
    c = next;
    next += n;
  }
  scratch.resize(primes.size());  // trivial elements: only a larger size writes anything
  for (const WheelPrime& wp : primes)
    scratch[count[wp.position & 63]++] = wp;
  primes.swap(scratch);  // scratch is the next class's, about the same size
}

using CrossOff210Fn = void (*)(std::uint8_t*, std::size_t, std::size_t, std::vector<WheelPrime>&,
                               std::vector<WheelPrime>&);
inline constexpr std::array<CrossOff210Fn, 8> kCrossOff210 = {
    cross_off210<0>, cross_off210<1>, cross_off210<2>, cross_off210<3>,
    cross_off210<4>, cross_off210<5>, cross_off210<6>, cross_off210<7>};

}  // namespace primes::sieve
