/// @file oracle.cpp
/// Miller-Rabin with 128-bit modular products (see oracle.hpp).
#include "oracle.hpp"

#include <array>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

#include "primes/sieve_kernel.hpp"

#if defined(PRIMES_HAVE_PRIMESIEVE)
#include <primesieve.hpp>
#endif

namespace primes::test {
namespace {

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
  return static_cast<std::uint64_t>(u128{a} * b % m);
}

std::uint64_t pow_mod(std::uint64_t base, std::uint64_t exp, std::uint64_t m) {
  std::uint64_t result = 1 % m;
  base %= m;
  while (exp != 0) {
    if ((exp & 1) != 0) result = mul_mod(result, base, m);
    base = mul_mod(base, base, m);
    exp >>= 1;
  }
  return result;
}

}  // namespace

bool is_prime_miller_rabin(std::uint64_t n) {
  // These bases decide primality for every n < 3.3e24 (Sorenson and Webster, 2015).
  constexpr std::array<std::uint64_t, 12> kBases = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  if (n < 2) return false;
  for (std::uint64_t p : kBases) {
    if (n % p == 0) return n == p;
  }
  std::uint64_t d = n - 1;
  unsigned s = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++s;
  }
  for (std::uint64_t a : kBases) {
    std::uint64_t x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (unsigned r = 1; r < s && composite; ++r) {
      x = mul_mod(x, x, n);
      composite = x != n - 1;
    }
    if (composite) return false;
  }
  return true;
}

std::uint64_t independent_count(Range range) {
  if (range.size() <= 200000) return count_miller_rabin(range);
#if defined(PRIMES_HAVE_PRIMESIEVE)
  return primesieve::count_primes(range.first, range.last);
#else
  // pi(x) from the literature, for ranges [0 or 1, x].
  static const std::map<std::uint64_t, std::uint64_t> kPi = {{300000, 25997},
                                                             {1000000, 78498},
                                                             {10000000, 664579},
                                                             {100000000, 5761455},
                                                             {1000000000, 50847534},
                                                             {4294967296, 203280221},
                                                             {10000000000, 455052511},
                                                             {20000000000, 882206716},
                                                             {100000000000, 4118054813},
                                                             {1000000000000, 37607912018}};
  const auto it = kPi.find(range.last);
  if (range.first <= 1 && it != kPi.end()) return it->second;
  throw std::out_of_range("no independent count for [" + std::to_string(range.first) + ", " +
                          std::to_string(range.last) + "] without primesieve");
#endif
}

std::uint64_t count_miller_rabin(Range range) {
  std::uint64_t count = 0;
  for (std::uint64_t n = range.first;; ++n) {
    count += is_prime_miller_rabin(n) ? 1u : 0u;
    if (n == range.last) break;
  }
  return count;
}

std::vector<std::uint64_t> pi_by_sieve(const std::vector<std::uint64_t>& sorted) {
  SieveKernel sieve;
  std::vector<std::uint64_t> out;
  std::uint64_t at = 0;  // pi(at) is known
  std::uint64_t pi = 0;
  for (const std::uint64_t x : sorted) {
    if (x > at) {
      pi += sieve.count({at + 1, x});
      at = x;
    }
    out.push_back(pi);
  }
  return out;
}

std::optional<std::uint64_t> primecount_pi(std::uint64_t x) {
  const std::string cmd = "primecount " + std::to_string(x) + " -t1 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return std::nullopt;
  unsigned long long v = 0;
  const int got = std::fscanf(p, "%llu", &v);
  const int status = ::pclose(p);
  if (got != 1 || status != 0) return std::nullopt;
  return v;
}

}  // namespace primes::test
