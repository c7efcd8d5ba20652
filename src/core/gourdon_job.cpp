/// @file gourdon_job.cpp
/// The Gourdon kernel in the job model (see gourdon_job.hpp).
#include "primes/gourdon_job.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "primes/pmath.hpp"

namespace primes {
namespace {

// Fixed-width pieces of [from, to) (the last one shorter).
void cut(std::vector<GourdonLayout::Piece>& out, std::uint64_t target, GourdonLayout::Kind kind,
         std::uint64_t from, std::uint64_t to, std::uint64_t width) {
  for (std::uint64_t lo = from; lo<to; lo = to - lo> width ? lo + width : to)
    out.push_back({target, kind, lo, to - lo > width ? lo + width : to});
}

// The hard pieces are whole multiples of this many numbers (from 1 for the first): a segment of
// 4096 words, what an L1 data cache of 32 or 48 KiB holds. A constant, not this CPU's segment,
// so that every rank and every later run cuts the same pieces; a CPU with another segment
// counts a piece in whole segments of its own and a partial one.
constexpr std::uint64_t kHardUnit = 240 * 4096;

std::vector<GourdonLayout::Piece> pieces_of(std::uint64_t target, std::uint64_t x,
                                            GourdonTuning tuning) {
  using Kind = GourdonLayout::Kind;
  const GourdonParameters p = gourdon_parameters(x, tuning);
  if (p.y == 0) return {{target, Kind::direct, 0, 0}};
  std::vector<GourdonLayout::Piece> out;
  // Easy leaves below sqrt(x): their density falls slowly with u; P2's terms above it: the
  // sieve's cost is about even. Pieces of a few MiB of tables, 64 or more in each part.
  const std::uint64_t root = p.sqrt_x + 1;
  cut(out, target, Kind::pi, 0, root,
      std::clamp<std::uint64_t>(std::bit_ceil(root / 64), 1 << 18, 1 << 24));
  if (root <= p.pi_limit) {
    cut(out, target, Kind::pi, root, p.pi_limit + 1,
        std::clamp<std::uint64_t>(std::bit_ceil((p.pi_limit - root) / 64), 1 << 20, 1 << 24));
  }
  // Hard leaves crowd near 1: pieces about half as wide as their start, up to a width that
  // cuts the rest into 64; whole units, from multiples of a unit (after the first, from 1).
  const std::uint64_t seg = kHardUnit;
  const std::uint64_t widest = std::max(seg, ceil_div(ceil_div(p.hard_limit, 64), seg) * seg);
  for (std::uint64_t lo = 1; lo <= p.hard_limit;) {
    const std::uint64_t start = lo / seg * seg;
    const std::uint64_t width = std::clamp(start / 2 / seg * seg, seg, widest);
    const std::uint64_t hi = p.hard_limit - start + 1 > width ? start + width : p.hard_limit + 1;
    out.push_back({target, Kind::hard, lo, hi});
    lo = hi;
  }
  return out;
}

}  // namespace

GourdonLayout::GourdonLayout(Range range, bool double_check)
    : range_(range), sets_(double_check ? 2 : 1) {
  for (std::uint64_t set = 0; set < sets_; ++set) {
    for (std::uint64_t i = 0; i < (range.first > 1 ? 2 : 1); ++i) {
      const std::uint64_t x = i == 0 ? range.last : range.first - 1;
      x_.push_back(x);
      tuning_.push_back(set == 0 ? GourdonTuning{} : gourdon_second_tuning(x));
    }
  }
  std::uint64_t first = 0;
  for (std::uint64_t t = 0; t < x_.size(); ++t) {
    first_.push_back(first);
    pieces_.push_back(pieces_of(t, x_[t], tuning_[t]));
    first += pieces_.back().size();
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
      value_ = {piece.target, 0, plan.base()};
      if (progress != nullptr) progress->advance(1);
      return 0;
    case GourdonLayout::Kind::pi:
      counted = plan.count_pi(piece.lo, piece.hi);
      break;
    case GourdonLayout::Kind::hard:
      counted = plan.count_hard(piece.lo, piece.hi);
      break;
  }
  value_ = encode_gourdon_piece(piece.target, plan, counted);
  if (progress != nullptr) progress->advance(1);
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

// Words: target, kind (1 pi, 2 hard), lo, hi, base, a, first_level, levels, sum, weight, primes,
// then for a hard piece counts[first_level .. levels-1] and weights[first_level .. levels-1].
// A target counted directly: target, 0, pi(x).
ChunkValue encode_gourdon_piece(std::uint64_t target, const Gourdon& plan,
                                const GourdonPiece& piece) {
  ChunkValue w{target,      piece.hard ? 2u : 1u, piece.lo,      piece.hi,  plan.base(),
               plan.a(),    plan.first_level(),   plan.levels(), piece.sum, piece.weight,
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
  if (w.size() == 3 && w[1] == 0) {
    d.target = w[0];
    d.direct = true;
    d.base = w[2];
    return d;
  }
  if (w.size() < 11 || (w[1] != 1 && w[1] != 2)) return std::nullopt;
  d.target = w[0];
  d.piece.hard = w[1] == 2;
  d.piece.lo = w[2];
  d.piece.hi = w[3];
  d.base = w[4];
  d.a = w[5];
  d.first_level = w[6];
  d.levels = w[7];
  d.piece.sum = w[8];
  d.piece.weight = w[9];
  d.piece.primes = w[10];
  if (d.first_level > d.levels || d.levels > (1u << 24)) return std::nullopt;
  const std::uint64_t n = d.levels - d.first_level;
  if (w.size() != 11 + (d.piece.hard ? 2 * n : 0)) return std::nullopt;
  if (d.piece.hard) {
    d.piece.counts.assign(d.levels, 0);
    d.piece.weights.assign(d.levels, 0);
    for (std::uint64_t i = 0; i < n; ++i) {
      d.piece.counts[d.first_level + i] = w[11 + i];
      d.piece.weights[d.first_level + i] = w[11 + n + i];
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

std::optional<std::uint64_t> GourdonJoin::set_count(std::uint64_t set) const {
  const std::uint64_t per_set = layout_.targets_per_set();
  std::uint64_t v[2] = {0, 0};
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

std::optional<std::uint64_t> GourdonJoin::count() const {
  for (std::uint64_t set = 1; set < layout_.sets(); ++set) {
    if (!set_count(set)) return std::nullopt;
  }
  return set_count(0);
}

std::optional<std::string> GourdonJoin::disagreement() const {
  if (layout_.sets() < 2 || !count()) return std::nullopt;
  const std::uint64_t first = *set_count(0);
  const std::uint64_t second = *set_count(1);
  if (first == second) return std::nullopt;
  const Range r = layout_.range();
  auto parameters = [&](std::uint64_t set) {
    const GourdonParameters p =
        gourdon_parameters(r.last, layout_.tuning(set * layout_.targets_per_set()));
    return "y = " + std::to_string(p.y) + ", z = " + std::to_string(p.z);
  };
  return "double check failed: the primes in [" + std::to_string(r.first) + ", " +
         std::to_string(r.last) + "] counted by gourdon are " + std::to_string(first) + " with " +
         parameters(0) + " but " + std::to_string(second) + " with " + parameters(1) +
         " (a fault of this machine or of this program: neither count can be trusted)";
}

}  // namespace primes
