/// @file trial_kernel.cpp
/// The seed's es_primo() in C++ (see trial_kernel.hpp).
#include "primes/trial_kernel.hpp"

#include "count_each.hpp"
#include "primes/pmath.hpp"

namespace primes {
namespace {

// es_primo(n) given root = floor(sqrt(n)): 2 is special, then the odd divisors 3, 5, .. root.
// Numbers below 2^32 divide in 32 bits, which is several times faster on most CPUs; the
// divisors tried are the same.
inline bool prime_by_trial(std::uint64_t n, std::uint64_t root) noexcept {
  if (n < 2) return false;
  if (n % 2 == 0) return n == 2;
  if (n <= 0xFFFFFFFFu) {
    const auto m = static_cast<std::uint32_t>(n);
    const auto r = static_cast<std::uint32_t>(root);
    for (std::uint32_t d = 3; d <= r; d += 2) {
      if (m % d == 0) return false;
    }
    return true;
  }
  for (std::uint64_t d = 3; d <= root; d += 2) {
    if (n % d == 0) return false;
  }
  return true;
}

// Numbers between two progress reports: they also pace rank 0's answers to chunk requests in
// primes-mpi, so they must stay a few milliseconds of work. Below 2^32 a number costs at most
// 2^15 divisions; above, a prime can cost up to 2^31.
constexpr std::uint64_t kReportEverySmall = 4096;
constexpr std::uint64_t kReportEveryLarge = 16;

}  // namespace

bool is_prime_trial(std::uint64_t n) noexcept {
  return prime_by_trial(n, isqrt(n));
}

std::uint64_t TrialKernel::count(Range range, ProgressSink* progress, PrimeSink* found) {
  const std::uint64_t report_every =
      range.last <= 0xFFFFFFFFu ? kReportEverySmall : kReportEveryLarge;
  std::uint64_t root = isqrt(range.first);
  return count_each(range, progress, found, report_every, [&root](std::uint64_t n) {
    // Keep root == floor(sqrt(n)) as n grows; root < 2^32 - 1 keeps (root+1)^2 in 64 bits.
    while (root < 0xFFFFFFFFu && (root + 1) * (root + 1) <= n)
      ++root;
    return prime_by_trial(n, root);
  });
}

}  // namespace primes
