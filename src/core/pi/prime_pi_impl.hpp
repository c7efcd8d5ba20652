/// @file prime_pi_impl.hpp
/// The inside of PrimePi (prime_pi.hpp), shared by prime_pi.cpp (the plan) and pi/piece*.cpp
/// (the count of a piece, compiled once for any x86-64 and once with POPCNT). Internal.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "primes/pmath.hpp"
#include "primes/prime_pi.hpp"

namespace primes::pi_detail {

// The first primes, never sieved (see PrimePi::Impl::c), and their tables, built once.
constexpr std::uint64_t kPresieved = 6;
constexpr std::uint64_t kFirstPrimes[kPresieved] = {2, 3, 5, 7, 11, 13};

struct PresieveTables {
  // patterns[c]: bit t set when t has no factor among the first c primes, for t < P_c + 128
  // (so that any 64 bits from a phase below P_c can be read); periods[c] = P_c.
  std::vector<std::uint64_t> patterns[kPresieved + 1];
  std::uint64_t periods[kPresieved + 1] = {};
  // coprime[l][r]: numbers in [1, r] with no factor among the first l primes, r <= P_l.
  std::vector<std::uint32_t> coprime[kPresieved];
};

const PresieveTables& presieve_tables();

}  // namespace primes::pi_detail

namespace primes {

struct PrimePi::Impl {
  std::uint64_t x = 0;
  std::uint64_t y = 0;
  std::uint64_t z = 0;  // sieve limit; 0 when x is counted directly
  std::uint64_t a = 0;
  std::uint64_t sqrt_x = 0;
  std::uint64_t base = 0;
  std::uint64_t segment_bits = 0;
  unsigned counter_shift = 0;  // log2 of the bits per counter
  std::vector<std::uint32_t> primes;
  std::vector<std::int32_t> lpfmu;
  // The first `c` primes are never sieved: a segment starts as the numbers coprime to their
  // product (a repeating pattern), and the leaves of levels below c are summed in the plan
  // with phi(v, l) = (v / P_l) phi(P_l) + coprime[l][v % P_l].
  std::uint64_t c = 0;
  // The squarefree m in (1, y] with no prime factor up to p_c, increasing, with mu(m) lpf(m):
  // the only m the leaves of levels above c can have (about a fifth of all m).
  struct RoughM {
    std::uint32_t m;
    std::int32_t lpfmu;
  };
  std::vector<RoughM> rough;
  std::vector<double> inverse;  // 1 / p_k, to divide by the primes with a multiplication

  /// floor(n / d) for inv = 1 / d: a multiplication and a correction where n < 2^50 (the
  /// estimate is then within one half of n / d), a division beyond.
  static std::uint64_t quotient(std::uint64_t n, std::uint64_t d, double inv) {
    if (n >= (std::uint64_t{1} << 50)) return n / d;
    return primes::quotient(n, d, inv);
  }
  const std::vector<std::uint64_t>* pattern = nullptr;  // bit t: t coprime to P_c
  std::uint64_t pattern_period = 1;                     // P_c

  /// pi(t) for t <= y.
  std::uint64_t pi_small(std::uint64_t t) const {
    return static_cast<std::uint64_t>(std::upper_bound(primes.begin() + 1, primes.end(), t) -
                                      (primes.begin() + 1));
  }

  void plan(std::uint64_t chosen_y, std::uint64_t chosen_segment);
  void plan_presieve();
  /// phi(v, l) for l < c.
  std::uint64_t small_phi(std::uint64_t v, std::uint64_t level) const {
    const std::vector<std::uint32_t>& t = pi_detail::presieve_tables().coprime[level];
    const std::uint64_t period = t.size() - 1;
    return v / period * t[period] + t[v % period];
  }
  /// Calls f(v, weight) for the special leaves (m, p_k), v = x / (m p_k), whose m lies in
  /// (m_lo, m_hi] (before the bounds of the leaves themselves are applied), in decreasing m.
  template <class F>
  void for_each_leaf(std::uint64_t k, std::uint64_t m_lo, std::uint64_t m_hi, F&& f) const;
  PiPiece count_piece(std::uint64_t lo, std::uint64_t hi) const;
  /// The body of count_piece(), compiled twice (pi/piece.cpp, pi/piece_popcnt.cpp): for any
  /// x86-64 CPU, and with the POPCNT instruction (what its counts spend most time on).
  template <int kVariant>
  PiPiece count_piece_body(std::uint64_t lo, std::uint64_t hi) const;
};

template <class F>
void PrimePi::Impl::for_each_leaf(std::uint64_t k, std::uint64_t m_lo, std::uint64_t m_hi,
                                  F&& f) const {
  const std::uint64_t p = primes[k];
  const bool prime_m = p * p > y;
  m_hi = std::min(m_hi, y);
  m_lo = std::max(m_lo, y / p);  // exclusive
  if (prime_m) {
    m_hi = std::min(m_hi, x / (p * p));  // beyond: trivial leaves, summed in the plan
    m_lo = std::max(m_lo, p);
  }
  if (m_hi <= m_lo) return;
  const std::uint64_t xp = x / p;  // x / (p m) = (x / p) / m
  if (prime_m) {
    for (std::uint64_t j = pi_small(m_hi), stop = pi_small(m_lo); j > stop; --j) {
      f(quotient(xp, primes[j], inverse[j]), std::uint64_t{1});
    }
    return;
  }
  if (k > c) {  // only m without a factor up to p_c can qualify: the compact list has them
    auto below = [](const RoughM& e, std::uint64_t v) { return e.m <= v; };
    const auto first = std::partition_point(rough.begin(), rough.end(),
                                            [&](const RoughM& e) { return below(e, m_lo); });
    auto it =
        std::partition_point(first, rough.end(), [&](const RoughM& e) { return below(e, m_hi); });
    while (it != first) {
      --it;
      const std::int32_t lm = it->lpfmu;
      if (static_cast<std::uint64_t>(lm < 0 ? -std::int64_t{lm} : lm) <= p) continue;
      f(xp / it->m, lm > 0 ? ~std::uint64_t{0} : std::uint64_t{1});  // -mu(m) mod 2^64
    }
    return;
  }
  for (std::uint64_t m = m_hi; m > m_lo; --m) {
    const std::int32_t lm = lpfmu[m];
    if (lm == 0 || static_cast<std::uint64_t>(lm < 0 ? -std::int64_t{lm} : lm) <= p) continue;
    f(xp / m, lm > 0 ? ~std::uint64_t{0} : std::uint64_t{1});  // weight -mu(m), mod 2^64
  }
}

}  // namespace primes
