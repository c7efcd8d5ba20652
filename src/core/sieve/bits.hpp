/// @file bits.hpp
/// Counting the set bits of a sieved segment: the prime counter's last step, and the generator
/// of sieving primes' first one. Compiled per instruction-set level (cpu_dispatch.hpp) so that a
/// portable build uses the POPCNT instruction wherever the CPU has it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace primes::sieve {

/// Set bits in bytes[0, len).
std::uint64_t count_bits(const std::uint8_t* bytes, std::size_t len);

}  // namespace primes::sieve
