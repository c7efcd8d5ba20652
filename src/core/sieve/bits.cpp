/// @file bits.cpp
/// Counting set bits, once per instruction-set level (see bits.hpp).
#include "bits.hpp"

#include <cstring>

#include "cpu_dispatch.hpp"

namespace primes::sieve {
namespace {

[[gnu::always_inline]] inline std::uint64_t count_bits_loop(const std::uint8_t* bytes,
                                                            std::size_t len) {
  std::uint64_t total = 0;
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= len; i += sizeof(std::uint64_t)) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes + i, sizeof word);
    total += static_cast<std::uint64_t>(__builtin_popcountll(word));
  }
  for (; i < len; ++i)
    total += static_cast<std::uint64_t>(__builtin_popcount(bytes[i]));
  return total;
}

std::uint64_t count_bits_baseline(const std::uint8_t* bytes, std::size_t len) {
  return count_bits_loop(bytes, len);
}
#if PRIMES_HAVE_SIMD_LEVELS
PRIMES_TARGET_AVX2 std::uint64_t count_bits_avx2(const std::uint8_t* bytes, std::size_t len) {
  return count_bits_loop(bytes, len);
}
PRIMES_TARGET_AVX512 std::uint64_t count_bits_avx512(const std::uint8_t* bytes, std::size_t len) {
  return count_bits_loop(bytes, len);
}
#endif

}  // namespace

std::uint64_t count_bits(const std::uint8_t* bytes, std::size_t len) {
#if PRIMES_HAVE_SIMD_LEVELS
  switch (simd_level()) {
    case Simd::avx512:
      return count_bits_avx512(bytes, len);
    case Simd::avx2:
      return count_bits_avx2(bytes, len);
    case Simd::baseline:
      break;
  }
#endif
  return count_bits_baseline(bytes, len);
}

}  // namespace primes::sieve
