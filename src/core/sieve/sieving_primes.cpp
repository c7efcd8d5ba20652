/// @file sieving_primes.cpp
/// Extraction of primes from sieved segments (see sieving_primes.hpp).
#include "sieving_primes.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "bits.hpp"
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
  size_ = 0;
  pos_ = 0;
  tiny_.pos = 0;
  // Empty when there is nothing above the pre-sieved primes.
  if (limit <= PreSieve::kMaxPrime) {
    sieve_.reset(1, 0, 0);
  } else {
    sieve_.reset(PreSieve::kMaxPrime / kNumbersPerByte, limit / kNumbersPerByte, isqrt(limit));
  }
}

namespace {

// Offset from a 64-bit word's first number of the number each of its bits stands for.
constexpr auto kBitOffsets = [] {
  std::array<std::uint8_t, 64> offsets{};
  for (unsigned bit = 0; bit < 64; ++bit)
    offsets[bit] = static_cast<std::uint8_t>(bit / 8 * kNumbersPerByte + kResidues[bit % 8]);
  return offsets;
}();

}  // namespace

void SievingPrimes::fill() {
  size_ = 0;
  pos_ = 0;
  while (size_ == 0 && !sieve_.done()) {
    feed_sieving_primes(sieve_, tiny_, [] {});
    const SegmentSieve::Segment seg = sieve_.sieve_next();
    // Words of the segment; the bytes past its end (the buffer has room) are cleared.
    const std::size_t words = (seg.len + 7) / 8;
    std::memset(seg.bytes + seg.len, 0, words * 8 - seg.len);
    // One prime per set bit: size the batch exactly, then write it without further checks.
    const auto bits = static_cast<std::size_t>(count_bits(seg.bytes, words * 8));
    if (bits > capacity_) {
      capacity_ = std::max(bits, capacity_ * 2);
      batch_ = std::make_unique_for_overwrite<std::uint32_t[]>(capacity_);
    }
    std::uint32_t* out = batch_.get();
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t word = 0;
      std::memcpy(&word, seg.bytes + 8 * w, sizeof word);
      const std::uint64_t base = (seg.first_byte + 8 * w) * kNumbersPerByte;
      for (; word != 0; word &= word - 1)
        *out++ = static_cast<std::uint32_t>(
            base + kBitOffsets[static_cast<unsigned>(std::countr_zero(word))]);
    }
    size_ = bits;
    // Only the first segment holds the pre-sieved primes (restored by the sieve) and only the
    // last one numbers above the limit.
    const std::uint64_t top = (seg.first_byte + seg.len) * kNumbersPerByte;
    if (seg.first_byte * kNumbersPerByte <= PreSieve::kMaxPrime || top > limit_) {
      std::uint32_t* const first = batch_.get();
      std::uint32_t* const end = std::remove_if(first, first + size_, [this](std::uint32_t n) {
        return n <= PreSieve::kMaxPrime || n > limit_;
      });
      size_ = static_cast<std::size_t>(end - first);
    }
  }
}

}  // namespace primes::sieve
