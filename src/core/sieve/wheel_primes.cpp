/// @file wheel_primes.cpp
/// The lists of small and medium sieving primes (see wheel_primes.hpp).
#include "wheel_primes.hpp"

#include "cross_off.hpp"
#include "cross_off210.hpp"

namespace primes::sieve {

void WheelPrimeList::clear() {
  for (auto& v : by_class_)
    v.clear();
}

void WheelPrimeList::add(std::uint64_t q, unsigned ri, std::uint64_t offset, unsigned wheel) {
  const unsigned shift = loop_ == Loop::wheel210 ? 6 : 3;
  by_class_[ri].push_back(
      {static_cast<std::uint32_t>(q), static_cast<std::uint32_t>(offset << shift | wheel)});
}

void WheelPrimeList::cross(std::uint8_t* seg, std::size_t end, std::size_t next_segment) {
  if (loop_ == Loop::wheel210) {
    for (unsigned ri = 0; ri < 8; ++ri)
      kCrossOff210[ri](seg, end, next_segment, by_class_[ri], scratch_);
    return;
  }
  for (unsigned ri = 0; ri < 8; ++ri)
    kCrossOff[ri](seg, end, next_segment, by_class_[ri]);
}

void WheelPrimeList::cross_in_pieces(std::uint8_t* seg, std::size_t len, std::size_t piece,
                                     std::size_t next_segment) {
  for (std::size_t end = piece; end < len; end += piece)
    cross(seg, end);
  cross(seg, len, next_segment);
}

}  // namespace primes::sieve
