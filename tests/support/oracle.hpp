/// @file oracle.hpp
/// Independent answers to check the kernels against: a deterministic Miller-Rabin test (exact
/// for every 64-bit n with the first twelve primes as bases), a table of known pi(x), pi(x) by a
/// sweep of the sieve kernel, and primecount's pi(x).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "primes/range.hpp"

namespace primes::test {

bool is_prime_miller_rabin(std::uint64_t n);

/// Primes in a (short) range by Miller-Rabin on every number.
std::uint64_t count_miller_rabin(Range range);

/// Primes in `range` from outside this project's kernels: Miller-Rabin on short ranges, else
/// primesieve when the test build has it, else a table of values known from the literature
/// (pi(10^k), pi(2^32)). Throws std::out_of_range when none of them can answer.
std::uint64_t independent_count(Range range);

/// pi(x) for each of the increasing `sorted`, by this project's sieve kernel: each from the one
/// before and the count of the numbers in between (one sweep of [0, the largest]).
std::vector<std::uint64_t> pi_by_sieve(const std::vector<std::uint64_t>& sorted);

/// pi(x) from the primecount program (Debian's, installed by the test script) on one thread, or
/// nothing when it is not installed or fails.
std::optional<std::uint64_t> primecount_pi(std::uint64_t x);

}  // namespace primes::test
