/// @file primality.hpp
/// Whether one 64-bit number is prime, exactly and fast: the kernel of --input lists, where the
/// numbers come one by one and in no order, so no sieve applies.
///
/// Trial division by the primes below 64 settles most numbers; the rest go through Miller-Rabin
/// in Montgomery form with a set of bases proven to decide every n < 2^64 (Jim Sinclair's seven
/// bases, 2011: 2, 325, 9375, 28178, 450775, 9780504, 1795265022), or below 2^32 the three bases
/// 2, 7, 61 (Jaeschke, 1993). No probabilistic step: the answer is exact for every input.
#pragma once

#include <cstdint>
#include <span>

namespace primes {

bool is_prime(std::uint64_t n) noexcept;

/// How many of `numbers` are prime (each counted every time it appears).
std::uint64_t count_primes_in(std::span<const std::uint64_t> numbers) noexcept;

}  // namespace primes
