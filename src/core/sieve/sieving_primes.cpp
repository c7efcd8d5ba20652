/// @file sieving_primes.cpp
/// Extraction of primes from sieved segments (see sieving_primes.hpp).
#include "sieving_primes.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "bits.hpp"
#include "primes/pmath.hpp"
#include "wheel.hpp"

namespace primes::sieve {

namespace {

// The tiny primes are computed by the compiler: a table in the program instead of a sieve that
// every process start would run again.
constexpr std::uint32_t kTinyLimit = 1u << 16;

// Whether the odd number 2n + 1 below kTinyLimit is composite.
constexpr std::array<bool, kTinyLimit / 2> odd_composites() {
  std::array<bool, kTinyLimit / 2> composite{};
  for (std::uint32_t n = 3; n * n < kTinyLimit; n += 2) {
    if (composite[n / 2]) continue;
    for (std::uint32_t m = n * n; m < kTinyLimit; m += 2 * n)
      composite[m / 2] = true;
  }
  return composite;
}

constexpr std::size_t count_tiny_primes() {
  const auto composite = odd_composites();
  std::size_t count = 0;
  for (std::uint32_t n = PreSieve::kMaxPrime + 2; n < kTinyLimit; n += 2)
    if (!composite[n / 2]) ++count;
  return count;
}

constexpr auto kTinyPrimes = [] {
  const auto composite = odd_composites();
  std::array<std::uint32_t, count_tiny_primes()> primes{};
  std::size_t k = 0;
  for (std::uint32_t n = PreSieve::kMaxPrime + 2; n < kTinyLimit; n += 2) {
    if (!composite[n / 2]) primes[k++] = n;
  }
  return primes;
}();

static_assert(kTinyPrimes.size() == 6542 - 38, "pi(2^16) = 6542, pi(163) = 38");

}  // namespace

std::span<const std::uint32_t> SievingPrimes::tiny_primes() {
  return kTinyPrimes;
}

SievingPrimes::SievingPrimes(Geometry geometry)
    : sieve_(geometry),
      tiny_{tiny_primes(), 0},
      batch_(std::make_unique_for_overwrite<std::uint32_t[]>(kBatchWords * 64 + kListSlack)) {}

void SievingPrimes::reset(std::uint64_t limit) {
  limit_ = limit;
  size_ = 0;
  pos_ = 0;
  words_ = 0;
  next_word_ = 0;
  tiny_.pos = 0;
  // Empty when there is nothing above the pre-sieved primes.
  if (limit <= PreSieve::kMaxPrime) {
    sieve_.reset(1, 0, 0);
  } else {
    sieve_.reset(PreSieve::kMaxPrime / kNumbersPerByte, limit / kNumbersPerByte, isqrt(limit));
  }
}

void SievingPrimes::fill() {
  size_ = 0;
  pos_ = 0;
  while (pos_ == size_) {
    if (next_word_ == words_) {
      if (sieve_.done()) return;
      feed_sieving_primes(sieve_, tiny_, [] {});
      seg_ = sieve_.sieve_next();
      // Words of the segment; the bytes past its end (the buffer has room) are cleared.
      words_ = (seg_.len + 7) / 8;
      next_word_ = 0;
      std::memset(seg_.bytes + seg_.len, 0, words_ * 8 - seg_.len);
    }
    const std::size_t end = std::min(words_, next_word_ + kBatchWords);
    size_ = list_numbers(seg_.bytes + 8 * next_word_, end - next_word_,
                         seg_.first_byte + 8 * next_word_, batch_.get());
    next_word_ = end;
    pos_ = 0;
    // Only the first segment holds the pre-sieved primes (restored by the sieve) and only the
    // last one numbers above the limit; the batch is sorted.
    while (pos_ < size_ && batch_[pos_] <= PreSieve::kMaxPrime)
      ++pos_;
    while (size_ > pos_ && batch_[size_ - 1] > limit_)
      --size_;
  }
}

}  // namespace primes::sieve
