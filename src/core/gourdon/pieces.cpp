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

template GourdonPiece Gourdon::Impl::count_pi_body<0, gourdon::NarrowWidths>(std::uint64_t,
                                                                             std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_pi_body<0, gourdon::WideWidths>(std::uint64_t,
                                                                           std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_pi_body<0, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<0, gourdon::NarrowWidths>(std::uint64_t,
                                                                               std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<0, gourdon::WideWidths>(std::uint64_t,
                                                                             std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<0, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
// Built in pieces_popcnt.cpp, with POPCNT, and in pieces_avx512.cpp: never here.
extern template GourdonPiece Gourdon::Impl::count_pi_body<1, gourdon::NarrowWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_pi_body<1, gourdon::WideWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_pi_body<1, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<1, gourdon::NarrowWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<1, gourdon::WideWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<1, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
#if PRIMES_HAVE_HARD_AVX512
extern template GourdonPiece Gourdon::Impl::count_hard_body<2, gourdon::NarrowWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<2, gourdon::WideWidths>(
    std::uint64_t, std::uint64_t) const;
extern template GourdonPiece Gourdon::Impl::count_hard_body<2, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
#endif

namespace {

// The body for this CPU (kVariant), this x (64 or 128 bits) and these tables.
template <int kVariant>
GourdonPiece count_pi_with(const Gourdon::Impl& impl, std::uint64_t lo, std::uint64_t hi) {
  if (impl.par.wide_tables) return impl.count_pi_body<kVariant, gourdon::WideTableWidths>(lo, hi);
  if (impl.par.wide) return impl.count_pi_body<kVariant, gourdon::WideWidths>(lo, hi);
  return impl.count_pi_body<kVariant, gourdon::NarrowWidths>(lo, hi);
}
template <int kVariant>
GourdonPiece count_hard_with(const Gourdon::Impl& impl, std::uint64_t lo, std::uint64_t hi) {
  if (impl.par.wide_tables) return impl.count_hard_body<kVariant, gourdon::WideTableWidths>(lo, hi);
  if (impl.par.wide) return impl.count_hard_body<kVariant, gourdon::WideWidths>(lo, hi);
  return impl.count_hard_body<kVariant, gourdon::NarrowWidths>(lo, hi);
}

}  // namespace

GourdonPiece Gourdon::count_pi(std::uint64_t lo, std::uint64_t hi) const {
  // Span after span: each one's sum is relative to the primes below it, those of the spans
  // before it in this piece and pi(lo - 1), by which the join multiplies the weights.
  auto count_span = [&](std::uint64_t s, std::uint64_t e) {
#if PRIMES_HAVE_SIMD_LEVELS
    if (simd_level() != Simd::baseline) return count_pi_with<1>(*impl_, s, e);  // POPCNT is there
#endif
    return count_pi_with<0>(*impl_, s, e);
  };
  const std::uint64_t span = std::max<std::uint64_t>(impl_->par.pi_span, 1);
  if (hi <= lo || hi - lo <= span) return count_span(lo, hi);  // (an empty piece is refused)
  GourdonPiece r = count_span(lo, lo + span);
  for (std::uint64_t s = lo + span; s < hi;) {
    const std::uint64_t e = hi - s > span ? s + span : hi;
    const GourdonPiece part = count_span(s, e);
    r.sum += part.sum + widen(part.weight) * r.primes;
    r.weight += part.weight;
    r.primes += part.primes;
    r.hi = e;
    s = e;
  }
  return r;
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
