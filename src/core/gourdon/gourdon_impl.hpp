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

/// The types of a count: X for x and the values derived from it (x / p, x / (p q)),
/// std::uint64_t or u128 where x passes 2^64; P for the primes up to y, Code for the factor
/// codes of the m up to z (16 bits while z < 2^32, 32 bits past it).
template <class XType, class PrimeType, class CodeType>
struct Widths {
  using X = XType;
  using P = PrimeType;
  using Code = CodeType;
};
using NarrowWidths = Widths<std::uint64_t, std::uint32_t, std::uint16_t>;
using WideWidths = Widths<u128, std::uint32_t, std::uint16_t>;
using WideTableWidths = Widths<u128, std::uint64_t, std::uint32_t>;

/// x and the values derived from it are X. A dividend of many quotients below 2^50 (a u in a piece)
/// is kept as its low 64 bits and its double: quotient() needs no 128-bit arithmetic then.
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

/// n / (q q) for a prime q that may pass 2^32 (then q q may not fit): at most 2^64 - 1.
template <class X>
std::uint64_t bound_quotient_square(X n, std::uint64_t q) noexcept {
  if (q >> 32 == 0) [[likely]]
    return bound_quotient(n, q * q);
  return bound_quotient(n / q, q);
}

/// pi(v) for v up to a limit, from one bit per odd number and the count before each word: in
/// 32 bits from the start of its stretch of 2^20 words (2^27 numbers; fewer if a test asks),
/// with the count before each stretch in 64 (past 2^32 primes below y with the wide tables).
class SmallPi {
 public:
  SmallPi() = default;
  /// `primes`: every prime up to `limit`, increasing.
  template <class P>
  SmallPi(const std::vector<P>& primes, std::uint64_t limit, unsigned stretch_shift = 20);
  std::uint64_t operator()(std::uint64_t v) const noexcept {
    if (v < 2) return 0;
    const std::uint64_t i = (v - 1) / 2;  // odd 2i + 1 <= v
    const std::uint64_t w = i / 64;
    return 1 + stretch_before_[w >> stretch_shift_] + before_[w] +
           static_cast<std::uint64_t>(
               std::popcount(bits_[w] & (~std::uint64_t{0} >> (63 - i % 64))));
  }
  std::uint64_t bytes() const noexcept {
    return bits_.size() * 8 + before_.size() * 4 + stretch_before_.size() * 8;
  }

 private:
  unsigned stretch_shift_ = 20;
  std::vector<std::uint64_t> bits_;            // bit i: 2i + 1 is an odd prime
  std::vector<std::uint32_t> before_;          // odd primes in the stretch's words before
  std::vector<std::uint64_t> stretch_before_;  // odd primes in the stretches before
};

/// The m of the hard leaves: the squarefree m in (1, z] with no prime factor up to 13 and none
/// above y, with mu(m) and their least prime factor, in one code per number coprime to 30030
/// (5760 in each 30030, so about 0.4 byte per number up to z with 16-bit codes, 0.8 with
/// 32-bit ones):
///   0            not such an m (a square divides it, a factor above y, or m = 1);
///   prime_code   m prime (mu = -1; its least factor, itself, is above every p asked);
///   lpf(m)       mu(m) = -1, at least 3 factors, all above 13 (an odd number);
///   lpf(m) - 1   mu(m) = +1 (an even number).
/// So "lpf(m) > p" is "code > p" for an odd prime p below prime_code (lpf and p odd), and
/// mu(m) = -1 exactly when the code is odd. A composite m <= z has lpf(m) <= sqrt(z): below
/// 2^16 for z < 2^32 (16-bit codes), below 2^32 for any 64-bit z (32-bit codes).
class FactorCodes {
 public:
  template <class Code>
  static constexpr Code prime_code = static_cast<Code>(~Code{0});
  static constexpr std::uint64_t kPerPeriod = kCoprime;

  FactorCodes() = default;
  /// `primes`: every prime up to y (primes[0] = 0, primes[1] = 2). Code: std::uint16_t (z must
  /// be below 2^32) or std::uint32_t.
  template <class Code, class P>
  static FactorCodes make(std::uint64_t z, std::uint64_t y, const std::vector<P>& primes);

  /// The index of the largest number <= n coprime to 30030 (n >= 1), and back.
  static std::uint64_t index(std::uint64_t n) noexcept {
    return n / kPeriod * kPerPeriod + kCountUpTo[n % kPeriod] - 1;
  }
  static std::uint64_t number(std::uint64_t i) noexcept {
    return i / kPerPeriod * kPeriod + kResidue[i % kPerPeriod];
  }
  /// The codes, by index; index(z) is the last. Code: the type they were made with.
  template <class Code>
  const Code* codes() const noexcept {
    if constexpr (sizeof(Code) == 2) {
      return codes16_.data();
    } else {
      return codes32_.data();
    }
  }
  std::size_t size() const noexcept { return codes16_.size() + codes32_.size(); }
  std::uint64_t bytes() const noexcept { return codes16_.size() * 2 + codes32_.size() * 4; }

  /// kCountUpTo[r]: the numbers in [1, r] coprime to 30030; kResidue[j]: the j-th of them.
  static const std::array<std::uint16_t, kPeriod> kCountUpTo;
  static const std::array<std::uint16_t, kPerPeriod> kResidue;

 private:
  std::vector<std::uint16_t> codes16_;  // one of the two is empty
  std::vector<std::uint32_t> codes32_;
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
  // primes[1] = 2 ... every prime up to y; primes[0] = 0: in 32 bits, or in 64 (wide tables;
  // the other vector empty).
  std::vector<std::uint32_t> primes32;
  std::vector<std::uint64_t> primes64;
  std::vector<double> inverse;   // inverse[i] = 1 / primes[i]
  gourdon::SmallPi pi_y;         // pi(v) for v <= y
  gourdon::FactorCodes factors;  // the m of the hard leaves, up to z
  unsigned counter_shift = 0;

  /// phi(v, 6).
  template <class X>
  static X phi6(X v) noexcept {
    return v / gourdon::kPeriod * gourdon::kCoprime +
           gourdon::FactorCodes::kCountUpTo[static_cast<std::size_t>(v % gourdon::kPeriod)];
  }

  /// The primes up to y, as the tables hold them (P: std::uint32_t, or std::uint64_t with the
  /// wide tables).
  template <class P>
  const std::vector<P>& primes() const noexcept {
    if constexpr (sizeof(P) == 4) {
      return primes32;
    } else {
      return primes64;
    }
  }
  /// The pieces (gourdon/pi_body.inc, gourdon/hard_body.inc), compiled for any x86-64 CPU, with
  /// the POPCNT instruction (what their counts spend much time on), and the hard ones with
  /// AVX-512. W: the Widths of the count, NarrowWidths, WideWidths (the 128-bit code, par.wide)
  /// or WideTableWidths (par.wide_tables).
  template <int kVariant, class W>
  GourdonPiece count_pi_body(std::uint64_t lo, std::uint64_t hi) const;
  template <int kVariant, class W>
  GourdonPiece count_hard_body(std::uint64_t lo, std::uint64_t hi) const;

  void plan(GourdonTuning tuning);
  template <class W>
  void make_tables();
  template <class W>
  void plan_terms();
  template <class W>
  u128 sum_phi0() const;
  template <class W>
  u128 sum_trivial() const;
};

}  // namespace primes
