/// @file gourdon_impl.hpp
/// The inside of a Gourdon plan (gourdon.hpp): its tables, shared by gourdon/plan.cpp (which
/// builds them and sums the plan's terms), gourdon/pi_pieces.cpp and gourdon/hard_pieces.cpp.
/// Internal.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "primes/gourdon.hpp"

namespace primes::gourdon {

/// The first k = 6 primes (2 .. 13) are never sieved: their product and the count of numbers
/// in [1, r] coprime to it give phi(v, 6) at once.
constexpr std::uint64_t kK = 6;
constexpr std::uint64_t kPeriod = 30030;  // 2 * 3 * 5 * 7 * 11 * 13
constexpr std::uint64_t kCoprime = 5760;  // numbers in [1, 30030] coprime to it

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

/// A squarefree m in (1, z] with no prime factor up to 13 and none above y, with mu(m) lpf(m).
struct RoughM {
  std::uint32_t m;
  std::int32_t lpfmu;
  std::uint64_t lpf() const noexcept {
    return static_cast<std::uint64_t>(lpfmu < 0 ? -std::int64_t{lpfmu} : lpfmu);
  }
};

}  // namespace primes::gourdon

namespace primes {

struct Gourdon::Impl {
  GourdonParameters par;
  std::uint64_t a = 0;  // pi(y)
  std::uint64_t hard_levels =
      0;  // the hard leaves have b <= levels; their queries, levels k .. levels-1
  std::uint64_t base_sum = 0;
  std::uint64_t x13 = 0;
  std::vector<std::uint32_t> primes;   // primes[1] = 2 ... every prime up to y; primes[0] = 0
  std::vector<double> inverse;         // inverse[i] = 1 / primes[i]
  gourdon::SmallPi pi_y;               // pi(v) for v <= y
  std::vector<gourdon::RoughM> rough;  // increasing m
  std::vector<std::uint16_t> coprime;  // coprime[r]: numbers in [1, r] coprime to 30030
  unsigned counter_shift = 0;

  /// phi(v, 6).
  std::uint64_t phi6(std::uint64_t v) const noexcept {
    return v / gourdon::kPeriod * gourdon::kCoprime + coprime[v % gourdon::kPeriod];
  }

  /// The pieces (gourdon/pi_body.inc, gourdon/hard_body.inc), compiled twice: for any x86-64
  /// CPU, and with the POPCNT instruction (what their counts spend much time on).
  template <int kVariant>
  GourdonPiece count_pi_body(std::uint64_t lo, std::uint64_t hi) const;
  template <int kVariant>
  GourdonPiece count_hard_body(std::uint64_t lo, std::uint64_t hi) const;

  void plan(GourdonTuning tuning);
  std::uint64_t sum_phi0() const;
  std::uint64_t sum_trivial() const;
};

}  // namespace primes
