/// @file rare_multiples.cpp
/// The test of which sieving primes have a multiple in a short range (see rare_multiples.hpp).
///
/// The remainder r = low mod p comes from the quotient q of the doubles low and p: low rounded
/// to a double is within a factor 1 +- 2^-53 of low, and the division adds as much, so the
/// quotient is within 2^64 / p * 2^-52 = 2^12 / p < 1/2 of low / p for p >= 2^13. Truncated,
/// it is floor(low / p) - 1, + 0 or + 1, so low - q * p (exact modulo 2^64, and small) lies in
/// [-p, 2p): adding p once where it is negative and taking p once where it is p or more gives r.
/// p has a multiple in [low, low + len] when r = 0 or p - r <= len.
#include "rare_multiples.hpp"

#include "../cpu_dispatch.hpp"
#include "../simd_intrinsics.hpp"

namespace primes::sieve {
namespace {

using Keep = std::size_t (*)(std::span<const std::uint32_t>, std::uint64_t, std::uint64_t,
                             std::uint32_t*);

std::size_t keep_baseline(std::span<const std::uint32_t> primes, std::uint64_t low,
                          std::uint64_t len, std::uint32_t* out) {
  const auto low_d = static_cast<double>(low);
  std::size_t kept = 0;
  for (const std::uint32_t prime : primes) {
    const auto p = static_cast<std::int64_t>(prime);
    const auto q =
        static_cast<std::uint64_t>(static_cast<std::int64_t>(low_d / static_cast<double>(prime)));
    auto r = static_cast<std::int64_t>(low - q * prime);
    if (r < 0) r += p;
    if (r >= p) r -= p;
    // Written always, kept when it counts: no branch that the primes would mispredict.
    out[kept] = prime;
    kept += r == 0 || static_cast<std::uint64_t>(p - r) <= len ? 1 : 0;
  }
  return kept;
}

#if PRIMES_HAVE_SIMD_LEVELS
// Four primes at a time. AVX2 has no conversion between doubles and 64-bit integers: p goes
// through a signed 32-bit conversion (biased by 2^31), and the quotient, truncated while still
// a double, is below 2^51, so that adding 2^52 leaves it in the low bits of the double. Its
// product with p takes two 32 x 32-bit products (the quotient's high half is below 2^19).
PRIMES_TARGET_AVX2 std::size_t keep_avx2(std::span<const std::uint32_t> primes, std::uint64_t low,
                                         std::uint64_t len, std::uint32_t* out) {
  const std::uint32_t* p = primes.data();
  const std::size_t n = primes.size();
  const __m256d low_d = _mm256_set1_pd(static_cast<double>(low));
  const __m256i low_v = _mm256_set1_epi64x(static_cast<long long>(low));
  const __m256i len_plus_1 = _mm256_set1_epi64x(static_cast<long long>(len + 1));
  const __m256d two_52 = _mm256_set1_pd(4503599627370496.0);
  const __m256d two_31 = _mm256_set1_pd(2147483648.0);
  const __m128i bias = _mm_set1_epi32(static_cast<int>(0x80000000u));
  const __m256i zero = _mm256_setzero_si256();
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m128i p32 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m256i pv = _mm256_cvtepu32_epi64(p32);
    const __m256d pd = _mm256_add_pd(_mm256_cvtepi32_pd(_mm_xor_si128(p32, bias)), two_31);
    const __m256d qd =
        _mm256_round_pd(_mm256_div_pd(low_d, pd), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m256i q = _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(qd, two_52)),
                                       _mm256_castpd_si256(two_52));
    const __m256i qp =
        _mm256_add_epi64(_mm256_mul_epu32(q, pv),
                         _mm256_slli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(q, 32), pv), 32));
    __m256i r = _mm256_sub_epi64(low_v, qp);
    r = _mm256_add_epi64(r, _mm256_and_si256(_mm256_cmpgt_epi64(zero, r), pv));
    r = _mm256_sub_epi64(r, _mm256_andnot_si256(_mm256_cmpgt_epi64(pv, r), pv));
    // p - r is in (0, p] and len below 2^62: the signed comparison is exact.
    const __m256i keep = _mm256_or_si256(_mm256_cmpeq_epi64(r, zero),
                                         _mm256_cmpgt_epi64(len_plus_1, _mm256_sub_epi64(pv, r)));
    // Mostly none: a branch that is predicted, then the few one by one.
    for (auto bits = static_cast<unsigned>(_mm256_movemask_pd(_mm256_castsi256_pd(keep)));
         bits != 0; bits &= bits - 1)
      out[kept++] = p[i + static_cast<unsigned>(__builtin_ctz(bits))];
  }
  return kept + keep_baseline(primes.subspan(i), low, len, out + kept);
}
#endif

#if PRIMES_HAVE_WIDE_COUNTING
// Eight primes at a time, with AVX-512 DQ's conversions and 64-bit products.
__attribute__((target("avx512f,avx512dq"))) std::size_t keep_avx512(
    std::span<const std::uint32_t> primes, std::uint64_t low, std::uint64_t len,
    std::uint32_t* out) {
  const std::uint32_t* p = primes.data();
  const std::size_t n = primes.size();
  const __m512d low_d = _mm512_set1_pd(static_cast<double>(low));
  const __m512i low_v = _mm512_set1_epi64(static_cast<long long>(low));
  const __m512i len_v = _mm512_set1_epi64(static_cast<long long>(len));
  const __m512i zero = _mm512_setzero_si512();
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i p32 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m512i pv = _mm512_cvtepu32_epi64(p32);
    const __m512i q = _mm512_cvttpd_epi64(_mm512_div_pd(low_d, _mm512_cvtepu32_pd(p32)));
    __m512i r = _mm512_sub_epi64(low_v, _mm512_mullo_epi64(q, pv));
    r = _mm512_mask_add_epi64(r, _mm512_cmplt_epi64_mask(r, zero), r, pv);
    r = _mm512_mask_sub_epi64(r, _mm512_cmpge_epi64_mask(r, pv), r, pv);
    for (unsigned bits = _mm512_cmpeq_epi64_mask(r, zero) |
                         _mm512_cmple_epu64_mask(_mm512_sub_epi64(pv, r), len_v);
         bits != 0; bits &= bits - 1)
      out[kept++] = p[i + static_cast<unsigned>(__builtin_ctz(bits))];
  }
  return kept + keep_baseline(primes.subspan(i), low, len, out + kept);
}
#endif

Keep keep_for_this_cpu() noexcept {
#if PRIMES_HAVE_WIDE_COUNTING
  if (wide_division()) return keep_avx512;
#endif
#if PRIMES_HAVE_SIMD_LEVELS
  if (simd_level() != Simd::baseline) return keep_avx2;
#endif
  return keep_baseline;
}

}  // namespace

std::size_t keep_primes_with_a_multiple(std::span<const std::uint32_t> primes, std::uint64_t low,
                                        std::uint64_t len, std::uint32_t* out) {
  return keep_for_this_cpu()(primes, low, len, out);
}

}  // namespace primes::sieve
