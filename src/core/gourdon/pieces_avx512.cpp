/// @file pieces_avx512.cpp
/// The hard pieces of a Gourdon pi(x) with AVX-512 (F, DQ and VPOPCNTDQ: this file is compiled
/// with their flags; Gourdon::count_hard calls it only where cpu_dispatch's wide_counting()
/// found them). The pi pieces choose their wide code at run time instead (pi_body.inc).
#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

#include "gourdon/gourdon_impl.hpp"
#include "primes/pmath.hpp"
#include "sieve/wheel.hpp"

#include "gourdon/hard_body.inc"

namespace primes {
template GourdonPiece Gourdon::Impl::count_hard_body<2>(std::uint64_t, std::uint64_t) const;
}  // namespace primes
