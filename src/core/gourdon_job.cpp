/// @file gourdon_job.cpp
/// The Gourdon kernel in the job model (see gourdon_job.hpp).
#include "primes/gourdon_job.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "primes/pmath.hpp"

namespace primes {
namespace {

using Piece = GourdonLayout::Piece;
using Kind = GourdonLayout::Kind;
using Term = GourdonLayout::Term;

// Pieces of [from, to) where the work crowds near `from`: each about 1/`fraction` as wide as its
// start, from `least` up to `widest` numbers, a multiple of `least` (and of `unit` once that
// wide), starting on such a multiple (all but the first).
std::vector<Piece> cut(std::uint64_t target, Kind kind, Term term, std::uint64_t from,
                       std::uint64_t to, std::uint64_t fraction, std::uint64_t least,
                       std::uint64_t unit, std::uint64_t widest) {
  std::vector<Piece> out;
  for (std::uint64_t lo = from; lo < to;) {
    std::uint64_t width = std::clamp(lo / fraction / least * least, least, widest);
    const std::uint64_t align = width >= unit ? unit : least;
    width = std::max(width / align * align, least);
    const std::uint64_t start = lo / align * align;
    const std::uint64_t hi = to - start > width ? start + width : to;
    out.push_back({target, kind, lo, hi, term});
    lo = hi;
  }
  return out;
}

// The hard pieces' widths are multiples of this many numbers from this width on: a segment of
// 4096 words, what an L1 data cache of 32 or 48 KiB holds (narrower ones, near 1, are multiples
// of an eighth of it). Constants, not this CPU's segment, so that every rank and every later run
// cuts the same pieces; a CPU with another segment counts a piece in whole segments of its own
// and a partial one.
constexpr std::uint64_t kHardUnit = 240 * 4096;
constexpr std::uint64_t kLeastHard = kHardUnit / 8;
// The least pi piece below sqrt(x) (the sieve of a piece costs little next to its leaves).
constexpr std::uint64_t kLeastPi = 1 << 15;

// An estimate of a piece's cost, in the time P2's sieve takes per number: from the time of
// every piece at 1e16 .. 1e19 (one thread of an Intel Xeon, build/test/bench/pieces_bench X
// --list), fitted per kind to a density of work over u, with r = x / 1e16:
//   - hard leaves: A / u from u0 = 2 (x / z)^(2/3) on (about where a prime p has leaves with
//     u >= p^2: no hard leaf below (x / z)^(2/3)), and A / 80 per piece; A = 2.9e9 r^0.42;
//   - easy leaves (pi pieces below sqrt(x)): A / u from 1.3 x^(1/3), falling linearly in log u
//     to 0 at sqrt(x); A = 2.7e9 r^0.54;
//   - P2 (pi pieces above sqrt(x)): the sieve's 1 per number, and A / u for its primes;
//     A = 1.4e9 r^0.35.
// Within a factor of 2 per piece, mostly; what matters is that the sums over many pieces
// follow the time, so that the progress line's share and time left do: at 1e21 (2 threads),
// the share estimated after 914 and 19235 of 49278 pieces was 72% and 84%, measured 66% and 85%
// of the CPU time. The constants depend on x alone: one model per target.
class WorkModel {
 public:
  explicit WorkModel(const GourdonParameters& p)
      : root_(static_cast<double>(p.sqrt_x)),
        hard_u0_(2.0 * std::pow(static_cast<double>(p.x) / static_cast<double>(p.z), 2.0 / 3.0)),
        easy_u0_(1.3 * std::cbrt(static_cast<double>(p.x))),
        hard_(2.9e9 * std::pow(static_cast<double>(p.x) / 1e16, 0.42)),
        easy_(2.7e9 * std::pow(static_cast<double>(p.x) / 1e16, 0.54)),
        p2_(1.4e9 * std::pow(static_cast<double>(p.x) / 1e16, 0.35)) {}

  std::uint64_t operator()(Term term, std::uint64_t lo, std::uint64_t hi) const {
    const double from = std::max(static_cast<double>(lo), 1.0);
    const double to = static_cast<double>(hi);
    // The integral of 1 / u over [max(from, start), min(to, end)).
    const auto log_span = [&](double start, double end) {
      const double l = std::max(from, start);
      const double h = std::min(to, end);
      return h > l ? std::log(h / l) : 0.0;
    };
    double work = 0.0;
    if (term == Term::hard_leaves) {
      work = hard_ * (log_span(hard_u0_, to) + 0.0125);
    } else if (term == Term::easy_leaves) {
      // 1 / u (1 - (ln u - ln u0) / (ln root - ln u0)), integrated.
      const double l = std::max(from, easy_u0_);
      const double h = std::min(to, root_);
      if (h > l && root_ > easy_u0_) {
        const double span = std::log(root_ / easy_u0_);
        const auto f = [&](double u) {
          const double s = std::log(u / easy_u0_);
          return s - s * s / (2 * span);
        };
        work = easy_ * (f(h) - f(l));
      }
    } else if (term == Term::p2) {
      work = (to - from) + p2_ * log_span(root_, to);
    }
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::min(work, 1e18)));
  }

 private:
  double root_, hard_u0_, easy_u0_;
  double hard_, easy_, p2_;  // A of each kind, at this x
};

// The pieces of one pi(x), in the order they are handed out: the costliest first, so that no
// worker starts one when the others are nearly done. Easy leaves and hard leaves crowd at the
// low end of their intervals (pieces measured at 1e15: the first easy piece of 2^19 numbers
// took 14% of all the work), so both are cut finer there and taken in turns; P2's terms above
// sqrt(x) cost about the same per number and come last, in pieces of equal width.
// How fine: a piece costs a little whatever its width (about pi(y) steps, x^(1/3)) and the work
// grows like x^0.6, so near the low end the pieces are 1/2 as wide as their start below 1e15,
// 1/4 below 1e17, 1/8 below 1e19 and 1/16 above (one thread of an Intel Xeon: at 1e15 and 1e16
// at most 1% slower than a piece per 1/64 of each interval; at 1e17 the longest piece went from
// 2.3% of the work to 0.7% at 1/16).
std::vector<Piece> pieces_of(std::uint64_t target, u128 x, GourdonTuning tuning) {
  const GourdonParameters p = gourdon_parameters(x, tuning);
  if (p.y == 0) return {{target, Kind::direct, 0, 0, Term::none}};
  std::uint64_t digits = 0;
  for (u128 t = x; t >= 10; t /= 10)
    ++digits;
  const std::uint64_t fraction = std::uint64_t{1} << std::clamp<std::uint64_t>(
                                     (std::max<std::uint64_t>(digits, 11) - 11) / 2, 1, 4);
  const std::uint64_t root = p.sqrt_x + 1;
  // (At most 2^24 numbers wide up to about 10^24; past that wider, so that there are at most
  // about 65536 of them: the plan of 10^30 would otherwise hold 6e7 pieces.)
  const std::uint64_t widest_easy =
      std::max<std::uint64_t>(std::clamp<std::uint64_t>(std::bit_ceil(root / 64), 1 << 18, 1 << 24),
                              std::bit_ceil(root / 65536));
  const std::vector<Piece> easy =
      cut(target, Kind::pi, Term::easy_leaves, 0, root, fraction, kLeastPi, kLeastPi, widest_easy);
  const std::uint64_t widest_hard =
      std::max(kHardUnit, ceil_div(ceil_div(p.hard_limit, 64), kHardUnit) * kHardUnit);
  const std::vector<Piece> hard = cut(target, Kind::hard, Term::hard_leaves, 1, p.hard_limit + 1,
                                      fraction, kLeastHard, kHardUnit, widest_hard);
  std::vector<Piece> out;
  for (std::size_t i = 0; i < std::max(easy.size(), hard.size()); ++i) {
    if (i < easy.size()) out.push_back(easy[i]);
    if (i < hard.size()) out.push_back(hard[i]);
  }
  if (root <= p.pi_limit) {
    const std::uint64_t width = gourdon_p2_piece_width(p);
    for (std::uint64_t lo = root; lo <= p.pi_limit; lo += std::min(width, p.pi_limit + 1 - lo))
      out.push_back({target, Kind::pi, lo, std::min(p.pi_limit + 1, lo + width), Term::p2});
  }
  const WorkModel work_of(p);
  for (Piece& piece : out)
    piece.work = work_of(piece.term, piece.lo, piece.hi);
  return out;
}

}  // namespace

GourdonLayout::GourdonLayout(Range range, bool double_check)
    : range_(range), sets_(double_check ? 2 : 1) {
  for (std::uint64_t set = 0; set < sets_; ++set) {
    for (std::uint64_t i = 0; i < (range.first > 1 ? 2 : 1); ++i) {
      const u128 x = i == 0 ? range.top() : range.first - 1;
      x_.push_back(x);
      tuning_.push_back(set == 0 ? GourdonTuning{} : gourdon_second_tuning(x));
    }
  }
  std::uint64_t first = 0;
  for (std::uint64_t t = 0; t < x_.size(); ++t) {
    first_.push_back(first);
    pieces_.push_back(pieces_of(t, x_[t], tuning_[t]));
    first += pieces_.back().size();
    for (const Piece& piece : pieces_.back()) {
      total_work_ += piece.work;
      term_work_[static_cast<std::size_t>(piece.term)] += piece.work;
    }
  }
}

GourdonLayout::Piece GourdonLayout::piece(std::uint64_t index) const {
  for (std::uint64_t t = 0; t < x_.size(); ++t) {
    if (index >= first_[t] && index - first_[t] < pieces_[t].size()) {
      return pieces_[t][index - first_[t]];
    }
  }
  throw std::out_of_range("no Gourdon piece " + std::to_string(index));
}

class GourdonPlans {
 public:
  GourdonPlans(Range range, bool double_check) : layout(range, double_check) {
    for (std::uint64_t t = 0; t < layout.targets(); ++t)
      plans.emplace_back(layout.x(t), layout.tuning(t));
  }
  GourdonLayout layout;
  std::vector<Gourdon> plans;
};

GourdonKernel::GourdonKernel(std::shared_ptr<GourdonPlans> plans) : plans_(std::move(plans)) {}

std::uint64_t GourdonKernel::count(Range chunk, ProgressSink* progress, PrimeSink* found) {
  check_range(chunk);
  if (found != nullptr) {
    throw std::invalid_argument(
        "the gourdon kernel counts primes without listing them (no --print)");
  }
  if (chunk.first != chunk.last) throw std::invalid_argument("a Gourdon chunk is one piece");
  const GourdonLayout::Piece piece = plans_->layout.piece(chunk.first);
  const Gourdon& plan = plans_->plans.at(piece.target);
  GourdonPiece counted;
  switch (piece.kind) {
    case GourdonLayout::Kind::direct:
      value_ = {piece.target, 0, static_cast<std::uint64_t>(plan.base()),
                static_cast<std::uint64_t>(plan.base() >> 64)};
      if (progress != nullptr) progress->advance(piece.work);
      return 0;
    case GourdonLayout::Kind::pi:
      counted = plan.count_pi(piece.lo, piece.hi);
      break;
    case GourdonLayout::Kind::hard:
      counted = plan.count_hard(piece.lo, piece.hi);
      break;
  }
  value_ = encode_gourdon_piece(piece.target, plan, counted);
  if (progress != nullptr) progress->advance(piece.work);
  return 0;
}

std::unique_ptr<Kernel> make_gourdon_kernel(Range range, bool double_check) {
  // The kernels of one process's workers are made one after the other, before they count:
  // the first builds the plans, the others share them while any of them lives.
  static std::mutex mutex;
  static std::weak_ptr<GourdonPlans> last;
  std::lock_guard lock(mutex);
  std::shared_ptr<GourdonPlans> plans = last.lock();
  if (!plans || plans->layout.range() != range ||
      plans->layout.sets() != (double_check ? 2u : 1u)) {
    plans = std::make_shared<GourdonPlans>(range, double_check);
    last = plans;
  }
  return std::make_unique<GourdonKernel>(std::move(plans));
}

// Words: target, kind (1 pi, 2 hard), lo, hi, base (2 words, low first), a, first_level, levels,
// sum (2 words), weight, primes, then for a hard piece counts[first_level .. levels-1] and
// weights[first_level .. levels-1]. A target counted directly: target, 0, pi(x) (2 words).
namespace {
constexpr std::size_t kFixedWords = 13;
std::uint64_t low_word(u128 v) {
  return static_cast<std::uint64_t>(v);
}
std::uint64_t high_word(u128 v) {
  return static_cast<std::uint64_t>(v >> 64);
}
u128 from_words(std::uint64_t low, std::uint64_t high) {
  return u128{high} << 64 | low;
}
}  // namespace

ChunkValue encode_gourdon_piece(std::uint64_t target, const Gourdon& plan,
                                const GourdonPiece& piece) {
  ChunkValue w{target,
               piece.hard ? 2u : 1u,
               piece.lo,
               piece.hi,
               low_word(plan.base()),
               high_word(plan.base()),
               plan.a(),
               plan.first_level(),
               plan.levels(),
               low_word(piece.sum),
               high_word(piece.sum),
               piece.weight,
               piece.primes};
  if (piece.hard) {
    for (std::uint64_t l = plan.first_level(); l < plan.levels(); ++l)
      w.push_back(piece.counts.at(l));
    for (std::uint64_t l = plan.first_level(); l < plan.levels(); ++l)
      w.push_back(piece.weights.at(l));
  }
  return w;
}

std::optional<DecodedGourdonPiece> decode_gourdon_piece(const ChunkValue& w) {
  DecodedGourdonPiece d;
  if (w.size() == 4 && w[1] == 0) {
    d.target = w[0];
    d.direct = true;
    d.base = from_words(w[2], w[3]);
    return d;
  }
  if (w.size() < kFixedWords || (w[1] != 1 && w[1] != 2)) return std::nullopt;
  d.target = w[0];
  d.piece.hard = w[1] == 2;
  d.piece.lo = w[2];
  d.piece.hi = w[3];
  d.base = from_words(w[4], w[5]);
  d.a = w[6];
  d.first_level = w[7];
  d.levels = w[8];
  d.piece.sum = from_words(w[9], w[10]);
  d.piece.weight = w[11];
  d.piece.primes = w[12];
  if (d.first_level > d.levels || d.levels > (1u << 24)) return std::nullopt;
  const std::uint64_t n = d.levels - d.first_level;
  if (w.size() != kFixedWords + (d.piece.hard ? 2 * n : 0)) return std::nullopt;
  if (d.piece.hard) {
    d.piece.counts.assign(d.levels, 0);
    d.piece.weights.assign(d.levels, 0);
    for (std::uint64_t i = 0; i < n; ++i) {
      d.piece.counts[d.first_level + i] = w[kFixedWords + i];
      d.piece.weights[d.first_level + i] = w[kFixedWords + n + i];
    }
  }
  return d;
}

GourdonJoin::GourdonJoin(Range range, bool double_check)
    : layout_(range, double_check), targets_(layout_.targets()), seen_(layout_.chunks(), false) {}

void GourdonJoin::add(std::uint64_t index, const ChunkValue& value) {
  const GourdonLayout::Piece piece = layout_.piece(index);
  std::optional<DecodedGourdonPiece> d = decode_gourdon_piece(value);
  const bool matches =
      d && d->target == piece.target &&
      (piece.kind == GourdonLayout::Kind::direct
           ? d->direct
           : !d->direct && d->piece.hard == (piece.kind == GourdonLayout::Kind::hard) &&
                 d->piece.lo == piece.lo && d->piece.hi == piece.hi);
  if (!matches) {
    throw std::runtime_error("the value of Gourdon piece " + std::to_string(index) +
                             " does not match the plan");
  }
  if (seen_[index])
    throw std::runtime_error("Gourdon piece " + std::to_string(index) + " came twice");
  seen_[index] = true;
  term_done_[static_cast<std::size_t>(piece.term)] += piece.work;
  Target& t = targets_[piece.target];
  if (d->direct) {
    t.direct = true;
    t.value = d->base;
    return;
  }
  if (!t.sum) {
    t.sum.emplace(gourdon_parameters(layout_.x(piece.target), layout_.tuning(piece.target)),
                  d->base, d->a, d->first_level, d->levels);
  }
  t.waiting[d->piece.hard ? 1 : 0].emplace(d->piece.lo, std::move(d->piece));
  drain(t);
}

void GourdonJoin::drain(Target& t) {
  for (int kind = 0; kind < 2; ++kind) {
    auto& waiting = t.waiting[kind];
    for (auto it = waiting.find(t.sum->next_lo(kind == 1)); it != waiting.end();
         it = waiting.find(t.sum->next_lo(kind == 1))) {
      t.sum->add(it->second);
      waiting.erase(it);
    }
  }
}

std::vector<WorkTerm> GourdonJoin::work_by_term() const {
  std::vector<WorkTerm> terms;
  for (const auto& [term, name] :
       {std::pair{Term::hard_leaves, "hard leaves"}, std::pair{Term::easy_leaves, "easy leaves"},
        std::pair{Term::p2, "P2"}}) {
    const u128 total = layout_.term_work(term);
    if (total != 0) terms.push_back({name, term_done_[static_cast<std::size_t>(term)], total});
  }
  return terms;
}

std::optional<u128> GourdonJoin::set_count(std::uint64_t set) const {
  const std::uint64_t per_set = layout_.targets_per_set();
  u128 v[2] = {0, 0};
  for (std::uint64_t i = 0; i < per_set; ++i) {
    const Target& t = targets_[set * per_set + i];
    if (t.direct) {
      v[i] = t.value;
    } else if (t.sum && t.sum->complete()) {
      v[i] = t.sum->value();
    } else {
      return std::nullopt;
    }
  }
  return v[0] - v[1];
}

std::optional<u128> GourdonJoin::count() const {
  for (std::uint64_t set = 1; set < layout_.sets(); ++set) {
    if (!set_count(set)) return std::nullopt;
  }
  return set_count(0);
}

std::optional<std::string> GourdonJoin::disagreement() const {
  if (layout_.sets() < 2 || !count()) return std::nullopt;
  const u128 first = *set_count(0);
  const u128 second = *set_count(1);
  if (first == second) return std::nullopt;
  const Range r = layout_.range();
  auto parameters = [&](std::uint64_t set) {
    const GourdonParameters p =
        gourdon_parameters(r.top(), layout_.tuning(set * layout_.targets_per_set()));
    return "y = " + std::to_string(p.y) + ", z = " + std::to_string(p.z);
  };
  return "double check failed: the primes in [" + std::to_string(r.first) + ", " +
         to_decimal(r.top()) + "] counted by gourdon are " + to_decimal(first) + " with " +
         parameters(0) + " but " + to_decimal(second) + " with " + parameters(1) +
         " (a fault of this machine or of this program: neither count can be trusted)";
}

}  // namespace primes
