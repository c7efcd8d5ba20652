/// @file pi_job.cpp
/// The combinatorial kernel in the job model (see pi_job.hpp).
#include "primes/pi_job.hpp"

#include <algorithm>
#include <stdexcept>

namespace primes {
namespace {

// Pieces of one target: the first ones narrow (the leaves crowd near 1, where a piece is costly
// for its width), each about half as wide as its start, up to a width that cuts the rest of the
// sieve into kEvenPieces; all whole segments but the last.
constexpr std::uint64_t kEvenPieces = 64;

std::vector<std::uint64_t> piece_bounds(std::uint64_t x) {
  const PiParameters p = pi_parameters(x);
  std::vector<std::uint64_t> bounds;
  if (p.z == 0) return {1};
  const std::uint64_t seg = p.segment_bits;
  const std::uint64_t widest = std::max(seg, ceil_div(ceil_div(p.z, kEvenPieces), seg) * seg);
  for (std::uint64_t lo = 1; lo <= p.z;) {
    bounds.push_back(lo);
    const std::uint64_t width = std::clamp(lo / 2 / seg * seg, seg, widest);
    lo = p.z - lo + 1 > width ? lo + width : p.z + 1;
  }
  bounds.push_back(p.z + 1);
  return bounds;
}

}  // namespace

PiLayout::PiLayout(Range range) : range_(range) {
  x_.push_back(range.last);
  if (range.first > 1) x_.push_back(range.first - 1);
  std::uint64_t first = 0;
  for (const std::uint64_t x : x_) {
    first_.push_back(first);
    bounds_.push_back(piece_bounds(x));
    first += bounds_.back().size() - 1;
  }
}

std::uint64_t PiLayout::pieces() const noexcept {
  return first_.back() + bounds_.back().size() - 1;
}

PiLayout::Piece PiLayout::piece(std::uint64_t index) const {
  for (std::uint64_t t = 0; t < x_.size(); ++t) {
    const std::uint64_t at = index - first_[t];
    if (index >= first_[t] && at < pieces_of(t)) return {t, bounds_[t][at], bounds_[t][at + 1]};
  }
  throw std::out_of_range("no pi piece " + std::to_string(index));
}

// Words: target, lo, hi, base, levels, sum, p2_primes, n, counts[0 .. n-1] (later levels repeat
// the last), m, weights[0 .. m-1] (later levels are 0).
std::vector<std::uint64_t> encode_part(std::uint64_t target, const PrimePi& plan,
                                       const PiPiece& piece) {
  std::size_t n = piece.counts.size();
  while (n > 1 && piece.counts[n - 2] == piece.counts[n - 1])
    --n;
  std::size_t m = piece.weights.size();
  while (m > 0 && piece.weights[m - 1] == 0)
    --m;
  std::vector<std::uint64_t> w{target,        piece.lo,  piece.hi,        plan.base(),
                               plan.levels(), piece.sum, piece.p2_primes, n};
  w.reserve(w.size() + n + 1 + m);
  w.insert(w.end(), piece.counts.begin(), piece.counts.begin() + static_cast<std::ptrdiff_t>(n));
  w.push_back(m);
  w.insert(w.end(), piece.weights.begin(), piece.weights.begin() + static_cast<std::ptrdiff_t>(m));
  return w;
}

std::optional<DecodedPart> decode_part(const std::vector<std::uint64_t>& w) {
  if (w.size() < 9) return std::nullopt;
  DecodedPart d;
  d.target = w[0];
  d.piece.lo = w[1];
  d.piece.hi = w[2];
  d.base = w[3];
  d.levels = w[4];
  d.piece.sum = w[5];
  d.piece.p2_primes = w[6];
  const std::uint64_t n = w[7];
  if (d.levels > (std::uint64_t{1} << 32) || n == 0 || n > d.levels + 1 || w.size() < 9 + n) {
    return std::nullopt;
  }
  const std::uint64_t m = w[8 + n];
  if (m > d.levels + 1 || w.size() != 9 + n + m) return std::nullopt;
  d.piece.counts.assign(w.begin() + 8, w.begin() + 8 + static_cast<std::ptrdiff_t>(n));
  d.piece.counts.resize(d.levels + 1, d.piece.counts.back());
  d.piece.weights.assign(w.begin() + 9 + static_cast<std::ptrdiff_t>(n), w.end());
  d.piece.weights.resize(d.levels + 1, 0);
  return d;
}

PiKernel::PiKernel(std::shared_ptr<const PiLayout> layout)
    : layout_(std::move(layout)), plans_(layout_->targets()) {}

std::uint64_t PiKernel::count(Range chunk, ProgressSink* progress, PrimeSink* found) {
  check_range(chunk);
  if (found != nullptr) {
    throw std::invalid_argument("the lmo kernel counts primes without listing them (no --print)");
  }
  if (chunk.first != chunk.last) throw std::invalid_argument("a pi chunk is one piece");
  if (layout_->pieces() == 0) {  // LAST < 9: the join knows the answer
    part_.clear();
    if (progress != nullptr) progress->advance(1);
    return 0;
  }
  const PiLayout::Piece piece = layout_->piece(chunk.first);
  std::unique_ptr<PrimePi>& plan = plans_[piece.target];
  if (!plan) {
    if (progress != nullptr) progress->advance(0);
    plan = std::make_unique<PrimePi>(layout_->x(piece.target));
  }
  part_ = encode_part(piece.target, *plan, plan->count_piece(piece.lo, piece.hi));
  if (progress != nullptr) progress->advance(1);
  return 0;
}

PiJoin::PiJoin(std::shared_ptr<const PiLayout> layout)
    : layout_(std::move(layout)), targets_(layout_->targets()) {
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    Target& target = targets_[t];
    target.next = layout_->first_piece(t);
    target.end = target.next + layout_->pieces_of(t);
    if (layout_->pieces_of(t) == 0) {
      const PrimePi direct(layout_->x(t));
      target.sum.emplace(direct);
    }
  }
}

void PiJoin::add(std::uint64_t index, const ChunkValue& part) {
  if (layout_->pieces() == 0 && index == 0 && part.empty()) return;  // LAST < 9: nothing to join
  const std::optional<DecodedPart> d = decode_part(part);
  const PiLayout::Piece piece = layout_->piece(index);
  if (!d || d->target != piece.target || d->piece.lo != piece.lo || d->piece.hi != piece.hi) {
    throw std::runtime_error("the part of pi piece " + std::to_string(index) +
                             " does not match the plan");
  }
  if (waiting_.contains(index) || index < targets_[piece.target].next) {
    throw std::runtime_error("pi piece " + std::to_string(index) + " came twice");
  }
  waiting_.emplace(index, part);
  drain(piece.target);
}

void PiJoin::drain(std::size_t t) {
  Target& target = targets_[t];
  for (auto it = waiting_.find(target.next); it != waiting_.end();
       it = waiting_.find(target.next)) {
    const std::optional<DecodedPart> d = decode_part(it->second);
    waiting_.erase(it);
    if (!target.sum) {
      const PiParameters p = pi_parameters(layout_->x(t));
      target.sum.emplace(p.z, d->base, d->levels);
    }
    target.sum->add(d->piece);
    ++target.next;
  }
}

bool PiJoin::complete() const noexcept {
  return std::all_of(targets_.begin(), targets_.end(),
                     [](const Target& t) { return t.next == t.end && t.sum && t.sum->complete(); });
}

std::optional<u128> PiJoin::count() const {
  if (!complete()) return std::nullopt;
  std::uint64_t v = targets_[0].sum->value();
  if (targets_.size() > 1) v -= targets_[1].sum->value();
  return v;
}

}  // namespace primes
