/// @file erat_small.cpp
/// The unrolled inner loop of the sieve (see erat_small.hpp).
#include "erat_small.hpp"

#include <algorithm>

#include "cross_off.hpp"

namespace primes::sieve {
namespace {

using CrossFn = void (*)(std::uint8_t*, std::size_t, std::vector<WheelPrime>&);
constexpr std::array<CrossFn, 8> kCrossClass = {cross_off<0>, cross_off<1>, cross_off<2>,
                                                cross_off<3>, cross_off<4>, cross_off<5>,
                                                cross_off<6>, cross_off<7>};

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
