/// @file rare_multiples.hpp
/// Which sieving primes have a multiple in a range much shorter than themselves.
///
/// A count that starts high up needs every prime up to the square root of its end (203 million
/// near 2^64), and when the range is short most of them have no multiple in it at all. The
/// start of such a count is then one remainder per prime; this finds the few primes that
/// matter with one division of doubles per prime, eight or four primes at a time where the CPU
/// has AVX-512 or AVX2 (cpu_dispatch.hpp), and exact integer arithmetic after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace primes::sieve {

/// The smallest prime the test takes: from 2^13 on, the quotient from doubles is within one of
/// the exact one for any low < 2^64 (see rare_multiples.cpp), and one correction each way
/// makes the remainder exact.
inline constexpr std::uint64_t kRareMultiplesMin = std::uint64_t{1} << 13;

/// Copies to `out` (room for primes.size()), in order, the primes p of `primes` that have a
/// multiple in [low, low + len]; returns how many. Preconditions: kRareMultiplesMin <= p < 2^32
/// and len < 2^62.
std::size_t keep_primes_with_a_multiple(std::span<const std::uint32_t> primes, std::uint64_t low,
                                        std::uint64_t len, std::uint32_t* out);

}  // namespace primes::sieve
