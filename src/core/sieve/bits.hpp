/// @file bits.hpp
/// The set bits of a sieved segment: counted (the prime counter's last step) and listed as the
/// numbers they stand for (the generator of sieving primes, the printing of primes). Compiled
/// per instruction-set level (cpu_dispatch.hpp) so that a portable build uses POPCNT, and
/// AVX-512's compress instructions, wherever the CPU has them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace primes::sieve {

/// Set bits in bytes[0, len).
std::uint64_t count_bits(const std::uint8_t* bytes, std::size_t len);

/// Elements that list_numbers() may write past the last number it lists: the caller's buffer
/// needs this much room beyond the count.
inline constexpr std::size_t kListSlack = 16;

/// Writes to `out`, ascending, the numbers whose bits are set in the `words` 64-bit words at
/// `bytes` (the wheel-30 bit array, byte 0 standing for global byte first_byte), and returns
/// how many. `out` needs room for that many plus kListSlack; what lies past them is unspecified.
/// The 32-bit form requires every listed number to be below 2^32.
std::size_t list_numbers(const std::uint8_t* bytes, std::size_t words, std::uint64_t first_byte,
                         std::uint32_t* out);
std::size_t list_numbers(const std::uint8_t* bytes, std::size_t words, std::uint64_t first_byte,
                         std::uint64_t* out);

}  // namespace primes::sieve
