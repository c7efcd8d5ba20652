/// @file pieces_popcnt.cpp
/// The pieces of a Gourdon pi(x) with the POPCNT instruction (this file is compiled with
/// -mpopcnt; Gourdon::count_pi and count_hard call it only where cpu_dispatch found POPCNT).
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <span>
#include <stdexcept>

#include "gourdon/gourdon_impl.hpp"
#include "pi/prime_pi_impl.hpp"
#include "primes/pmath.hpp"
#include "primes/sieve_kernel.hpp"
#include "sieve/wheel.hpp"

#include "gourdon/hard_body.inc"
#include "gourdon/pi_body.inc"

namespace primes {
template GourdonPiece Gourdon::Impl::count_pi_body<1, gourdon::NarrowWidths>(std::uint64_t,
                                                                             std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_pi_body<1, gourdon::WideWidths>(std::uint64_t,
                                                                           std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_pi_body<1, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<1, gourdon::NarrowWidths>(std::uint64_t,
                                                                               std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<1, gourdon::WideWidths>(std::uint64_t,
                                                                             std::uint64_t) const;
template GourdonPiece Gourdon::Impl::count_hard_body<1, gourdon::WideTableWidths>(
    std::uint64_t, std::uint64_t) const;
}  // namespace primes
