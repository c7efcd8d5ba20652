/// @file bits.cpp
/// Counting and listing set bits, once per instruction-set level (see bits.hpp).
#include "bits.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "cpu_dispatch.hpp"
#include "simd_intrinsics.hpp"
#include "wheel.hpp"

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

// The offset from a word's first number of the number each of its 64 bits stands for (eight
// bytes of 30 numbers).
constexpr std::array<std::uint8_t, 64> kBitOffsets = [] {
  std::array<std::uint8_t, 64> offsets{};
  for (unsigned bit = 0; bit < 64; ++bit)
    offsets[bit] = static_cast<std::uint8_t>(bit / 8 * kNumbersPerByte + kResidues[bit % 8]);
  return offsets;
}();

// One number per set bit, lowest first. (Four per round, written whether or not the word has
// that many, made no difference here: the exit of the loop is still mispredicted once per
// word.)
template <class Out>
[[gnu::always_inline]] inline std::size_t list_numbers_loop(const std::uint8_t* bytes,
                                                            std::size_t words,
                                                            std::uint64_t first_byte, Out* out) {
  Out* dst = out;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes + 8 * w, sizeof word);
    const std::uint64_t base = (first_byte + 8 * w) * kNumbersPerByte;
    for (; word != 0; word &= word - 1)
      *dst++ = static_cast<Out>(base + kBitOffsets[static_cast<unsigned>(std::countr_zero(word))]);
  }
  return static_cast<std::size_t>(dst - out);
}

template <class Out>
std::size_t list_numbers_baseline(const std::uint8_t* bytes, std::size_t words,
                                  std::uint64_t first_byte, Out* out) {
  return list_numbers_loop(bytes, words, first_byte, out);
}
#if PRIMES_HAVE_SIMD_LEVELS
// For each value of a byte, the residues of its set bits in order, then zeros: AVX2 lists a
// byte's numbers with one load of its row, widened, its base added and stored whole, the output
// advanced by the byte's popcount. No branch depends on the bits.
constexpr auto kByteResidues = [] {
  std::array<std::array<std::uint8_t, 8>, 256> table{};
  for (unsigned value = 0; value < 256; ++value) {
    unsigned k = 0;
    for (unsigned j = 0; j < 8; ++j)
      if ((value >> j & 1) != 0) table[value][k++] = kResidues[j];
  }
  return table;
}();

PRIMES_TARGET_AVX2 std::size_t list_numbers_avx2(const std::uint8_t* bytes, std::size_t words,
                                                 std::uint64_t first_byte, std::uint32_t* out) {
  std::uint32_t* dst = out;
  // Modulo 2^32: exact for every listed number, which is below 2^32.
  auto base = static_cast<std::uint32_t>(first_byte * kNumbersPerByte);
  for (std::size_t i = 0; i < 8 * words; ++i, base += kNumbersPerByte) {
    const std::uint8_t value = bytes[i];
    const __m256i residues = _mm256_cvtepu8_epi32(
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kByteResidues[value].data())));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst),
                        _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(base)), residues));
    dst += std::popcount(value);
  }
  return static_cast<std::size_t>(dst - out);
}

PRIMES_TARGET_AVX2 std::size_t list_numbers_avx2(const std::uint8_t* bytes, std::size_t words,
                                                 std::uint64_t first_byte, std::uint64_t* out) {
  std::uint64_t* dst = out;
  std::uint64_t base = first_byte * kNumbersPerByte;
  for (std::size_t i = 0; i < 8 * words; ++i, base += kNumbersPerByte) {
    const std::uint8_t value = bytes[i];
    const __m128i row =
        _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kByteResidues[value].data()));
    const __m256i wide_base = _mm256_set1_epi64x(static_cast<long long>(base));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst),
                        _mm256_add_epi64(wide_base, _mm256_cvtepu8_epi64(row)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 4),
                        _mm256_add_epi64(wide_base, _mm256_cvtepu8_epi64(_mm_srli_si128(row, 4))));
    dst += std::popcount(value);
  }
  return static_cast<std::size_t>(dst - out);
}
#endif
#if PRIMES_HAVE_WIDE_COUNTING
// A word's numbers 16 at a time with VPCOMPRESSD (AVX-512 F): the numbers of the 16 bits of a
// quarter word packed down to the set ones in one instruction and stored as a whole vector
// (register form: the form that stores directly is slow on some CPUs), the output advanced by
// the quarter's popcount. No branch depends on the bits.
alignas(64) constexpr std::array<std::uint32_t, 64> kBitOffsets32 = [] {
  std::array<std::uint32_t, 64> offsets{};
  for (unsigned bit = 0; bit < 64; ++bit)
    offsets[bit] = kBitOffsets[bit];
  return offsets;
}();

// 32-bit numbers take one store of 16 (the base added before packing: 6% faster on Zen 5 than
// after); 64-bit ones are packed as offsets, then widened in two halves of eight.
template <class Out>
__attribute__((target("avx512f,popcnt"))) std::size_t list_numbers_wide(const std::uint8_t* bytes,
                                                                        std::size_t words,
                                                                        std::uint64_t first_byte,
                                                                        Out* out) {
  __m512i quarter[4];
  for (unsigned k = 0; k < 4; ++k)
    quarter[k] = _mm512_load_si512(kBitOffsets32.data() + 16 * k);
  Out* dst = out;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes + 8 * w, sizeof word);
    const std::uint64_t base = (first_byte + 8 * w) * kNumbersPerByte;
    for (unsigned k = 0; k < 4; ++k) {
      const auto bits = static_cast<__mmask16>(word >> (16 * k));
      if constexpr (sizeof(Out) == sizeof(std::uint32_t)) {
        // Modulo 2^32: exact for every listed number, which is below 2^32.
        const __m512i base32 =
            _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(base)));
        _mm512_storeu_si512(
            dst, _mm512_maskz_compress_epi32(bits, _mm512_add_epi32(base32, quarter[k])));
      } else {
        const __m512i packed = _mm512_maskz_compress_epi32(bits, quarter[k]);
        const __m512i base64 = _mm512_set1_epi64(static_cast<long long>(base));
        _mm512_storeu_si512(
            dst, _mm512_add_epi64(base64, _mm512_cvtepu32_epi64(_mm512_castsi512_si256(packed))));
        _mm512_storeu_si512(
            dst + 8,
            _mm512_add_epi64(base64, _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(packed, 1))));
      }
      dst += std::popcount(static_cast<unsigned>(bits));
    }
  }
  return static_cast<std::size_t>(dst - out);
}
#endif

template <class Out>
std::size_t list_numbers_at_level(const std::uint8_t* bytes, std::size_t words,
                                  std::uint64_t first_byte, Out* out) {
#if PRIMES_HAVE_WIDE_COUNTING
  if (wide_listing()) return list_numbers_wide(bytes, words, first_byte, out);
#endif
#if PRIMES_HAVE_SIMD_LEVELS
  switch (simd_level()) {
    case Simd::avx512:
    case Simd::avx2:
      return list_numbers_avx2(bytes, words, first_byte, out);
    case Simd::baseline:
      break;
  }
#endif
  return list_numbers_baseline(bytes, words, first_byte, out);
}

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

std::size_t list_numbers(const std::uint8_t* bytes, std::size_t words, std::uint64_t first_byte,
                         std::uint32_t* out) {
  return list_numbers_at_level(bytes, words, first_byte, out);
}

std::size_t list_numbers(const std::uint8_t* bytes, std::size_t words, std::uint64_t first_byte,
                         std::uint64_t* out) {
  return list_numbers_at_level(bytes, words, first_byte, out);
}

}  // namespace primes::sieve
