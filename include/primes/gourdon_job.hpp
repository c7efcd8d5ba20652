/// @file gourdon_job.hpp
/// The Gourdon kernel (gourdon.hpp) in the job model: the count of [FIRST, LAST] is
/// pi(LAST) - pi(FIRST - 1), and each of the two is cut into numbered pieces that the chunk
/// sources hand out like any chunks (chunk i of the plan is piece i).
///
///   GourdonLayout  the pieces, from the range alone (the same on every rank, on every CPU and
///                  after a restart): per target, its pi pieces over [0, x / y] (one ends at
///                  sqrt(x)), then its hard pieces over [1, x / z]; a target counted directly
///                  has one piece
///   GourdonKernel  one worker's kernel: counts a piece and gives its value (its words)
///   GourdonJoin    takes the values in any order and joins each target's pieces in order
///
/// A target is one pi(x) under one tuning. --double-check adds a second set of targets, the
/// same x under gourdon_second_tuning(), whose count the join compares with the first's.
/// The workers of one process share the plans (the tables of each target), built once.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "primes/gourdon.hpp"
#include "primes/kernel.hpp"
#include "primes/range.hpp"

namespace primes {

class GourdonLayout {
 public:
  explicit GourdonLayout(Range range, bool double_check = false);

  enum class Kind : std::uint64_t { direct = 0, pi = 1, hard = 2 };
  /// The terms of the sum a piece computes, as the progress line names them: the hard leaves
  /// (hard pieces), the easy leaves (pi pieces below sqrt(x)) and P2 (pi pieces above it); a
  /// target counted directly has none.
  enum class Term : std::uint8_t { none = 0, hard_leaves = 1, easy_leaves = 2, p2 = 3 };
  static constexpr std::size_t kTerms = 4;
  struct Piece {
    /// Of each set (sets() of them, targets_per_set() each): pi(LAST), then pi(FIRST - 1).
    std::uint64_t target = 0;
    Kind kind = Kind::direct;
    std::uint64_t lo = 0;  ///< the piece is [lo, hi) of that target's pi or hard interval
    std::uint64_t hi = 0;
    Term term = Term::none;  ///< the term of the sum it computes
    /// An estimate of its cost, in the time P2's sieve takes per number (at least 1): what
    /// the progress line counts, so that its share and time left follow the work, not the
    /// pieces (their costs differ by a factor of 1000; see WorkModel in gourdon_job.cpp).
    std::uint64_t work = 1;
  };

  Range range() const noexcept { return range_; }
  /// 2 under --double-check, else 1.
  std::uint64_t sets() const noexcept { return sets_; }
  /// 1, or 2 when FIRST > 1.
  std::uint64_t targets_per_set() const noexcept { return x_.size() / sets_; }
  std::uint64_t targets() const noexcept { return x_.size(); }
  u128 x(std::uint64_t target) const { return x_.at(target); }
  GourdonTuning tuning(std::uint64_t target) const { return tuning_.at(target); }
  /// Pieces of every target together: the chunks of the job's plan.
  std::uint64_t chunks() const noexcept { return first_.back() + pieces_.back().size(); }
  Piece piece(std::uint64_t index) const;
  /// Every piece's work together.
  u128 total_work() const noexcept { return total_work_; }
  /// The work of the pieces of one term, of every target together.
  u128 term_work(Term term) const noexcept { return term_work_[static_cast<std::size_t>(term)]; }

 private:
  Range range_;
  std::uint64_t sets_ = 1;
  std::vector<u128> x_;
  std::vector<GourdonTuning> tuning_;
  std::vector<std::uint64_t> first_;
  std::vector<std::vector<Piece>> pieces_;
  u128 total_work_ = 0;
  std::array<u128, kTerms> term_work_{};
};

/// The plans of a job's targets, built once (on first use) and shared by the kernels of one
/// process.
class GourdonPlans;

class GourdonKernel final : public Kernel {
 public:
  explicit GourdonKernel(std::shared_ptr<GourdonPlans> plans);
  KernelKind kind() const noexcept override { return KernelKind::gourdon; }
  /// Counts piece `chunk.first` (a chunk of the plan is one index); returns 0 and leaves the
  /// piece's value for chunk_value(). Throws std::invalid_argument for anything else, and for
  /// `found` (this kernel does not list primes).
  std::uint64_t count(Range chunk, ProgressSink* progress = nullptr,
                      PrimeSink* found = nullptr) override;
  ChunkValue chunk_value(std::uint64_t /*counted*/) override { return std::move(value_); }

 private:
  std::shared_ptr<GourdonPlans> plans_;
  ChunkValue value_;
};

/// A kernel for `range` whose plans are shared with the other kernels made for the same range
/// while they live (the workers of one process).
std::unique_ptr<Kernel> make_gourdon_kernel(Range range, bool double_check = false);

class GourdonJoin final : public Join {
 public:
  explicit GourdonJoin(Range range, bool double_check = false);
  void add(std::uint64_t index, const ChunkValue& value) override;
  /// The first set's count, once every piece is joined.
  std::optional<u128> count() const override;
  /// Under --double-check, once every piece is joined: a line with both counts and their
  /// parameters when the two sets disagree.
  std::optional<std::string> disagreement() const override;
  std::uint64_t primes_in(const ChunkValue& /*value*/) const override { return 0; }
  u128 work_of(std::uint64_t index, Range /*chunk*/) const override {
    return layout_.piece(index).work;
  }
  u128 total_work(const ChunkPlan& /*plan*/) const override { return layout_.total_work(); }
  std::string work_unit() const override { return ""; }
  /// Hard leaves, easy leaves and P2 (of every target together), those with pieces.
  std::vector<WorkTerm> work_by_term() const override;

 private:
  struct Target {
    std::optional<GourdonSum> sum;  // from the first value (it carries the plan's sizes)
    u128 value = 0;                 // a target counted directly
    bool direct = false;
    std::map<std::uint64_t, GourdonPiece> waiting[2];  // by lo: pi pieces, hard pieces
  };
  void drain(Target& t);
  std::optional<u128> set_count(std::uint64_t set) const;
  GourdonLayout layout_;
  std::vector<Target> targets_;
  std::vector<bool> seen_;
  std::array<u128, GourdonLayout::kTerms> term_done_{};
};

/// A piece's value (the plan's sizes travel with it, so that the join needs no plan); decoded
/// back, or nothing when the words do not parse.
ChunkValue encode_gourdon_piece(std::uint64_t target, const Gourdon& plan,
                                const GourdonPiece& piece);
struct DecodedGourdonPiece {
  std::uint64_t target = 0;
  bool direct = false;
  u128 base = 0;
  std::uint64_t a = 0;
  std::uint64_t first_level = 0;
  std::uint64_t levels = 0;
  GourdonPiece piece;
};
std::optional<DecodedGourdonPiece> decode_gourdon_piece(const ChunkValue& words);

}  // namespace primes
