/// @file erat_small.cpp
/// The unrolled inner loop of the sieve (see erat_small.hpp).
#include "erat_small.hpp"

#include <algorithm>

#include "wheel.hpp"

namespace primes::sieve {
namespace {

template <unsigned RI>
void cross_class(std::uint8_t* seg, std::size_t end, std::vector<WheelPrime>& primes) {
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
    wp.position = static_cast<std::uint32_t>(i << 3 | t);
  }
}

using CrossFn = void (*)(std::uint8_t*, std::size_t, std::vector<WheelPrime>&);
constexpr std::array<CrossFn, 8> kCrossClass = {cross_class<0>, cross_class<1>, cross_class<2>,
                                                cross_class<3>, cross_class<4>, cross_class<5>,
                                                cross_class<6>, cross_class<7>};

}  // namespace

void EratSmall::clear() {
  for (auto& v : by_class_)
    v.clear();
}

bool EratSmall::empty() const {
  return std::all_of(by_class_.begin(), by_class_.end(), [](const auto& v) { return v.empty(); });
}

void EratSmall::add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel) {
  by_class_[ri].push_back(
      {static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(offset << 3 | wheel)});
}

void EratSmall::cross(std::uint8_t* seg, std::size_t len, std::size_t block_bytes,
                      std::size_t segment_bytes) {
  for (std::size_t block_end = std::min(len, block_bytes);; block_end += block_bytes) {
    block_end = std::min(block_end, len);
    for (unsigned ri = 0; ri < 8; ++ri)
      kCrossClass[ri](seg, block_end, by_class_[ri]);
    if (block_end == len) break;
  }
  const std::uint32_t shift = static_cast<std::uint32_t>(segment_bytes << 3);
  for (auto& v : by_class_) {
    for (WheelPrime& wp : v)
      wp.position -= shift;
  }
}

}  // namespace primes::sieve
