/// @file erat_medium.cpp
/// Crossing off for medium sieving primes (see erat_medium.hpp).
#include "erat_medium.hpp"

#include "cross_off.hpp"

namespace primes::sieve {
namespace {

using CrossFn = void (*)(std::uint8_t*, std::size_t, std::vector<WheelPrime>&);
constexpr std::array<CrossFn, 8> kCrossClass = {cross_off<0>, cross_off<1>, cross_off<2>,
                                                cross_off<3>, cross_off<4>, cross_off<5>,
                                                cross_off<6>, cross_off<7>};

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
  for (unsigned ri = 0; ri < 8; ++ri) {
    kCrossClass[ri](seg, len, by_class_[ri]);
    for (WheelPrime& wp : by_class_[ri])
      wp.position -= rebase;
  }
}

}  // namespace primes::sieve
