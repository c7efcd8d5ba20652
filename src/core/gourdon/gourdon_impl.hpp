/// @file gourdon_impl.hpp
/// The inside of a Gourdon plan (gourdon.hpp): its tables, shared by gourdon/plan.cpp (which
/// builds them and sums the plan's terms), gourdon/pi_pieces.cpp and gourdon/hard_pieces.cpp.
/// Internal.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "primes/gourdon.hpp"
#include "primes/pmath.hpp"

namespace primes::gourdon {

/// The first k = 6 primes (2 .. 13) are never sieved: their product and the count of numbers
/// in [1, r] coprime to it give phi(v, 6) at once.
constexpr std::uint64_t kK = 6;
constexpr std::uint64_t kPeriod = 30030;  // 2 * 3 * 5 * 7 * 11 * 13
constexpr std::uint64_t kCoprime = 5760;  // numbers in [1, 30030] coprime to it

/// x and the values derived from it (x / p, x / (p q)) are X: std::uint64_t, or u128 where x
/// passes 2^64. A dividend of many quotients below 2^50 (a u in a piece) is kept as its low 64
/// bits and its double: quotient() needs no 128-bit arithmetic then.
struct Dividend {
  std::uint64_t low = 0;
  double value = 0;
  Dividend() = default;
  template <class X>
  explicit Dividend(X n) noexcept
      : low(static_cast<std::uint64_t>(n)), value(static_cast<double>(n)) {}
  std::uint64_t over(std::uint64_t d, double inv) const noexcept {
    return quotient(low, value, d, inv);
  }
};

/// n / d for a quotient known to fit 64 bits: a 64-bit division where X is 64-bit.
template <class X>
std::uint64_t narrow_quotient(X n, std::uint64_t d) noexcept {
  return static_cast<std::uint64_t>(n / d);
}

/// min(n / d, 2^64 - 1) (a bound that may not fit): a 64-bit division where X is 64-bit.
template <class X>
std::uint64_t bound_quotient(X n, std::uint64_t d) noexcept {
  if constexpr (sizeof(X) == 8) {
    return n / d;
  } else {
    return saturated_quotient(n, d);
  }
}

/// pi(v) for v up to a limit, from one bit per odd number and the count before each word.
class SmallPi {
 public:
  SmallPi() = default;
  /// `primes`: every prime up to `limit`, increasing.
  SmallPi(const std::vector<std::uint32_t>& primes, std::uint64_t limit);
  std::uint64_t operator()(std::uint64_t v) const noexcept {
    if (v < 2) return 0;
    const std::uint64_t i = (v - 1) / 2;  // odd 2i + 1 <= v
    const std::uint64_t w = i / 64;
    return 1 + before_[w] +
           static_cast<std::uint64_t>(
               std::popcount(bits_[w] & (~std::uint64_t{0} >> (63 - i % 64))));
  }
  std::uint64_t bytes() const noexcept { return bits_.size() * 8 + before_.size() * 4; }

 private:
  std::vector<std::uint64_t> bits_;    // bit i: 2i + 1 is an odd prime
  std::vector<std::uint32_t> before_;  // odd primes in the words before
};

/// The m of the hard leaves: the squarefree m in (1, z] with no prime factor up to 13 and none
/// above y, with mu(m) and their least prime factor, in one 16-bit code per number coprime to
/// 30030 (5760 in each 30030, so about 0.4 byte per number up to z):
///   0            not such an m (a square divides it, a factor above y, or m = 1);
///   kPrimeCode   m prime (mu = -1; its least factor, itself, is above every p asked);
///   lpf(m)       mu(m) = -1, at least 3 factors, all above 13 (an odd number);
///   lpf(m) - 1   mu(m) = +1 (an even number).
/// So "lpf(m) > p" is "code > p" for an odd prime p < 2^16 (lpf and p odd), and mu(m) = -1
/// exactly when the code is odd. A composite m <= z < 2^32 has lpf(m) < 2^16.
class FactorCodes {
 public:
  static constexpr std::uint16_t kPrimeCode = 0xFFFF;
  static constexpr std::uint64_t kPerPeriod = kCoprime;

  FactorCodes() = default;
  /// `primes`: every prime up to y (primes[0] = 0, primes[1] = 2); z < 2^32.
  FactorCodes(std::uint64_t z, std::uint64_t y, const std::vector<std::uint32_t>& primes);

  /// The index of the largest number <= n coprime to 30030 (n >= 1), and back.
  static std::uint64_t index(std::uint64_t n) noexcept {
    return n / kPeriod * kPerPeriod + kCountUpTo[n % kPeriod] - 1;
  }
  static std::uint64_t number(std::uint64_t i) noexcept {
    return i / kPerPeriod * kPeriod + kResidue[i % kPerPeriod];
  }
  /// The codes, by index; index(z) is the last.
  const std::uint16_t* codes() const noexcept { return codes_.data(); }
  std::size_t size() const noexcept { return codes_.size(); }
  std::uint64_t bytes() const noexcept { return codes_.size() * 2; }

  /// kCountUpTo[r]: the numbers in [1, r] coprime to 30030; kResidue[j]: the j-th of them.
  static const std::array<std::uint16_t, kPeriod> kCountUpTo;
  static const std::array<std::uint16_t, kPerPeriod> kResidue;

 private:
  std::vector<std::uint16_t> codes_;
};

}  // namespace primes::gourdon

namespace primes {

struct Gourdon::Impl {
  GourdonParameters par;
  std::uint64_t a = 0;  // pi(y)
  std::uint64_t hard_levels =
      0;  // the hard leaves have b <= levels; their queries, levels k .. levels-1
  u128 base_sum = 0;
  std::uint64_t x13 = 0;
  std::vector<std::uint32_t> primes;  // primes[1] = 2 ... every prime up to y; primes[0] = 0
  std::vector<double> inverse;        // inverse[i] = 1 / primes[i]
  gourdon::SmallPi pi_y;              // pi(v) for v <= y
  gourdon::FactorCodes factors;       // the m of the hard leaves, up to z
  unsigned counter_shift = 0;

  /// phi(v, 6).
  template <class X>
  static X phi6(X v) noexcept {
    return v / gourdon::kPeriod * gourdon::kCoprime +
           gourdon::FactorCodes::kCountUpTo[static_cast<std::size_t>(v % gourdon::kPeriod)];
  }

  /// The pieces (gourdon/pi_body.inc, gourdon/hard_body.inc), compiled twice: for any x86-64
  /// CPU, and with the POPCNT instruction (what their counts spend much time on).
  /// X: std::uint64_t, or u128 for the 128-bit code (par.wide).
  template <int kVariant, class X>
  GourdonPiece count_pi_body(std::uint64_t lo, std::uint64_t hi) const;
  template <int kVariant, class X>
  GourdonPiece count_hard_body(std::uint64_t lo, std::uint64_t hi) const;

  void plan(GourdonTuning tuning);
  template <class X>
  void plan_terms();
  template <class X>
  u128 sum_phi0() const;
  template <class X>
  u128 sum_trivial() const;
};

}  // namespace primes
