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

namespace {

constexpr std::uint64_t kSmallPi[] = {0, 0, 1, 2, 2, 3, 3, 4, 4};

// Largest automatic y: its tables take about 7.5 bytes per number (60 MiB), and beyond it the
// sieve's savings no longer pay for them (measured at 1e17).
constexpr std::uint64_t kMaxY = std::uint64_t{1} << 23;

/// Suffix additions and point reads over levels 0 .. n-1 (a Fenwick tree over differences).
class SuffixAdds {
 public:
  explicit SuffixAdds(std::size_t n) : tree_(n + 1, 0) {}
  void add_from(std::size_t level, std::uint64_t value) {
    for (std::size_t i = level + 1; i < tree_.size(); i += i & (~i + 1))
      tree_[i] += value;
  }
  std::uint64_t at(std::size_t level) const {
    std::uint64_t sum = 0;
    for (std::size_t i = level + 1; i > 0; i -= i & (~i + 1))
      sum += tree_[i];
    return sum;
  }

 private:
  std::vector<std::uint64_t> tree_;
};

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

  /// pi(t) for t <= y.
  std::uint64_t pi_small(std::uint64_t t) const {
    return static_cast<std::uint64_t>(std::upper_bound(primes.begin() + 1, primes.end(), t) -
                                      (primes.begin() + 1));
  }

  void plan(std::uint64_t chosen_y, std::uint64_t chosen_segment);
  PiPiece count_piece(std::uint64_t lo, std::uint64_t hi) const;
};

PiParameters pi_parameters(std::uint64_t x, PiTuning tuning) {
  PiParameters p;
  if (x < 9) return p;
  const std::uint64_t cbrt_x = icbrt(x);
  std::uint64_t y = tuning.y;
  if (y == 0) {
    // y = alpha x^(1/3): a larger y shortens the sieve (z = x / y) and lengthens the tables
    // and the leaf loops. alpha grows slowly with x (measured; see bench/bench-pi.sh).
    const double digits = std::log10(static_cast<double>(x));
    const double alpha = std::clamp(3.0 * (digits - 8.0), 2.0, 20.0);
    y = std::min(static_cast<std::uint64_t>(alpha * static_cast<double>(cbrt_x)), kMaxY);
  }
  // Bounds that make the method exact: y^3 > x (no number <= x has three prime factors
  // above y, and every composite <= z has one <= y) and y <= sqrt(x) (every leaf >= 1).
  p.y = std::clamp(y, cbrt_x + 1, isqrt(x));
  p.z = x / p.y;
  std::uint64_t bits = tuning.segment_bits;
  if (bits == 0) {
    bits = std::bit_ceil(std::max<std::uint64_t>(isqrt(p.z), 1));
    bits = std::clamp<std::uint64_t>(bits, std::uint64_t{1} << 16, std::uint64_t{1} << 20);
  }
  p.segment_bits = std::max<std::uint64_t>(64, std::bit_ceil(bits));
  return p;
}

std::uint64_t pi_memory_need(std::uint64_t x) {
  const PiParameters p = pi_parameters(x);
  // Tables: mu*lpf (4 bytes) per number <= y, and the primes
  // <= y; a piece: six words per level, the segment's bits and counters, a prime buffer.
  const std::uint64_t levels = p.y / 4 + 16;  // > pi(y) for every y >= 1
  return 4 * p.y + 4 * levels + 48 * levels + p.segment_bits / 4 + (1 << 17) + (1 << 20);
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
  base = sum + a - 1;

  segment_bits = chosen.segment_bits;
  const unsigned log2_bits = static_cast<unsigned>(std::countr_zero(segment_bits));
  counter_shift = std::max(6u, (log2_bits + 1) / 2);
}

namespace {

/// Calls f(p) for every prime p in [from, to] (3 <= from, to < 2^33), in decreasing order,
/// sieving odd numbers with the primes of `base` (which must reach sqrt(to)).
template <class F>
void for_each_prime_down(std::uint64_t from, std::uint64_t to,
                         const std::vector<std::uint32_t>& base, std::vector<std::uint8_t>& buf,
                         F&& f) {
  constexpr std::uint64_t kSpan = std::uint64_t{1} << 17;  // numbers per block
  buf.resize(kSpan / 2);
  for (std::uint64_t hi = to; hi >= from;) {
    const std::uint64_t lo = hi - from + 1 > kSpan ? hi - kSpan + 1 : from;
    // Odd numbers of [lo, hi]: index i is the number first_odd + 2 i.
    const std::uint64_t first_odd = lo | 1;
    if (first_odd > hi) break;
    const std::uint64_t odds = (hi - first_odd) / 2 + 1;
    std::fill(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(odds), 1);
    for (std::size_t k = 2; k < base.size(); ++k) {  // odd primes
      const std::uint64_t p = base[k];
      if (p * p > hi) break;
      std::uint64_t m = std::max(p * p, ceil_div(first_odd, p) * p);
      if ((m & 1) == 0) m += p;
      for (std::uint64_t i = (m - first_odd) / 2; i < odds; i += p)
        buf[i] = 0;
    }
    for (std::uint64_t i = odds; i-- > 0;) {
      if (buf[i] != 0) f(first_odd + 2 * i);
    }
    if (lo == from) break;
    hi = lo - 1;
  }
}

}  // namespace

PiPiece PrimePi::Impl::count_piece(std::uint64_t lo, std::uint64_t hi) const {
  if (lo < 1 || lo >= hi || hi > z + 1) {
    throw std::invalid_argument("pi piece outside the sieve");
  }
  PiPiece r;
  r.lo = lo;
  r.hi = hi;
  r.counts.assign(a + 1, 0);
  r.weights.assign(a + 1, 0);
  SuffixAdds tail(a + 1);  // counts of levels that did not cross, per segment
  std::vector<std::uint64_t> tail_diff(a + 2, 0);
  std::vector<std::uint64_t> next(a + 1, 0);  // next multiple of p_k to cross off
  const std::uint64_t words = segment_bits / 64;
  const unsigned cshift = counter_shift;
  const std::uint64_t counters_n = std::max<std::uint64_t>(1, segment_bits >> cshift);
  std::vector<std::uint64_t> bits(words);
  std::vector<std::uint32_t> counters(counters_n);
  std::vector<std::uint64_t> cum(counters_n + 1);
  std::vector<std::uint8_t> prime_buf;
  const unsigned words_per_counter_shift = cshift - 6;

  // Ones in bits [block start, i] of the block holding i.
  auto in_block = [&](std::uint64_t i) {
    const std::uint64_t first_word = (i >> cshift) << words_per_counter_shift;
    const std::uint64_t last_word = i >> 6;
    std::uint64_t c = 0;
    for (std::uint64_t w = first_word; w < last_word; ++w) {
      c += static_cast<std::uint64_t>(std::popcount(bits[w]));
    }
    c += static_cast<std::uint64_t>(
        std::popcount(bits[last_word] & (~std::uint64_t{0} >> (63 - (i & 63)))));
    return c;
  };

  for (std::uint64_t s = lo; s < hi;) {
    const std::uint64_t e = hi - s > segment_bits ? s + segment_bits : hi;
    const std::uint64_t n = e - s;
    std::fill(bits.begin(), bits.end(), ~std::uint64_t{0});
    if (n < segment_bits) {
      std::fill(bits.begin() + static_cast<std::ptrdiff_t>(ceil_div(n, 64)), bits.end(), 0);
      if (n % 64 != 0) bits[n / 64] = (std::uint64_t{1} << (n % 64)) - 1;
    }
    const std::uint64_t block = std::uint64_t{1} << cshift;
    for (std::uint64_t j = 0; j < counters_n; ++j) {
      const std::uint64_t start = j * block;
      counters[j] = static_cast<std::uint32_t>(start >= n ? 0 : std::min(block, n - start));
    }
    std::uint64_t left = n;

    const std::uint64_t crossing =
        s <= y ? pi_small(std::min(y, e - 1)) : pi_small(std::min(y, isqrt(e - 1)));
    const std::uint64_t leafy = pi_small(std::min(y, isqrt(x / s)));
    const std::uint64_t x_over_s = x / s;
    const std::uint64_t x_over_e = x / e;

    // The special leaves of p_k in this segment, in increasing v; count(i) gives the numbers
    // left in [s, s + i].
    auto leaves = [&](std::uint64_t k, auto&& count) {
      const std::uint64_t p = primes[k];
      const bool prime_m = p * p > y;
      std::uint64_t m_hi = std::min(y, x_over_s / p);
      std::uint64_t m_lo = std::max(y / p, x_over_e / p);  // exclusive
      if (prime_m) {
        m_hi = std::min(m_hi, x / (p * p));
        m_lo = std::max(m_lo, p);
      }
      if (m_hi <= m_lo) return;
      const std::uint64_t below = r.counts[k - 1] + tail.at(k - 1);
      std::uint64_t sum = 0;
      std::uint64_t weight = 0;
      if (prime_m) {
        for (std::uint64_t j = pi_small(m_hi), stop = pi_small(m_lo); j > stop; --j) {
          const std::uint64_t v = x / (p * primes[j]);
          sum += below + count(v - s);
          weight += 1;
        }
      } else {
        for (std::uint64_t m = m_hi; m > m_lo; --m) {
          const std::int32_t lm = lpfmu[m];
          if (lm == 0 || static_cast<std::uint64_t>(lm < 0 ? -std::int64_t{lm} : lm) <= p) {
            continue;
          }
          const std::uint64_t v = x / (p * m);
          const std::uint64_t phi = below + count(v - s);
          if (lm > 0) {  // mu(m) = +1: weight -1
            sum -= phi;
            weight -= 1;
          } else {
            sum += phi;
            weight += 1;
          }
        }
      }
      r.sum += sum;
      r.weights[k - 1] += weight;
    };

    for (std::uint64_t level = 0; level < crossing; ++level) {
      const std::uint64_t k = level + 1;
      if (k <= leafy) {
        std::uint64_t at = 0;
        std::uint64_t acc = 0;
        leaves(k, [&](std::uint64_t i) {
          const std::uint64_t blk = i >> cshift;
          for (; at < blk; ++at)
            acc += counters[at];
          return acc + in_block(i);
        });
      }
      r.counts[level] += left;
      const std::uint64_t p = primes[k];
      std::uint64_t j = next[k];
      if (j == 0 || j < s) j = std::max(p * p, ceil_div(s, p) * p);
      if (p >= s && p < e) {  // p itself
        const std::uint64_t i = p - s;
        const std::uint64_t bit = (bits[i >> 6] >> (i & 63)) & 1;
        bits[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
        counters[i >> cshift] -= static_cast<std::uint32_t>(bit);
        left -= bit;
      }
      for (; j < e; j += p) {
        const std::uint64_t i = j - s;
        const std::uint64_t bit = (bits[i >> 6] >> (i & 63)) & 1;
        bits[i >> 6] &= ~(std::uint64_t{1} << (i & 63));
        counters[i >> cshift] -= static_cast<std::uint32_t>(bit);
        left -= bit;
      }
      next[k] = j;
    }

    cum[0] = 0;
    for (std::uint64_t j = 0; j < counters_n; ++j)
      cum[j + 1] = cum[j] + counters[j];
    auto final_count = [&](std::uint64_t i) { return cum[i >> cshift] + in_block(i); };
    for (std::uint64_t k = crossing + 1; k <= leafy; ++k)
      leaves(k, final_count);

    // P2: primes p in (y, sqrt x] with s <= x / p < e.
    const std::uint64_t p_from = std::max(y + 1, x_over_e + 1);
    const std::uint64_t p_to = std::min(sqrt_x, x_over_s);
    if (p_from <= p_to) {
      const std::uint64_t below = r.counts[a] + tail.at(a);
      std::uint64_t sum = 0;
      std::uint64_t found = 0;
      for_each_prime_down(p_from, p_to, primes, prime_buf, [&](std::uint64_t p) {
        sum += below + final_count(x / p - s);
        ++found;
      });
      r.sum -= sum;
      r.weights[a] -= found;
      r.p2_primes += found;
    }

    tail.add_from(crossing, left);
    tail_diff[crossing] += left;
    s = e;
  }
  std::uint64_t running = 0;
  for (std::uint64_t level = 0; level <= a; ++level) {
    running += tail_diff[level];
    r.counts[level] += running;
  }
  return r;
}

PrimePi::PrimePi(std::uint64_t x, PiTuning tuning) : impl_(std::make_unique<Impl>()) {
  impl_->x = x;
  impl_->plan(tuning.y, tuning.segment_bits);
}
PrimePi::~PrimePi() = default;
PrimePi::PrimePi(PrimePi&&) noexcept = default;
PrimePi& PrimePi::operator=(PrimePi&&) noexcept = default;

std::uint64_t PrimePi::x() const noexcept {
  return impl_->x;
}
std::uint64_t PrimePi::y() const noexcept {
  return impl_->y;
}
std::uint64_t PrimePi::sieve_limit() const noexcept {
  return impl_->z;
}
std::uint64_t PrimePi::levels() const noexcept {
  return impl_->a;
}
std::uint64_t PrimePi::segment_bits() const noexcept {
  return impl_->segment_bits;
}
std::uint64_t PrimePi::base() const noexcept {
  return impl_->base;
}

PiPiece PrimePi::count_piece(std::uint64_t lo, std::uint64_t hi) const {
  return impl_->count_piece(lo, hi);
}

std::uint64_t PrimePi::table_bytes() const noexcept {
  return impl_->lpfmu.capacity() * sizeof(std::int32_t) +
         impl_->primes.capacity() * sizeof(std::uint32_t);
}

std::uint64_t PrimePi::piece_bytes() const noexcept {
  const std::uint64_t levels = impl_->a + 2;
  return levels * 8 * 6 + impl_->segment_bits / 8 * 2 + (std::uint64_t{1} << 16);
}

PiSum::PiSum(const PrimePi& plan) : PiSum(plan.sieve_limit(), plan.base(), plan.levels()) {}

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
  const std::uint64_t z = plan.sieve_limit();
  const std::uint64_t step = std::max<std::uint64_t>(plan.segment_bits(), z / 8 + 1);
  for (std::uint64_t lo = 1; lo <= z;) {
    const std::uint64_t hi = z - lo + 1 > step ? lo + step : z + 1;
    sum.add(plan.count_piece(lo, hi));
    lo = hi;
  }
  return sum.value();
}

}  // namespace primes
