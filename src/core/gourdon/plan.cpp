/// @file plan.cpp
/// The plan of a Gourdon pi(x) (see gourdon.hpp): the parameters, the tables every piece reads,
/// the terms the plan sums itself, and the join of the pieces.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "gourdon/gourdon_impl.hpp"
#include "primes/host.hpp"
#include "primes/pmath.hpp"
#include "primes/prime_pi.hpp"
#include "primes/sieve_kernel.hpp"

namespace primes {
namespace gourdon {

template <class P>
SmallPi::SmallPi(const std::vector<P>& primes, std::uint64_t limit, unsigned stretch_shift)
    : stretch_shift_(stretch_shift) {
  const std::uint64_t words = limit / 128 + 1;
  bits_.assign(words, 0);
  before_.assign(words, 0);
  for (const std::uint64_t q : primes) {
    if (q < 3 || q > limit) continue;
    const std::uint64_t i = q / 2;
    bits_[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  stretch_before_.assign((words >> stretch_shift_) + 1, 0);
  const std::uint64_t stretch_words = std::uint64_t{1} << stretch_shift_;
  std::uint64_t n = 0;
  for (std::uint64_t w = 0; w < words; ++w) {
    if (w % stretch_words == 0) stretch_before_[w >> stretch_shift_] = n;
    before_[w] = static_cast<std::uint32_t>(n - stretch_before_[w >> stretch_shift_]);
    n += static_cast<std::uint64_t>(std::popcount(bits_[w]));
  }
}

template SmallPi::SmallPi(const std::vector<std::uint32_t>&, std::uint64_t, unsigned);
template SmallPi::SmallPi(const std::vector<std::uint64_t>&, std::uint64_t, unsigned);

namespace {

// Below this x the plan counts directly with the sieve (below kLeastPlanned always: the method
// needs 13 <= y < sqrt(x)).
constexpr std::uint64_t kDirect = 10'000'000;
constexpr std::uint64_t kLeastPlanned = 1000;

// Every prime up to n (below 2^32 for P = std::uint32_t), with primes[0] = 0 so that
// primes[i] is the i-th: from the sieve kernel, or below 2^16 (a plan of a small x, of which
// the tests make a million) from a plain sieve.
template <class P>
std::vector<P> primes_up_to(std::uint64_t n) {
  std::vector<P> primes{0};
  if (n < (1u << 16)) {
    std::vector<bool> composite(n + 1, false);
    for (std::uint64_t i = 2; i <= n; ++i) {
      if (composite[i]) continue;
      primes.push_back(static_cast<P>(i));
      for (std::uint64_t j = i * i; j <= n; j += i)
        composite[j] = true;
    }
    return primes;
  }
  class Append final : public PrimeSink {
   public:
    explicit Append(std::vector<P>& to) : to_(to) {}
    void primes(std::span<const std::uint64_t> found) override {
      for (const std::uint64_t q : found)
        to_.push_back(static_cast<P>(q));
    }

   private:
    std::vector<P>& to_;
  } append(primes);
  // About n / (ln n - 1.1) primes (a little more than there are past 2^16).
  const double log_n = std::log(static_cast<double>(n));
  primes.reserve(static_cast<std::size_t>(static_cast<double>(n) / (log_n - 1.2)) + 2);
  SieveKernel().count(Range{0, n}, nullptr, &append);
  return primes;
}

}  // namespace
}  // namespace gourdon

const std::array<std::uint16_t, gourdon::kPeriod> gourdon::FactorCodes::kCountUpTo = [] {
  std::array<std::uint16_t, kPeriod> t{};
  for (std::uint64_t r = 1; r < kPeriod; ++r) {
    const bool c = r % 2 && r % 3 && r % 5 && r % 7 && r % 11 && r % 13;
    t[r] = static_cast<std::uint16_t>(t[r - 1] + (c ? 1 : 0));
  }
  return t;
}();

const std::array<std::uint16_t, gourdon::kCoprime> gourdon::FactorCodes::kResidue = [] {
  std::array<std::uint16_t, kPerPeriod> t{};
  for (std::uint64_t r = 1, j = 0; r < kPeriod; ++r) {
    if (r % 2 && r % 3 && r % 5 && r % 7 && r % 11 && r % 13)
      t[j++] = static_cast<std::uint16_t>(r);
  }
  return t;
}();

// From a segmented sieve of [1, z]: per number, its least prime factor up to sqrt(z), the
// product of its distinct ones, and the parity of their count; a square clears it. What the
// product leaves (n / product > 1) is one prime above sqrt(z). z < 17 y: a composite m <= z
// cannot have a factor above y, so only the primes in (y, z] are left out.
template <class Code, class P>
gourdon::FactorCodes gourdon::FactorCodes::make(std::uint64_t z, std::uint64_t y,
                                                const std::vector<P>& primes) {
  if (sizeof(Code) == 2 && z >= (std::uint64_t{1} << 32))
    throw std::logic_error("gourdon: 16-bit codes need z below 2^32");
  FactorCodes made;
  std::vector<Code> codes(index(z) + 1, 0);
  const std::uint64_t root = isqrt(z);
  // Whole periods, 4 of them while z < 2^32; past it at least sqrt(z) numbers, or the primes
  // up to sqrt(z) would cost more than the numbers.
  const std::uint64_t span = kPeriod * std::max<std::uint64_t>(4, root / kPeriod + 1);
  const std::uint64_t buffer = std::min(span, z + 1);  // [lo, hi): at most z + 1 numbers
  std::vector<std::uint64_t> product(buffer);
  std::vector<Code> lpf(buffer);
  std::vector<std::uint8_t> odd(buffer);
  for (std::uint64_t lo = 0; lo <= z; lo += span) {  // whole periods: index(lo) + 1 = 5760 k
    const std::uint64_t hi = std::min(z + 1, lo + span);
    std::fill(product.begin(), product.end(), 1);
    std::fill(lpf.begin(), lpf.end(), Code{0});
    std::fill(odd.begin(), odd.end(), std::uint8_t{0});
    for (std::size_t i = 7; i < primes.size() && primes[i] <= root; ++i) {  // from 17
      const std::uint64_t q = primes[i];
      for (std::uint64_t n = ceil_div(std::max<std::uint64_t>(lo, 1), q) * q; n < hi; n += q) {
        const std::uint64_t j = n - lo;
        if (lpf[j] == 0) lpf[j] = static_cast<Code>(q);
        product[j] *= q;
        odd[j] ^= 1;  // bit 0: parity, bit 1: a square
      }
      for (std::uint64_t n = ceil_div(std::max<std::uint64_t>(lo, 1), q * q) * q * q; n < hi;
           n += q * q)
        odd[n - lo] |= 2;
    }
    const std::uint64_t first = lo / kPeriod * kPerPeriod;
    for (std::uint64_t k = 0; k < span / kPeriod * kPerPeriod; ++k) {
      const std::uint64_t n = lo + k / kPerPeriod * kPeriod + kResidue[k % kPerPeriod];
      if (n >= hi) break;
      const std::uint64_t j = n - lo;
      if (n == 1 || (odd[j] & 2) != 0) continue;
      Code code = 0;
      bool minus = (odd[j] & 1) != 0;  // mu(n) = -1
      if (product[j] < n) {            // one more prime factor, above sqrt(z)
        if (n / product[j] > y) continue;
        minus = !minus;
        code = lpf[j] == 0 ? prime_code<Code> : lpf[j];
      } else {
        code = lpf[j] == n ? prime_code<Code> : lpf[j];  // n itself prime, below sqrt(z)
      }
      if (code != prime_code<Code> && !minus) --code;
      codes[first + k] = code;
    }
  }
  if constexpr (sizeof(Code) == 2) {
    made.codes16_ = std::move(codes);
  } else {
    made.codes32_ = std::move(codes);
  }
  return made;
}

template gourdon::FactorCodes gourdon::FactorCodes::make<std::uint16_t>(
    std::uint64_t, std::uint64_t, const std::vector<std::uint32_t>&);
template gourdon::FactorCodes gourdon::FactorCodes::make<std::uint32_t>(
    std::uint64_t, std::uint64_t, const std::vector<std::uint64_t>&);

GourdonTuning gourdon_default_tuning(u128 x) {
  // Measured on an Intel Xeon (2 MiB L2) from 10^13 to 2^64 (docs/pi-history.md): y grows a
  // little faster than x^(1/3), faster below 10^16, slower from there, faster again above
  // 10^16 (alpha_y 20.5 at 10^17, 25 at 10^18, 30.7 at 2^64); z is twice y. Past 2^64 alpha_y
  // grows slowly (31 at 10^20, 31.4 at 10^21): there 34 was 2.5% faster at 10^20, but a rank
  // then held 1.5 times primecount's memory; the tables grow with y, as x^(1/3).
  constexpr double kDigits64 = 19.266;  // log10(2^64)
  const double all = std::log10(static_cast<double>(std::max<u128>(x, 1)));
  const double digits = std::min(all, kDigits64);
  const double below = std::min(2.0 * (digits - 8.0), 3.0 * (digits - 10.7));
  const double past = 0.4 * std::max(0.0, all - kDigits64);
  return {std::max(1.5, below + std::max(0.0, 2.5 * (digits - 16.0)) + past), 2.0, 0};
}

GourdonTuning gourdon_second_tuning(u128 x) {
  const GourdonTuning first = gourdon_default_tuning(x);
  return {std::max(1.1, 0.6 * first.alpha_y), 3.0, 0};
}

GourdonParameters gourdon_parameters(u128 x, GourdonTuning tuning) {
  if (x > kGourdonMax) throw std::invalid_argument("gourdon: x above 10^30");
  GourdonParameters p;
  p.x = x;
  p.wide = x >> 64 != 0 || tuning.wide || tuning.wide_tables;
  p.sqrt_x = isqrt128(x);
  p.pi_span = tuning.pi_span > 0 ? tuning.pi_span : std::uint64_t{1} << 28;
  // The method needs y >= 13 (the primes up to 13 are not sieved) and y < sqrt(x).
  const std::uint64_t direct = tuning.direct_below > 0 ? tuning.direct_below : gourdon::kDirect;
  if (x < std::max<std::uint64_t>(direct, gourdon::kLeastPlanned)) return p;
  const std::uint64_t x13 = icbrt128(x);
  const GourdonTuning chosen = gourdon_default_tuning(x);
  const double alpha_y = tuning.alpha_y > 0 ? tuning.alpha_y : chosen.alpha_y;
  const double alpha_z = std::min(tuning.alpha_z > 0 ? tuning.alpha_z : chosen.alpha_z, 16.0);
  // y > x^(1/3), and x / y below 2^63: the numbers of the pieces, and the quotients they take
  // from a double.
  const std::uint64_t least_y =
      std::max<std::uint64_t>({x13 + 1, 13, static_cast<std::uint64_t>(x >> 63) + 1});
  // y and z below 2^32 where x allows it (up to about 3.7e28), so that the primes up to y and
  // the codes up to z take 32 and 16 bits (unless a tuning asks for the wide tables: then as
  // large as its alphas say).
  constexpr double kNarrowY = 4e9;
  const double most_y = tuning.wide_tables ? 1e18 : kNarrowY;
  const double most_z = tuning.wide_tables ? 1e18 : 4.2e9;
  if (static_cast<double>(least_y) <= kNarrowY) {
    const double wanted_y = std::min(alpha_y * static_cast<double>(x13), most_y);
    p.y = std::clamp(static_cast<std::uint64_t>(wanted_y), least_y, p.sqrt_x - 1);
    const double wanted_z = std::min(alpha_z * static_cast<double>(p.y), most_z);
    p.z = std::clamp(static_cast<std::uint64_t>(wanted_z), p.y, std::min(p.sqrt_x - 1, 16 * p.y));
    p.wide_tables = tuning.wide_tables;
  } else {
    // Past that the tables, not the time, limit a count (about 160 GiB at 10^30): y and z are
    // the least the method allows unless a tuning asks for more.
    const double wanted_y = tuning.alpha_y > 0 ? alpha_y * static_cast<double>(x13) : 0;
    p.y = std::clamp(static_cast<std::uint64_t>(std::min(wanted_y, 1e18)), least_y, p.sqrt_x - 1);
    const double wanted_z = tuning.alpha_z > 0 ? alpha_z * static_cast<double>(p.y) : 0;
    p.z = std::clamp(static_cast<std::uint64_t>(std::min(wanted_z, 1e18)), p.y,
                     std::min(p.sqrt_x - 1, 16 * p.y));
    p.wide_tables = true;
  }
  p.pi_limit = static_cast<std::uint64_t>(x / p.y);
  p.hard_limit = static_cast<std::uint64_t>(x / p.z);
  // A segment of the hard pieces' sieve fills the L1 data cache: a power of two of 64-bit
  // words of 240 numbers each.
  std::uint64_t words = ceil_div(tuning.segment_bits, 240);
  if (words == 0) words = SieveConfig::for_this_cpu().block_bytes / 8;
  words = std::clamp<std::uint64_t>(std::bit_floor(words), 1, std::uint64_t{1} << 14);
  p.segment_bits = 240 * words;
  return p;
}

std::uint64_t gourdon_p2_piece_width(const GourdonParameters& p) {
  const std::uint64_t span = p.pi_limit - std::min(p.pi_limit, p.sqrt_x + 1);
  const std::uint64_t widest = std::max<std::uint64_t>(std::bit_ceil(span / 65536), 1 << 24);
  return std::clamp<std::uint64_t>(std::bit_ceil(span / 64), 1 << 20, widest);
}

GourdonMemory gourdon_memory_parts(u128 x, GourdonTuning tuning) {
  const GourdonParameters p = gourdon_parameters(x, tuning);
  const double y = static_cast<double>(p.y);
  const double z = static_cast<double>(p.z);
  // Primes up to y (4 bytes each, 8 with the wide tables, and 8 of their inverse), pi up to y
  // (1/8 byte per number), the codes of the m up to z (2 bytes for 19% of the numbers, 4 with
  // the wide tables); per thread, one piece of each
  // kind (a pi piece: a bit and a count word per 64 odd numbers, 1/8 byte per number).
  const double tables = (p.wide_tables ? 16 : 12) * y / std::max(1.0, std::log(y) - 1.1) + y / 8 +
                        (p.wide_tables ? 0.8 : 0.4) * z;
  const double pi_piece =
      p.y == 0 ? 0.0 : static_cast<double>(std::min(gourdon_p2_piece_width(p), p.pi_span)) / 8;
  const double pieces = pi_piece + static_cast<double>(p.segment_bits) / 20 + (1 << 20);
  return {static_cast<std::uint64_t>(tables) + (2 << 20),
          static_cast<std::uint64_t>(pieces) + (2 << 20)};
}

std::uint64_t gourdon_memory_need(u128 x, GourdonTuning tuning) {
  const GourdonMemory m = gourdon_memory_parts(x, tuning);
  return m.tables + m.per_thread;
}

void Gourdon::Impl::plan(GourdonTuning tuning) {
  if (par.y == 0) {  // small x: counted here, with the sieve
    base_sum = par.x < 2 ? 0 : SieveKernel().count(Range{0, static_cast<std::uint64_t>(par.x)});
    return;
  }
  x13 = icbrt128(par.x);
  if (par.wide_tables) {
    make_tables<gourdon::WideTableWidths>();
    plan_terms<gourdon::WideTableWidths>();
  } else if (par.wide) {
    make_tables<gourdon::WideWidths>();
    plan_terms<gourdon::WideWidths>();
  } else {
    make_tables<gourdon::NarrowWidths>();
    plan_terms<gourdon::NarrowWidths>();
  }
  (void)tuning;
}

template <class W>
void Gourdon::Impl::make_tables() {
  using P = typename W::P;
  std::vector<P> found = gourdon::primes_up_to<P>(par.y);
  a = found.size() - 1;
  inverse.assign(found.size(), 0.0);
  for (std::size_t i = 1; i < found.size(); ++i)
    inverse[i] = 1.0 / static_cast<double>(found[i]);
  pi_y = gourdon::SmallPi(found, par.y);
  factors = gourdon::FactorCodes::make<typename W::Code>(par.z, par.y, found);
  if constexpr (sizeof(P) == 4) {
    primes32 = std::move(found);
  } else {
    primes64 = std::move(found);
  }
  // The sieves' temporaries, before the pieces' buffers come (where they are worth a system
  // call: below 10^15 they take a few MiB).
  if (par.y > (1u << 20)) give_back_freed_memory();
}

template <class W>
void Gourdon::Impl::plan_terms() {
  using X = typename W::X;
  const std::vector<typename W::P>& primes = this->primes<typename W::P>();
  const X x = static_cast<X>(par.x);
  // The hard leaves' levels: the largest b whose p_b has a leaf with u >= p_b^2, i.e. some m
  // above p_b and z / p_b and at most z and x / p_b^3.
  for (std::uint64_t b = gourdon::kK + 1; b < a; ++b) {
    const std::uint64_t q = primes[b];
    if (q * q > x / (q * q)) break;
    const std::uint64_t m_lo = std::max<std::uint64_t>(primes[b + 1], par.z / q + 1);
    if (m_lo <= gourdon::bound_quotient(x / (q * q), q) && m_lo <= par.z) hard_levels = b;
  }
  hard_levels = std::max(hard_levels, gourdon::kK);
  // A counter per cache line (64 bytes, 8 words) of the segment, or per segment if smaller:
  // a leaf's count then adds at most 8 words to the counters before it. A counter per
  // square root of the segment (256 bytes for 4096 words) made the hard leaves 5% slower at
  // 1e16 (Intel Xeon); per 32 bytes, no faster.
  const auto log2_bytes = static_cast<unsigned>(std::countr_zero(par.segment_bits / 240 * 8));
  counter_shift = std::min(6u, log2_bytes);
  base_sum = sum_phi0<W>() + sum_trivial<W>() + a - 1;
}

template <class W>
u128 Gourdon::Impl::sum_phi0() const {
  const auto x = static_cast<typename W::X>(par.x);
  u128 sum = phi6(x);
  const typename W::Code* const codes = factors.codes<typename W::Code>();
  for (std::uint64_t i = 0; i < factors.size(); ++i) {
    if (codes[i] == 0) continue;
    const u128 v = phi6(x / gourdon::FactorCodes::number(i));
    sum += (codes[i] & 1) != 0 ? 0 - v : v;  // mu(m) phi(x / m, 6)
  }
  return sum;
}

template <class W>
u128 Gourdon::Impl::sum_trivial() const {
  // The prime m = q with u = x / (p q) < p: q above p, z / p and x / p^2, up to y.
  const auto x = static_cast<typename W::X>(par.x);
  const std::vector<typename W::P>& primes = this->primes<typename W::P>();
  u128 sum = 0;
  for (std::uint64_t b = gourdon::kK + 1; b <= a; ++b) {
    const std::uint64_t q = primes[b];
    const std::uint64_t lo = std::max({q, par.z / q, gourdon::bound_quotient_square(x, q)});
    if (lo < par.y) sum += a - pi_y(lo);
  }
  return sum;
}

Gourdon::Gourdon(u128 x, GourdonTuning tuning) : impl_(std::make_unique<Impl>()) {
  impl_->par = gourdon_parameters(x, tuning);
  impl_->plan(tuning);
}
Gourdon::~Gourdon() = default;
Gourdon::Gourdon(Gourdon&&) noexcept = default;
Gourdon& Gourdon::operator=(Gourdon&&) noexcept = default;

const GourdonParameters& Gourdon::parameters() const noexcept {
  return impl_->par;
}
u128 Gourdon::base() const noexcept {
  return impl_->base_sum;
}
std::uint64_t Gourdon::a() const noexcept {
  return impl_->a;
}
std::uint64_t Gourdon::first_level() const noexcept {
  return gourdon::kK;
}
std::uint64_t Gourdon::levels() const noexcept {
  return impl_->hard_levels;
}
std::uint64_t Gourdon::table_bytes() const noexcept {
  return impl_->primes32.size() * 4 + impl_->primes64.size() * 8 + impl_->inverse.size() * 8 +
         impl_->pi_y.bytes() + impl_->factors.bytes();
}

GourdonSum::GourdonSum(const GourdonParameters& parameters, u128 base, std::uint64_t a,
                       std::uint64_t first_level, std::uint64_t levels)
    : parameters_(parameters), a_(a), first_level_(first_level), sum_(base), below_(levels, 0) {}

GourdonSum::GourdonSum(const Gourdon& plan)
    : GourdonSum(plan.parameters(), plan.base(), plan.a(), plan.first_level(), plan.levels()) {}

void GourdonSum::add(const GourdonPiece& piece) {
  if (piece.lo != next_lo(piece.hard)) throw std::logic_error("Gourdon pieces joined out of order");
  if (piece.hard) {
    sum_ += piece.sum;
    for (std::size_t l = first_level_; l < below_.size() && l < piece.counts.size(); ++l) {
      sum_ += widen(piece.weights[l]) * below_[l];
      below_[l] += piece.counts[l];
    }
    next_hard_ = piece.hi;
    return;
  }
  // Passing sqrt(x): P2's closed part, the sum of pi(p) - 1 over the primes in (y, sqrt(x)].
  const std::uint64_t root = parameters_.sqrt_x;
  if (piece.lo <= root && piece.hi > root + 1) {
    throw std::logic_error("a pi piece must end at sqrt(x)");
  }
  sum_ += piece.sum + widen(piece.weight) * pi_below_;
  pi_below_ += piece.primes;
  if (piece.hi == root + 1) {
    const std::uint64_t n = pi_below_;  // pi(sqrt(x))
    const u128 tri = (u128{n} * (n - 1) - u128{a_} * (a_ - 1)) / 2;
    sum_ += tri;
  }
  next_pi_ = piece.hi;
}

bool GourdonSum::complete() const noexcept {
  if (parameters_.y == 0) return true;
  return next_pi_ > parameters_.pi_limit && next_hard_ > parameters_.hard_limit;
}

u128 GourdonSum::value() const noexcept {
  return sum_;
}

u128 gourdon_pi(u128 x, GourdonTuning tuning) {
  const Gourdon plan(x, tuning);
  GourdonSum sum(plan);
  const GourdonParameters& p = plan.parameters();
  if (p.y == 0) return sum.value();
  constexpr std::uint64_t kPiece = std::uint64_t{1} << 22;
  for (std::uint64_t lo = 0; lo <= p.pi_limit;) {
    std::uint64_t hi = std::min(p.pi_limit + 1, lo + kPiece);
    if (lo <= p.sqrt_x && hi > p.sqrt_x + 1) hi = p.sqrt_x + 1;
    sum.add(plan.count_pi(lo, hi));
    lo = hi;
  }
  for (std::uint64_t lo = 1; lo <= p.hard_limit;) {
    const std::uint64_t hi = std::min(p.hard_limit + 1, lo + kPiece);
    sum.add(plan.count_hard(lo, hi));
    lo = hi;
  }
  return sum.value();
}

}  // namespace primes
