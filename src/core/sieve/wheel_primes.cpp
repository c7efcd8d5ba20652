/// @file wheel_primes.cpp
/// The lists of small and medium sieving primes (see wheel_primes.hpp).
#include "wheel_primes.hpp"

#include "cross_off.hpp"

namespace primes::sieve {

void WheelPrimeList::clear() {
  for (auto& v : by_class_)
    v.clear();
}

void WheelPrimeList::add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel) {
  by_class_[ri].push_back(
      {static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(offset << 3 | wheel)});
}

void WheelPrimeList::cross(std::uint8_t* seg, std::size_t end) {
  for (unsigned ri = 0; ri < 8; ++ri)
    kCrossOff[ri](seg, end, by_class_[ri]);
}

void WheelPrimeList::next_segment(std::size_t segment_bytes) {
  const auto shift = static_cast<std::uint32_t>(segment_bytes << 3);
  for (auto& v : by_class_) {
    for (WheelPrime& wp : v)
      wp.position -= shift;
  }
}

}  // namespace primes::sieve
