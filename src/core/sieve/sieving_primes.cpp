/// @file sieving_primes.cpp
/// Extraction of primes from sieved segments (see sieving_primes.hpp).
#include "sieving_primes.hpp"

#include <bit>
#include <cstring>

#include "primes/pmath.hpp"
#include "wheel.hpp"

namespace primes::sieve {

const std::vector<std::uint32_t>& SievingPrimes::tiny_primes() {
  static const std::vector<std::uint32_t> primes = [] {
    constexpr std::uint32_t kLimit = 1u << 16;
    std::vector<bool> composite(kLimit, false);
    std::vector<std::uint32_t> list;
    for (std::uint32_t n = 2; n < kLimit; ++n) {
      if (composite[n]) continue;
      if (n > PreSieve::kMaxPrime) list.push_back(n);
      for (std::uint32_t m = n * n; m < kLimit; m += n)
        composite[m] = true;
    }
    return list;
  }();
  return primes;
}

SievingPrimes::SievingPrimes(Geometry geometry) : sieve_(geometry), tiny_{&tiny_primes(), 0} {}

void SievingPrimes::reset(std::uint64_t limit) {
  limit_ = limit;
  batch_.clear();
  pos_ = 0;
  tiny_.pos = 0;
  // Empty when there is nothing above the pre-sieved primes.
  if (limit <= PreSieve::kMaxPrime) {
    sieve_.reset(1, 0, 0);
  } else {
    sieve_.reset(PreSieve::kMaxPrime / kNumbersPerByte, limit / kNumbersPerByte, isqrt(limit));
  }
}

void SievingPrimes::fill() {
  batch_.clear();
  pos_ = 0;
  while (batch_.empty() && !sieve_.done()) {
    feed_sieving_primes(sieve_, tiny_, [] {});
    const SegmentSieve::Segment seg = sieve_.sieve_next();
    for (std::size_t i = 0; i < seg.len; i += sizeof(std::uint64_t)) {
      std::uint64_t word = 0;
      std::memcpy(&word, seg.bytes + i, sizeof word);
      if (seg.len - i < sizeof word) word &= (std::uint64_t{1} << (8 * (seg.len - i))) - 1;
      while (word != 0) {
        const unsigned bit = static_cast<unsigned>(std::countr_zero(word));
        word &= word - 1;
        const std::uint64_t n =
            (seg.first_byte + i + bit / 8) * kNumbersPerByte + kResidues[bit % 8];
        if (n > limit_) break;
        if (n > PreSieve::kMaxPrime) batch_.push_back(static_cast<std::uint32_t>(n));
      }
    }
  }
}

}  // namespace primes::sieve
