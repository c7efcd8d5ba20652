/// @file primality_kernel.cpp
/// A range counted number by number with is_prime() (see primality_kernel.hpp).
#include "primes/primality_kernel.hpp"

#include "count_each.hpp"
#include "primes/primality.hpp"

namespace primes {

std::uint64_t PrimalityKernel::count(Range range, ProgressSink* progress, PrimeSink* found) {
  // A few milliseconds of work between progress reports at most (a prime near 2^64 costs about
  // 2 us), which also paces rank 0's answers to chunk requests in primes-mpi.
  constexpr std::uint64_t kReportEvery = 4096;
  return count_each(range, progress, found, kReportEvery, [](std::uint64_t n) {
    return ((n & 1) != 0 || n == 2) && is_prime(n);  // even numbers above 2 without a call
  });
}

}  // namespace primes
