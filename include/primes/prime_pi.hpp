/// @file prime_pi.hpp
/// pi(x), the number of primes <= x, without sieving up to x: the combinatorial method of
/// Lagarias, Miller and Odlyzko (1985), with the leaf classes of Deleglise and Rivat (1996).
///
///   pi(x) = phi(x, a) + a - 1 - P2(x, a),   a = pi(y),  y a little above x^(1/3)
///   phi(x, a) = S1 (ordinary leaves, n <= y) + S2 (special leaves)
///
/// S1 and the trivial special leaves are summed when the plan is made (O(y)). Every other
/// special leaf -mu(m) phi(x / (m p_k), k - 1), and every term pi(x / p) of P2, is a count of
/// the numbers left in [1, v] when a sieve of [1, z] (z = x / y) has crossed off the first
/// primes: that sieve is the expensive part, and it is cut into pieces [lo, hi) that can be
/// counted anywhere, in any order. A piece cannot know how many numbers the pieces below it
/// left, so it returns its sum relative to its own start together with, for every sieve level,
/// how many numbers it left and the total weight of its queries; PiSum joins the pieces in
/// order. All sums are taken modulo 2^64: pi(x) < 2^64, so the result is exact even where
/// S1 or a partial sum does not fit in 64 bits.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace primes {

/// What one piece [lo, hi) of the sieve of [1, z] gave (see the file comment).
struct PiPiece {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  /// Sum of weight x count over the piece's queries, each count taken from lo (mod 2^64).
  std::uint64_t sum = 0;
  /// Primes p of P2 (y < p <= sqrt(x)) whose x / p falls in the piece.
  std::uint64_t p2_primes = 0;
  /// Per sieve level l (0 .. a): numbers of [lo, hi) not crossed off by the first l primes.
  std::vector<std::uint64_t> counts;
  /// Per sieve level l: sum of the weights of the piece's queries at that level (mod 2^64).
  std::vector<std::uint64_t> weights;
};

/// Choices of a PrimePi that tests and benchmarks may force; zero means chosen from x.
struct PiTuning {
  std::uint64_t y = 0;             ///< the split point (clamped to the method's bounds)
  std::uint64_t segment_bits = 0;  ///< numbers per sieve segment (rounded up to a power of 2)
};

/// The sizes of one pi(x), chosen from x (and a PiTuning) without building anything.
struct PiParameters {
  std::uint64_t y = 0;             ///< the split point; 0 when x is counted directly (x < 9)
  std::uint64_t z = 0;             ///< the sieve covers [1, z]; 0 when x is counted directly
  std::uint64_t segment_bits = 0;  ///< numbers per segment of the sieve
};
PiParameters pi_parameters(std::uint64_t x, PiTuning tuning = {});

/// Estimated peak bytes of one worker counting pieces of pi(x): its tables and one piece.
std::uint64_t pi_memory_need(std::uint64_t x);

/// The plan of one pi(x): its parameters and the tables every piece reads (read-only once
/// built, so several workers may share it).
class PrimePi {
 public:
  explicit PrimePi(std::uint64_t x, PiTuning tuning = {});
  ~PrimePi();
  PrimePi(PrimePi&&) noexcept;
  PrimePi& operator=(PrimePi&&) noexcept;

  /// y, z (the sieve covers [1, z], pieces partition [1, z + 1); zero for the x small enough
  /// to count directly, which have no pieces) and the numbers per segment of the sieve.
  PiParameters parameters() const noexcept;
  /// a = pi(y): the sieve levels are 0 .. a.
  std::uint64_t levels() const noexcept;

  /// Counts the piece [lo, hi) (1 <= lo < hi <= parameters().z + 1).
  PiPiece count_piece(std::uint64_t lo, std::uint64_t hi) const;

  /// The part of pi(x) the plan computed itself (mod 2^64).
  std::uint64_t base() const noexcept;

  /// Bytes of the tables (what the plan holds while pieces are counted).
  std::uint64_t table_bytes() const noexcept;
  /// Bytes one count_piece() call allocates at most, besides the tables.
  std::uint64_t piece_bytes() const noexcept;

  /// The tables and the code that reads them (internal: src/core/pi/prime_pi_impl.hpp).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// Joins the pieces of one PrimePi in increasing order of lo into pi(x).
class PiSum {
 public:
  explicit PiSum(const PrimePi& plan);
  /// For a plan known by its sieve limit, base() and levels() only.
  PiSum(std::uint64_t limit, std::uint64_t base, std::uint64_t levels);
  /// Precondition: piece.lo == next_lo().
  void add(const PiPiece& piece);
  /// Where the next piece must start.
  std::uint64_t next_lo() const noexcept { return next_lo_; }
  /// True once the pieces cover the whole sieve.
  bool complete() const noexcept { return next_lo_ > limit_; }
  /// pi(x). Precondition: complete().
  std::uint64_t value() const noexcept;

 private:
  std::uint64_t limit_;
  std::uint64_t base_;
  std::uint64_t next_lo_ = 1;
  std::uint64_t sum_ = 0;
  std::uint64_t p2_primes_ = 0;
  std::vector<std::uint64_t> below_;  // per level: numbers the pieces so far left
};

/// pi(x) for every 64-bit x, counted piece after piece in this thread.
std::uint64_t prime_pi(std::uint64_t x);

/// floor(x^(1/3)) for every 64-bit x, with integers only.
std::uint64_t icbrt(std::uint64_t x) noexcept;

}  // namespace primes
