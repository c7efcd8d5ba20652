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
__extension__ typedef __int128 i128;

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

/// floor(sqrt(n)) for every 128-bit n (isqrt's iteration in 128 bits).
constexpr std::uint64_t isqrt128(u128 n) noexcept {
  if (n >> 64 == 0) return isqrt(static_cast<std::uint64_t>(n));
  const int bits = 128 - __builtin_clzll(static_cast<std::uint64_t>(n >> 64));
  u128 x = u128{1} << ((bits + 1) / 2);
  for (;;) {
    const u128 y = (x + n / x) / 2;
    if (y >= x) return static_cast<std::uint64_t>(x);
    x = y;
  }
}

/// floor(n^(1/3)) for every 128-bit n, with integers only.
constexpr std::uint64_t icbrt128(u128 n) noexcept {
  // Bit by bit from the top: the root is below 2^43.
  std::uint64_t r = 0;
  for (int bit = 42; bit >= 0; --bit) {
    const u128 c = r | (std::uint64_t{1} << bit);
    if (c * c <= n / c) r = static_cast<std::uint64_t>(c);  // c^3 <= n; c^3 may pass 2^128
  }
  return r;
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

/// floor(n / d) for d < 2^50 and a quotient below 2^63, n given as n mod 2^64 (`low`) and as a
/// double (`value`; n may be a 128-bit number), inv = 1 / d: as quotient(), the estimate
/// value * inv corrected with integers. Its error is below 2^12 (a few units of 2^-53 of the
/// quotient, plus one), so the remainder n - q d is below 2^62 in magnitude and its low 64
/// bits are all of it; off by more than one (a quotient above 2^50), it is mended by a division.
inline std::uint64_t quotient(std::uint64_t low, double value, std::uint64_t d,
                              double inv) noexcept {
  auto q = static_cast<std::uint64_t>(value * inv);
  auto r = static_cast<std::int64_t>(low - q * d);
  if (r < 0 || static_cast<std::uint64_t>(r) >= d) [[unlikely]] {
    const auto sd = static_cast<std::int64_t>(d);
    std::int64_t k = r / sd;  // toward zero
    if (r - k * sd < 0) --k;  // floor
    q += static_cast<std::uint64_t>(k);
  }
  return q;
}

/// A signed 64-bit value held modulo 2^64 (a sum with negative terms), widened to 128 bits
/// modulo 2^128: its true value must lie in [-2^63, 2^63).
constexpr u128 widen(std::uint64_t v) noexcept {
  return static_cast<u128>(static_cast<i128>(static_cast<std::int64_t>(v)));
}

/// min(n / d, 2^64 - 1): a quotient that may not fit, used as a bound.
constexpr std::uint64_t saturated_quotient(u128 n, std::uint64_t d) noexcept {
  const u128 q = n / d;
  return q >> 64 != 0 ? kMaxU64 : static_cast<std::uint64_t>(q);
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
