/// @file piece_popcnt.cpp
/// The count of a piece of pi(x)'s sieve with the POPCNT instruction (this file is compiled
/// with -mpopcnt; PrimePi::Impl::count_piece calls it only where cpu_dispatch found POPCNT).
#include <bit>
#include <stdexcept>

#include "pi/prime_pi_impl.hpp"
#include "primes/pmath.hpp"

#include "pi/piece_body.inc"

namespace primes {
template PiPiece PrimePi::Impl::count_piece_body<1>(std::uint64_t, std::uint64_t) const;
}  // namespace primes
