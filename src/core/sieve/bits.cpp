/// @file bits.cpp
/// Counting set bits, once per instruction-set level (see bits.hpp).
#include "bits.hpp"

#include <cstring>

#include "cpu_dispatch.hpp"
#include "simd_intrinsics.hpp"

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
#if PRIMES_HAVE_WIDE_COUNTING
// 64 bytes a step with VPOPCNTQ (where wide_counting() found it): a segment's count in an
// eighth of the instructions of one POPCNT per word.
__attribute__((target("avx512f,avx512vpopcntdq"))) std::uint64_t count_bits_wide(
    const std::uint8_t* bytes, std::size_t len) {
  __m512i sums = _mm512_setzero_si512();
  std::size_t i = 0;
  for (; i + 64 <= len; i += 64)
    sums = _mm512_add_epi64(sums, _mm512_popcnt_epi64(_mm512_loadu_si512(bytes + i)));
  return static_cast<std::uint64_t>(_mm512_reduce_add_epi64(sums)) +
         count_bits_loop(bytes + i, len - i);
}
#endif

}  // namespace

std::uint64_t count_bits(const std::uint8_t* bytes, std::size_t len) {
#if PRIMES_HAVE_WIDE_COUNTING
  if (wide_counting()) return count_bits_wide(bytes, len);
#endif
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
