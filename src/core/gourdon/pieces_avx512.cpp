/// @file pieces_avx512.cpp
/// The hard pieces of a Gourdon pi(x) with AVX-512 (F, DQ and VPOPCNTDQ; Gourdon::count_hard
/// calls them only where cpu_dispatch's wide_counting() found them). The pi pieces choose their
/// wide code at run time instead (pi_body.inc).
#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "gourdon/gourdon_impl.hpp"
#include "primes/pmath.hpp"
#include "sieve/wheel.hpp"

// What is defined from here on, the hard pieces' code and nothing of the headers above, is
// compiled for AVX-512. (The file is not compiled with AVX-512 flags: those would also compile
// the copies of the headers' inline functions and templates that this file instantiates, and
// the linker may keep any file's copy for every caller, on every CPU.)
// (GCC's target macros do not follow the pragma in C++: hard_body.inc is told by this one.)
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512vpopcntdq,popcnt")
#define PRIMES_HARD_AVX512 1

#include "gourdon/hard_body.inc"

namespace primes {
template GourdonPiece Gourdon::Impl::count_hard_body<2, gourdon::NarrowWidths>(std::uint64_t,
                                                                               std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<2, gourdon::WideWidths>(std::uint64_t,
                                                                             std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<2, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
}  // namespace primes

#pragma GCC pop_options
