/// @file erat_medium.cpp
/// One-multiple-at-a-time crossing off for medium sieving primes (see erat_medium.hpp).
#include "erat_medium.hpp"

#include "wheel.hpp"

namespace primes::sieve {
namespace {

template <unsigned RI>
void cross_class(std::uint8_t* seg, std::size_t end, std::uint32_t rebase,
                 std::vector<WheelPrime>& primes) {
  constexpr const auto& steps = kSteps[RI];
  for (WheelPrime& wp : primes) {
    const std::size_t q = wp.q;
    std::size_t i = wp.position >> 3;
    unsigned t = wp.position & 7;
    while (i < end) {
      seg[i] &= steps[t].unset;
      i += q * steps[t].gap_q + steps[t].gap_extra;
      t = (t + 1) & 7;
    }
    wp.position = static_cast<std::uint32_t>(i << 3 | t) - rebase;
  }
}

using CrossFn = void (*)(std::uint8_t*, std::size_t, std::uint32_t, std::vector<WheelPrime>&);
constexpr std::array<CrossFn, 8> kCrossClass = {cross_class<0>, cross_class<1>, cross_class<2>,
                                                cross_class<3>, cross_class<4>, cross_class<5>,
                                                cross_class<6>, cross_class<7>};

}  // namespace

void EratMedium::clear() {
  for (auto& v : by_class_)
    v.clear();
}

void EratMedium::add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel) {
  by_class_[ri].push_back(
      {static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(offset << 3 | wheel)});
}

void EratMedium::cross(std::uint8_t* seg, std::size_t len, std::size_t segment_bytes) {
  const auto rebase = static_cast<std::uint32_t>(segment_bytes << 3);
  for (unsigned ri = 0; ri < 8; ++ri)
    kCrossClass[ri](seg, len, rebase, by_class_[ri]);
}

}  // namespace primes::sieve
