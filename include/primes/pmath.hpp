/// @file pmath.hpp
/// Exact integer helpers used everywhere near 2^64: integer square root, checked and
/// saturating arithmetic, ceiling division. Edge cases are solved here once and tested once
/// (tests/core/pmath_test.cpp) so that no caller needs floating point or ad-hoc overflow checks.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace primes {

__extension__ typedef unsigned __int128
    u128;  // exact sizes up to 2^64 and products of two 64-bit values

inline constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

/// floor(sqrt(n)) for every 64-bit n, computed with integers only.
constexpr std::uint64_t isqrt(std::uint64_t n) noexcept {
  if (n < 2) return n;
  // Start above the root: 2^ceil(bits/2) > sqrt(n); Newton's iteration then decreases
  // monotonically to floor(sqrt(n)) and never overflows.
  int bits = 64 - __builtin_clzll(n);
  std::uint64_t x = std::uint64_t{1} << ((bits + 1) / 2);
  for (;;) {
    std::uint64_t y = (x + n / x) / 2;
    if (y >= x) return x;
    x = y;
  }
}

/// ceil(a / b) for b > 0, without the overflow of (a + b - 1) / b.
constexpr std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) noexcept {
  return a / b + (a % b != 0 ? 1 : 0);
}

constexpr u128 ceil_div(u128 a, u128 b) noexcept {
  return a / b + (a % b != 0 ? 1 : 0);
}

/// a + b, or kMaxU64 if the sum does not fit.
constexpr std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) noexcept {
  std::uint64_t r = 0;
  return __builtin_add_overflow(a, b, &r) ? kMaxU64 : r;
}

/// floor(n / d) for a quotient below 2^50, with inv = 1 / d: a floating-point multiplication
/// (its relative error, a few units of 2^-53, is then less than one on the quotient) corrected
/// by one either way with integers. Several run at once, where integer divisions queue.
inline std::uint64_t quotient(std::uint64_t n, std::uint64_t d, double inv) noexcept {
  auto q = static_cast<std::uint64_t>(static_cast<double>(n) * inv);
  const auto r = static_cast<std::int64_t>(n - q * d);
  if (r < 0) {
    --q;
  } else if (static_cast<std::uint64_t>(r) >= d) {
    ++q;
  }
  return q;
}

/// Decimal text of a 128-bit unsigned value (the standard library has no formatter for it).
inline std::string to_decimal(u128 v) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  return {digits.rbegin(), digits.rend()};
}

}  // namespace primes
