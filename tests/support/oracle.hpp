/// @file oracle.hpp
/// Independent answers to check the kernels against: a deterministic Miller-Rabin test (exact
/// for every 64-bit n with the first twelve primes as bases), and a table of known pi(x).
#pragma once

#include <cstdint>

#include "primes/range.hpp"

namespace primes::test {

bool is_prime_miller_rabin(std::uint64_t n);

/// Primes in a (short) range by Miller-Rabin on every number.
std::uint64_t count_miller_rabin(Range range);

/// Primes in `range` from outside this project's kernels: Miller-Rabin on short ranges, else
/// primesieve when the test build has it, else a table of values known from the literature
/// (pi(10^k), pi(2^32)). Throws std::out_of_range when none of them can answer.
std::uint64_t independent_count(Range range);

}  // namespace primes::test
