/// @file pieces.cpp
/// The pieces of a Gourdon pi(x) for any x86-64 CPU (see pi_body.inc, hard_body.inc), and the
/// choice between this build, the one with POPCNT (pieces_popcnt.cpp) and, for the hard
/// pieces, the one with AVX-512 (pieces_avx512.cpp).
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <span>
#include <stdexcept>

#include "cpu_dispatch.hpp"
#include "gourdon/gourdon_impl.hpp"
#include "pi/prime_pi_impl.hpp"
#include "primes/pmath.hpp"
#include "primes/sieve_kernel.hpp"
#include "sieve/wheel.hpp"

#include "gourdon/hard_body.inc"
#include "gourdon/pi_body.inc"

namespace primes {

template GourdonPiece Gourdon::Impl::count_pi_body<0, std::uint64_t>(std::uint64_t,
                                                                     std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_pi_body<0, u128>(std::uint64_t, std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<0, std::uint64_t>(std::uint64_t,
                                                                       std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<0, u128>(std::uint64_t, std::uint64_t) const;
// Built in pieces_popcnt.cpp, with POPCNT, and in pieces_avx512.cpp: never here.
extern template GourdonPiece Gourdon::Impl::count_pi_body<1, std::uint64_t>(std::uint64_t,
                                                                            std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_pi_body<1, u128>(std::uint64_t,
                                                                   std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<1, std::uint64_t>(std::uint64_t,
                                                                              std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<1, u128>(std::uint64_t,
                                                                     std::uint64_t) const;
#if PRIMES_HAVE_HARD_AVX512
extern template GourdonPiece Gourdon::Impl::count_hard_body<2, std::uint64_t>(std::uint64_t,
                                                                              std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<2, u128>(std::uint64_t,
                                                                     std::uint64_t) const;
#endif

namespace {

// The body for this CPU (kVariant) and this x (64 or 128 bits).
template <int kVariant>
GourdonPiece count_pi_with(const Gourdon::Impl& impl, std::uint64_t lo, std::uint64_t hi) {
  if (impl.par.wide) return impl.count_pi_body<kVariant, u128>(lo, hi);
  return impl.count_pi_body<kVariant, std::uint64_t>(lo, hi);
}
template <int kVariant>
GourdonPiece count_hard_with(const Gourdon::Impl& impl, std::uint64_t lo, std::uint64_t hi) {
  if (impl.par.wide) return impl.count_hard_body<kVariant, u128>(lo, hi);
  return impl.count_hard_body<kVariant, std::uint64_t>(lo, hi);
}

}  // namespace

GourdonPiece Gourdon::count_pi(std::uint64_t lo, std::uint64_t hi) const {
#if PRIMES_HAVE_SIMD_LEVELS
  if (simd_level() != Simd::baseline) return count_pi_with<1>(*impl_, lo, hi);  // POPCNT is there
#endif
  return count_pi_with<0>(*impl_, lo, hi);
}

GourdonPiece Gourdon::count_hard(std::uint64_t lo, std::uint64_t hi) const {
#if PRIMES_HAVE_HARD_AVX512
  if (wide_counting()) return count_hard_with<2>(*impl_, lo, hi);
#endif
#if PRIMES_HAVE_SIMD_LEVELS
  if (simd_level() != Simd::baseline) return count_hard_with<1>(*impl_, lo, hi);
#endif
  return count_hard_with<0>(*impl_, lo, hi);
}

}  // namespace primes
