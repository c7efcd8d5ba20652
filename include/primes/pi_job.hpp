/// @file pi_job.hpp
/// The combinatorial kernel (prime_pi.hpp) inside the job model: the count of [FIRST, LAST] is
/// pi(LAST) - pi(FIRST - 1), and the sieve of each of the two is cut into numbered pieces that
/// the chunk sources hand out like any chunks (chunk i of the plan is piece i).
///
///   PiLayout  the pieces, from the range alone (the same on every rank and after a restart)
///   PiKernel  one worker's kernel: counts a piece and leaves its part (a vector of words)
///   PiJoin    rank 0's side: takes the parts in any order and adds them up in piece order
///
/// A part is the piece's sum relative to its own start and, per sieve level, the numbers it
/// left and the weight of its queries (see prime_pi.hpp): it is the chunk's value
/// (ChunkResult::value), which travels to rank 0 and into the checkpoint like any chunk's, so
/// that a resumed job joins the parts it had.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "primes/kernel.hpp"
#include "primes/prime_pi.hpp"
#include "primes/range.hpp"

namespace primes {

class PiLayout {
 public:
  explicit PiLayout(Range range);

  struct Piece {
    std::uint64_t target = 0;  ///< 0: pi(LAST); 1: pi(FIRST - 1)
    std::uint64_t lo = 0;      ///< the piece is [lo, hi) of that target's sieve
    std::uint64_t hi = 0;
  };

  Range range() const noexcept { return range_; }
  /// 1, or 2 when FIRST > 1 (pi(FIRST - 1) is needed too).
  std::uint64_t targets() const noexcept { return x_.size(); }
  std::uint64_t x(std::uint64_t target) const { return x_.at(target); }
  /// Pieces of every target together (0 when LAST < 9: nothing to sieve).
  std::uint64_t pieces() const noexcept;
  /// Chunks of the job's plan: the pieces, or one empty chunk when there are none.
  std::uint64_t chunks() const noexcept { return std::max<std::uint64_t>(pieces(), 1); }
  /// Pieces before those of `target`, and how many it has.
  std::uint64_t first_piece(std::uint64_t target) const { return first_.at(target); }
  std::uint64_t pieces_of(std::uint64_t target) const { return bounds_.at(target).size() - 1; }
  /// Precondition: index < pieces() and the piece exists (a target whose x < 9 has none).
  Piece piece(std::uint64_t index) const;

 private:
  Range range_;
  std::vector<std::uint64_t> x_;
  std::vector<std::uint64_t> first_;
  std::vector<std::vector<std::uint64_t>> bounds_;  // per target: lo of each piece, then z + 1
};

/// Encodes a piece of `target` as a part; decodes one (nothing when its words do not parse).
std::vector<std::uint64_t> encode_part(std::uint64_t target, const PrimePi& plan,
                                       const PiPiece& piece);
struct DecodedPart {
  std::uint64_t target = 0;
  std::uint64_t base = 0;
  std::uint64_t levels = 0;
  PiPiece piece;
};
std::optional<DecodedPart> decode_part(const std::vector<std::uint64_t>& words);

class PiKernel final : public Kernel {
 public:
  explicit PiKernel(std::shared_ptr<const PiLayout> layout);
  KernelKind kind() const noexcept override { return KernelKind::lmo; }
  /// Counts piece `chunk.first` (a chunk of a pi plan is one index); returns 0 and leaves the
  /// piece's part for chunk_value(). Throws std::invalid_argument for anything else, and for
  /// `found` (this kernel does not enumerate primes).
  std::uint64_t count(Range chunk, ProgressSink* progress = nullptr,
                      PrimeSink* found = nullptr) override;
  /// The part of the piece count() just counted.
  ChunkValue chunk_value(std::uint64_t /*counted*/) override { return std::move(part_); }

 private:
  std::shared_ptr<const PiLayout> layout_;
  std::vector<std::unique_ptr<PrimePi>> plans_;  // per target, built on its first piece
  std::vector<std::uint64_t> part_;
};

class PiJoin final : public Join {
 public:
  explicit PiJoin(std::shared_ptr<const PiLayout> layout);
  /// The part of piece `index` (any order; each once). Throws std::runtime_error for a part
  /// that does not belong to the layout's piece `index`.
  void add(std::uint64_t index, const ChunkValue& part) override;
  bool complete() const noexcept;
  /// pi(LAST) - pi(FIRST - 1), once complete().
  std::optional<u128> count() const override;
  /// A part is not a count of primes: nothing to credit a worker with.
  std::uint64_t primes_in(const ChunkValue& /*part*/) const override { return 0; }
  /// Progress counts pieces (each chunk of the plan is one).
  std::string work_unit() const override { return "pieces"; }
  /// Parts that wait for an earlier piece.
  std::uint64_t waiting() const noexcept { return waiting_.size(); }

 private:
  struct Target {
    std::optional<PiSum> sum;  // made from the first part (it carries base and levels)
    std::uint64_t next = 0;    // the next piece index to join
    std::uint64_t end = 0;     // one past its last piece index
    std::uint64_t direct = 0;  // pi(x) when x < 9 (no pieces)
  };
  void drain(std::size_t t);
  std::shared_ptr<const PiLayout> layout_;
  std::vector<Target> targets_;
  std::map<std::uint64_t, std::vector<std::uint64_t>> waiting_;
};

}  // namespace primes
