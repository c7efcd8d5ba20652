/// @file prime_pi.cpp
/// pi(x) by Lagarias-Miller-Odlyzko with Deleglise-Rivat's trivial leaves (see prime_pi.hpp).
///
/// Notation: p_k is the k-th prime; a = pi(y); z = x / y. phi(v, l) is the count of n <= v
/// with no prime factor among p_1 .. p_l. The sieve of [1, z] is at "level l" once p_1 .. p_l
/// are crossed off; at level l, the numbers left in [1, v] are phi(v, l).
///   - special leaf (m, p_k), m squarefree, lpf(m) > p_k, m <= y < m p_k: weight -mu(m), query
///     phi(x / (m p_k), k - 1) at level k - 1. When x / (m p_k) < p_k it is 1 (a trivial leaf,
///     summed in the plan).
///   - P2 term for a prime y < p <= sqrt(x): pi(x / p) - pi(p) + 1 = phi(x / p, a) - 1 + a -
///     pi(p) + 1: weight -1, query phi(x / p, a) at level a; the rest sums to N (N + 1) / 2
///     over the N such primes, added by PiSum.
/// A segment of the sieve is one bit per number plus a counter per block of bits, so that a
/// count up to v costs a few counter additions and popcounts. While a segment is still being
/// crossed off, the queries of one level come in increasing v and the counters are summed
/// once from left to right; once the segment is final, a prefix table answers in O(1).
#include "primes/prime_pi.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "cpu_dispatch.hpp"
#include "pi/prime_pi_impl.hpp"
#include "primes/pmath.hpp"

namespace primes {

std::uint64_t icbrt(std::uint64_t x) noexcept {
  // Largest r with r^3 <= x; 2642245^3 < 2^64 <= 2642246^3.
  std::uint64_t lo = 0;
  std::uint64_t hi = 2642246;
  while (hi - lo > 1) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    if (mid * mid * mid <= x) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

namespace pi_detail {

const PresieveTables& presieve_tables() {
  static const PresieveTables tables = [] {
    PresieveTables t;
    auto coprime_to = [](std::uint64_t n, std::uint64_t primes) {
      for (std::uint64_t k = 0; k < primes; ++k) {
        if (n % kFirstPrimes[k] == 0) return false;
      }
      return true;
    };
    std::uint64_t period = 1;
    for (std::uint64_t c = 0; c <= kPresieved; ++c) {
      t.periods[c] = period;
      t.patterns[c].assign((period + 128) / 64 + 1, 0);
      for (std::uint64_t n = 0; n < period + 128; ++n) {
        if (coprime_to(n % period, c)) t.patterns[c][n / 64] |= std::uint64_t{1} << (n % 64);
      }
      if (c < kPresieved) {
        t.coprime[c].assign(period + 1, 0);
        for (std::uint64_t r = 1; r <= period; ++r) {
          t.coprime[c][r] = t.coprime[c][r - 1] + (coprime_to(r, c) ? 1 : 0);
        }
        period *= kFirstPrimes[c];
      }
    }
    return t;
  }();
  return tables;
}

}  // namespace pi_detail

namespace {

constexpr std::uint64_t kSmallPi[] = {0, 0, 1, 2, 2, 3, 3, 4, 4};

// Largest automatic y: its tables take about 7.5 bytes per number (60 MiB), and beyond it the
// sieve's savings no longer pay for them (measured at 1e17).
constexpr std::uint64_t kMaxY = std::uint64_t{1} << 23;

/// mu(n) * lpf(n) for squarefree n (1: +max), 0 otherwise, for n <= limit; primes <= limit.
/// One array: it holds lpf(n) first, then each n turns into mu(n) lpf(n) in increasing order,
/// from lpf(n) (its own slot) and the entry of n / lpf(n) (already turned).
void build_tables(std::uint64_t limit, std::vector<std::int32_t>& lpfmu,
                  std::vector<std::uint32_t>& primes) {
  lpfmu.assign(limit + 1, 0);
  primes.assign(1, 1);  // primes[k] = p_k; primes[0] is a placeholder
  for (std::uint64_t i = 2; i <= limit; ++i) {
    if (lpfmu[i] != 0) continue;
    primes.push_back(static_cast<std::uint32_t>(i));
    for (std::uint64_t j = i; j <= limit; j += i) {
      if (lpfmu[j] == 0) lpfmu[j] = static_cast<std::int32_t>(i);
    }
  }
  if (limit >= 1) lpfmu[1] = std::numeric_limits<std::int32_t>::max();
  for (std::uint64_t n = 2; n <= limit; ++n) {
    const auto p = static_cast<std::uint64_t>(lpfmu[n]);
    const std::uint64_t rest = n / p;
    const std::int32_t below = lpfmu[rest];
    if (below == 0 || (rest % p) == 0) {
      lpfmu[n] = 0;  // not squarefree
    } else {
      lpfmu[n] = below > 0 ? -static_cast<std::int32_t>(p) : static_cast<std::int32_t>(p);
    }
  }
}

}  // namespace

PiParameters pi_parameters(std::uint64_t x, PiTuning tuning) {
  PiParameters p;
  if (x < 9) return p;
  const std::uint64_t cbrt_x = icbrt(x);
  std::uint64_t y = tuning.y;
  if (y == 0) {
    // y = alpha x^(1/3): a larger y shortens the sieve (z = x / y) and lengthens the tables
    // and the leaf loops. alpha grows slowly with x (measured; see bench/bench-pi.sh).
    const double digits = std::log10(static_cast<double>(x));
    const double alpha = std::clamp(2.0 * (digits - 8.0), 2.0, 16.0);
    y = std::min(static_cast<std::uint64_t>(alpha * static_cast<double>(cbrt_x)), kMaxY);
  }
  // Bounds that make the method exact: y^3 > x (no number <= x has three prime factors
  // above y, and every composite <= z has one <= y) and y <= sqrt(x) (every leaf >= 1).
  p.y = std::clamp(y, cbrt_x + 1, isqrt(x));
  p.z = x / p.y;
  std::uint64_t bits = tuning.segment_bits;
  if (bits == 0) {
    // Long segments: fewer passes over the levels per number; 16 sqrt(z) measured best.
    bits = 16 * std::bit_ceil(std::max<std::uint64_t>(isqrt(p.z), 1));
    bits = std::clamp<std::uint64_t>(bits, std::uint64_t{1} << 16, std::uint64_t{1} << 19);
  }
  p.segment_bits = std::max<std::uint64_t>(64, std::bit_ceil(bits));
  return p;
}

std::uint64_t pi_memory_need(std::uint64_t x) {
  const PiParameters p = pi_parameters(x);
  // Tables: mu*lpf (4 bytes) per number <= y, the rough m (8 bytes for a fifth of them), the primes
  // <= y; a piece: six words per level, the segment's bits and counters, a prime buffer.
  // pi(y) < 1.25506 y / ln y for y > 1 (Rosser and Schoenfeld): an estimate, not a count.
  const auto levels = static_cast<std::uint64_t>(1.26 * static_cast<double>(p.y) /
                                                 std::log(static_cast<double>(p.y))) +
                      16;
  return 6 * p.y + 12 * levels + 48 * levels + p.segment_bits / 4 + (1 << 17) + (1 << 20);
}

void PrimePi::Impl::plan(std::uint64_t chosen_y, std::uint64_t chosen_segment) {
  const PiParameters chosen = pi_parameters(x, {chosen_y, chosen_segment});
  if (chosen.z == 0) {
    base = kSmallPi[x];
    return;
  }
  sqrt_x = isqrt(x);
  y = chosen.y;
  z = chosen.z;
  build_tables(y, lpfmu, primes);
  primes.shrink_to_fit();
  a = primes.size() - 1;

  std::uint64_t sum = 0;                    // mod 2^64
  for (std::uint64_t n = 1; n <= y; ++n) {  // S1: ordinary leaves mu(n) floor(x / n)
    if (lpfmu[n] > 0) sum += x / n;
    if (lpfmu[n] < 0) sum -= x / n;
  }
  for (std::uint64_t k = 1; k <= a; ++k) {  // trivial leaves: m prime, x / (m p_k) < p_k
    const std::uint64_t p = primes[k];
    if (p * p <= y) continue;
    const std::uint64_t from = std::max(p, x / (p * p));
    if (from < y) sum += a - pi_small(from);
  }
  plan_presieve();
  const std::uint64_t p_c = primes[c];
  for (std::uint64_t m = 2; m <= y; ++m) {
    const std::int32_t lm = lpfmu[m];
    if (lm != 0 && static_cast<std::uint64_t>(lm < 0 ? -std::int64_t{lm} : lm) > p_c) {
      rough.push_back({static_cast<std::uint32_t>(m), lm});
    }
  }
  rough.shrink_to_fit();
  inverse.resize(primes.size());
  for (std::size_t k = 1; k < primes.size(); ++k)
    inverse[k] = 1.0 / static_cast<double>(primes[k]);
  for (std::uint64_t k = 1; k <= c; ++k) {  // the leaves of the pre-sieved levels
    for_each_leaf(k, 0, y, [&](std::uint64_t v, std::uint64_t weight) {
      sum += weight * small_phi(v, k - 1);
    });
  }
  base = sum + a - 1;
  // The pieces read only `rough` (their levels are above c): mu * lpf per number goes.
  lpfmu = std::vector<std::int32_t>();

  segment_bits = chosen.segment_bits;
  const unsigned log2_bits = static_cast<unsigned>(std::countr_zero(segment_bits));
  counter_shift = std::max(6u, (log2_bits + 1) / 2);
}

void PrimePi::Impl::plan_presieve() {
  c = std::min<std::uint64_t>(pi_detail::kPresieved, a);
  pattern = &pi_detail::presieve_tables().patterns[c];
  pattern_period = pi_detail::presieve_tables().periods[c];
}

PrimePi::PrimePi(std::uint64_t x, PiTuning tuning) : impl_(std::make_unique<Impl>()) {
  impl_->x = x;
  impl_->plan(tuning.y, tuning.segment_bits);
}
PrimePi::~PrimePi() = default;
PrimePi::PrimePi(PrimePi&&) noexcept = default;
PrimePi& PrimePi::operator=(PrimePi&&) noexcept = default;

PiParameters PrimePi::parameters() const noexcept {
  return {impl_->y, impl_->z, impl_->segment_bits};
}
std::uint64_t PrimePi::levels() const noexcept {
  return impl_->a;
}
std::uint64_t PrimePi::base() const noexcept {
  return impl_->base;
}

PiPiece PrimePi::Impl::count_piece(std::uint64_t lo, std::uint64_t hi) const {
#if PRIMES_HAVE_SIMD_LEVELS
  if (simd_level() != Simd::baseline) return count_piece_body<1>(lo, hi);  // POPCNT is there
#endif
  return count_piece_body<0>(lo, hi);
}

PiPiece PrimePi::count_piece(std::uint64_t lo, std::uint64_t hi) const {
  return impl_->count_piece(lo, hi);
}

std::uint64_t PrimePi::table_bytes() const noexcept {
  return impl_->lpfmu.capacity() * sizeof(std::int32_t) +
         impl_->primes.capacity() * sizeof(std::uint32_t) +
         impl_->rough.capacity() * sizeof(Impl::RoughM) +
         impl_->inverse.capacity() * sizeof(double);
}

std::uint64_t PrimePi::piece_bytes() const noexcept {
  const std::uint64_t levels = impl_->a + 2;
  return levels * 8 * 6 + impl_->segment_bits / 8 * 2 + (std::uint64_t{1} << 16);
}

PiSum::PiSum(const PrimePi& plan) : PiSum(plan.parameters().z, plan.base(), plan.levels()) {}

PiSum::PiSum(std::uint64_t limit, std::uint64_t base, std::uint64_t levels)
    : limit_(limit), base_(base), below_(limit == 0 ? 0 : levels + 1, 0) {}

void PiSum::add(const PiPiece& piece) {
  if (piece.lo != next_lo_ || piece.counts.size() != below_.size()) {
    throw std::invalid_argument("pi pieces joined out of order");
  }
  std::uint64_t sum = piece.sum;
  for (std::size_t level = 0; level < below_.size(); ++level) {
    sum += piece.weights[level] * below_[level];
    below_[level] += piece.counts[level];
  }
  sum_ += sum;
  p2_primes_ += piece.p2_primes;
  next_lo_ = piece.hi;
}

std::uint64_t PiSum::value() const noexcept {
  const std::uint64_t n = p2_primes_;
  const std::uint64_t triangle = n % 2 == 0 ? (n / 2) * (n + 1) : n * ((n + 1) / 2);
  return base_ + sum_ + triangle;
}

std::uint64_t prime_pi(std::uint64_t x) {
  const PrimePi plan(x);
  PiSum sum(plan);
  const std::uint64_t z = plan.parameters().z;
  const std::uint64_t step = std::max<std::uint64_t>(plan.parameters().segment_bits, z / 8 + 1);
  for (std::uint64_t lo = 1; lo <= z;) {
    const std::uint64_t hi = z - lo + 1 > step ? lo + step : z + 1;
    sum.add(plan.count_piece(lo, hi));
    lo = hi;
  }
  return sum.value();
}

}  // namespace primes
