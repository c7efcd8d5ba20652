/// @file piece.cpp
/// The count of a piece of pi(x)'s sieve for any x86-64 CPU (see piece_body.inc).
#include <bit>
#include <stdexcept>

#include "pi/prime_pi_impl.hpp"
#include "primes/pmath.hpp"

#include "pi/piece_body.inc"

namespace primes {
template PiPiece PrimePi::Impl::count_piece_body<0>(std::uint64_t, std::uint64_t) const;
}  // namespace primes
