/// @file primes.hpp
/// The library's API: exact prime counts and the primes themselves, for any numbers up to
/// 2^64 - 1, with worker threads. What primes-threads does, callable from a program.
///
///   #include <primes/primes.hpp>
///   std::uint64_t n = primes::count_primes(1'000'000, 2'000'000);   // 70435
///   std::uint64_t p = primes::pi(10'000'000'000'000);               // 346065536839
///   primes::for_each_prime(0, 100, [](std::uint64_t q) { std::cout << q << '\n'; });
///
/// Every function takes `threads`, the worker threads it may start (0: one per CPU this process
/// may run on). Each throws std::invalid_argument when first > last, and std::bad_alloc or
/// std::runtime_error when the machine cannot hold what the count needs. Link primes::core
/// (CMake: find_package(primes)) or `pkg-config --libs primes`.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace primes {

/// The number of primes p with first <= p <= last. The kernel is chosen as primes-threads'
/// --kernel auto chooses it: a combinatorial pi(x) for ranges from near zero, the segmented
/// sieve otherwise.
std::uint64_t count_primes(std::uint64_t first, std::uint64_t last, unsigned threads = 0);

/// pi(x): the number of primes p <= x.
std::uint64_t pi(std::uint64_t x, unsigned threads = 0);

/// Calls `f` with every prime p, first <= p <= last, in increasing order, from the calling
/// thread; the range is sieved by up to `threads` threads a few chunks ahead of `f`. An exception
/// from `f` stops the walk and is rethrown.
void for_each_prime(std::uint64_t first, std::uint64_t last,
                    const std::function<void(std::uint64_t)>& f, unsigned threads = 0);

/// The primes p with first <= p <= last, in increasing order (8 bytes each: about
/// (last - first) / ln(last) of them).
std::vector<std::uint64_t> primes_between(std::uint64_t first, std::uint64_t last,
                                          unsigned threads = 0);

}  // namespace primes
