/// @file primality.cpp
/// Deterministic Miller-Rabin for 64-bit numbers (see primality.hpp).
#include "primes/primality.hpp"

#include <array>

#include "primes/pmath.hpp"

namespace primes {
namespace {

// Odd primes below 64: divisibility by one of them decides most composites at once.
constexpr std::array<std::uint32_t, 17> kSmallPrimes = {3,  5,  7,  11, 13, 17, 19, 23, 29,
                                                        31, 37, 41, 43, 47, 53, 59, 61};

// Arithmetic modulo an odd n in Montgomery form (R = 2^64): products reduce without dividing.
class Montgomery {
 public:
  explicit Montgomery(std::uint64_t n) : n_(n), inverse_(inverse_mod_2_64(n)) {
    one_ = (0 - n) % n;                                       // R mod n
    r2_ = static_cast<std::uint64_t>(u128{one_} * one_ % n);  // R^2 mod n
  }
  std::uint64_t one() const noexcept { return one_; }
  std::uint64_t minus_one() const noexcept { return n_ - one_; }
  std::uint64_t to(std::uint64_t a) const noexcept { return mul(a % n_, r2_); }
  // a * b / R mod n, for a, b < n: with m = lo(t) / n mod R, t - m*n is divisible by R, and
  // (t - m*n) / R = hi(t) - hi(m*n) lies in (-n, n).
  std::uint64_t mul(std::uint64_t a, std::uint64_t b) const noexcept {
    const u128 t = u128{a} * b;
    const std::uint64_t m = static_cast<std::uint64_t>(t) * inverse_;
    const std::uint64_t mn_hi = static_cast<std::uint64_t>((u128{m} * n_) >> 64);
    const std::uint64_t t_hi = static_cast<std::uint64_t>(t >> 64);
    return t_hi >= mn_hi ? t_hi - mn_hi : t_hi - mn_hi + n_;
  }
  std::uint64_t pow(std::uint64_t base, std::uint64_t exp) const noexcept {
    std::uint64_t result = one_;
    while (exp != 0) {
      if ((exp & 1) != 0) result = mul(result, base);
      base = mul(base, base);
      exp >>= 1;
    }
    return result;
  }

 private:
  // n^-1 mod 2^64 by Newton's iteration: each step doubles the correct low bits (n*n = 1 mod 8).
  static std::uint64_t inverse_mod_2_64(std::uint64_t n) noexcept {
    std::uint64_t x = n;
    for (int i = 0; i < 5; ++i)
      x *= 2 - n * x;
    return x;
  }
  std::uint64_t n_;
  std::uint64_t inverse_;
  std::uint64_t one_ = 0;
  std::uint64_t r2_ = 0;
};

// Whether odd n > 61, coprime to the small primes, passes the strong test to every base.
template <std::size_t N>
bool strong_probable_prime(std::uint64_t n, const std::array<std::uint64_t, N>& bases) noexcept {
  const Montgomery mont(n);
  std::uint64_t d = n - 1;
  const int s = __builtin_ctzll(d);
  d >>= s;
  for (std::uint64_t a : bases) {
    a %= n;
    if (a == 0) continue;  // a multiple of n says nothing (n is prime then, or a test decides)
    std::uint64_t x = mont.pow(mont.to(a), d);
    if (x == mont.one() || x == mont.minus_one()) continue;
    bool composite = true;
    for (int r = 1; r < s && composite; ++r) {
      x = mont.mul(x, x);
      composite = x != mont.minus_one();
    }
    if (composite) return false;
  }
  return true;
}

}  // namespace

bool is_prime(std::uint64_t n) noexcept {
  if (n < 2) return false;
  if ((n & 1) == 0) return n == 2;
  for (std::uint32_t p : kSmallPrimes) {
    if (n % p == 0) return n == p;
  }
  if (n < 67 * 67) return true;  // no prime factor below 67, and smaller than 67^2
  if (n < (std::uint64_t{1} << 32)) {
    return strong_probable_prime(n, std::array<std::uint64_t, 3>{2, 7, 61});
  }
  return strong_probable_prime(
      n, std::array<std::uint64_t, 7>{2, 325, 9375, 28178, 450775, 9780504, 1795265022});
}

std::uint64_t count_primes_in(std::span<const std::uint64_t> numbers) noexcept {
  std::uint64_t count = 0;
  for (std::uint64_t n : numbers)
    count += is_prime(n) ? 1u : 0u;
  return count;
}

}  // namespace primes
