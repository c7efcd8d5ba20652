/// @file gourdon.hpp
/// pi(x) by Gourdon's variant of the Deleglise-Rivat method (X. Gourdon, 2001): the
/// combinatorial count, with the leaves sorted by what it takes to evaluate them.
///
/// With y a little above x^(1/3), z >= y, a = pi(y) and k = 6 (the primes 2 .. 13):
///   pi(x) = Phi0 + S + a - 1 - P2(x, a)
///   Phi0  = sum over squarefree n <= z made of primes in (p_k, y]: mu(n) phi(x / n, k)
///   S     = - sum over b in (k, a], squarefree m with lpf(m) > p_b, primes of m <= y and
///           m <= z < p_b m: mu(m) phi(x / (p_b m), b - 1)
///   P2    = sum over primes y < p <= sqrt(x) of pi(x / p) - pi(p) + 1
/// A special leaf phi(u, b - 1), u = x / (p_b m), is
///   - trivial when u < p_b: it is 1 (m is then prime; summed in the plan);
///   - easy when p_b <= u < p_b^2: it is pi(u) - b + 2, with u < sqrt(x);
///   - hard otherwise: it needs the sieve of [1, x / z] by the first b - 1 primes.
/// The plan sums Phi0, the trivial leaves and the closed forms. The rest is cut into pieces
/// that can be counted anywhere, in any order, by any worker holding the plan:
///   - pi pieces cover [0, x / y]: a segmented sieve of primes answers the easy leaves
///     (u <= sqrt(x)) and the terms pi(x / p) of P2 (x / p > sqrt(x));
///   - hard pieces cover [1, x / z]: a segmented sieve with its levels answers the hard leaves.
/// A piece cannot know what the pieces below it hold (pi of its start, the numbers left at each
/// level below it), so it returns its sum relative to its start with the weights that the join
/// multiplies by them; GourdonSum joins the pieces of each kind in order.
///
/// x may pass 2^64 (up to kGourdonMax): then x, x / p and the like are 128-bit, while every
/// number a piece sieves (up to x / y, kept below 2^63), y, z and the primes stay 64-bit.
/// Each piece's counts are 64-bit; its sum and the joined sums are taken modulo 2^128, so pi(x)
/// (below 2^128) is exact even where a partial sum is not. The 128-bit code runs only where x
/// needs it (or a tuning asks for it, for the tests to compare the two).
/// The tables hold the primes up to y in 32 bits and the factor codes of the m up to z in 16
/// while y and z stay below 2^32 (x up to about 10^28); past that (y >= x / 2^63 and y > x^(1/3)
/// pass 2^32), in 64 and 32 bits: the wide tables, twice the memory, which a tuning may also
/// force on small x.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "primes/pmath.hpp"

namespace primes {

/// Choices that tests and benchmarks may force; zero means chosen from x.
struct GourdonTuning {
  double alpha_y = 0;              ///< y = alpha_y x^(1/3)
  double alpha_z = 0;              ///< z = alpha_z y
  std::uint64_t segment_bits = 0;  ///< numbers per segment of the hard pieces' sieve
  bool wide = false;               ///< the 128-bit code even where x fits 64 bits (tests)
  bool wide_tables = false;        ///< the wide tables (and the 128-bit code) on any x (tests)
  std::uint64_t direct_below = 0;  ///< x below it counted with the sieve (0: 10^7; tests)
  std::uint64_t pi_span = 0;       ///< numbers a pi piece sieves at once (0: 2^28; tests)
};

/// The largest x this method takes: the quotients that the pieces take from a double (u below
/// sqrt(x)) must stay below 2^50.
inline constexpr u128 kGourdonMax = u128{1'000'000'000'000'000ull} * 1'000'000'000'000'000ull;

/// The sizes of one pi(x), from x (and a GourdonTuning), without building anything.
struct GourdonParameters {
  u128 x = 0;
  bool wide = false;         ///< counted with the 128-bit code (x >= 2^64, or a tuning forced it)
  bool wide_tables = false;  ///< primes up to y in 64 bits, codes up to z in 32 (see above)
  std::uint64_t y = 0;       ///< 0 when x is small enough to count directly
  std::uint64_t z = 0;       ///< y <= z < sqrt(x)
  std::uint64_t sqrt_x = 0;
  std::uint64_t pi_limit = 0;    ///< x / y: the pi pieces cover [0, pi_limit]
  std::uint64_t hard_limit = 0;  ///< x / z: the hard pieces cover [1, hard_limit]
  std::uint64_t segment_bits = 0;
  std::uint64_t pi_span = 0;  ///< a pi piece is counted in spans of at most this many numbers
};
GourdonParameters gourdon_parameters(u128 x, GourdonTuning tuning = {});

/// The alphas chosen for x when the tuning leaves them zero.
GourdonTuning gourdon_default_tuning(u128 x);
/// Other alphas for a second, independent count of pi(x) (--double-check): a smaller y and a
/// larger z / y, so that the two counts split the leaves differently (which leaves are easy,
/// which hard, which pieces hold them). Equal parameters only where x is so small that y is
/// clamped to its least value (x below about 10^7, counted directly anyway).
GourdonTuning gourdon_second_tuning(u128 x);

/// Estimated peak bytes of one worker counting pieces of pi(x) (the plan and one piece).
std::uint64_t gourdon_memory_need(u128 x, GourdonTuning tuning = {});

/// The same in two parts: the tables, built once per process and shared by its threads, and
/// what each thread counting a piece holds besides.
struct GourdonMemory {
  std::uint64_t tables = 0;
  std::uint64_t per_thread = 0;
};
GourdonMemory gourdon_memory_parts(u128 x, GourdonTuning tuning = {});

/// The width of the pi pieces above sqrt(x) (P2's terms), from the parameters alone: about
/// 1/64 of that interval, 2^20 to 2^24 numbers, wider past 10^20 so that there are at most
/// about 65536 of them (past 2^28 numbers from about 10^22 on, each counted in spans).
std::uint64_t gourdon_p2_piece_width(const GourdonParameters& p);

/// What a piece gave (see the file comment). A pi piece [lo, hi): `sum` relative to pi(lo - 1),
/// `weight` the factor of pi(lo - 1), `primes` the primes in [lo, hi). A hard piece [lo, hi):
/// `sum` relative to the numbers left below lo, and per level l (from the plan's first_level()
/// on) `counts[l]` numbers left in [lo, hi) and `weights[l]` the factor of those left below lo.
struct GourdonPiece {
  bool hard = false;
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  u128 sum = 0;              ///< modulo 2^128
  std::uint64_t weight = 0;  ///< a signed value modulo 2^64 (as every weight here)
  std::uint64_t primes = 0;
  std::vector<std::uint64_t> counts;
  std::vector<std::uint64_t> weights;
};

/// The plan of one pi(x): its parameters, the tables every piece reads (read-only once built,
/// so the workers of a process share it), and the sum of the terms it computes itself.
class Gourdon {
 public:
  explicit Gourdon(u128 x, GourdonTuning tuning = {});
  ~Gourdon();
  Gourdon(Gourdon&&) noexcept;
  Gourdon& operator=(Gourdon&&) noexcept;

  const GourdonParameters& parameters() const noexcept;
  /// Phi0, the trivial leaves and a - 1 (mod 2^128); pi(x) itself when x is counted directly.
  u128 base() const noexcept;
  /// a = pi(y), and the sieve levels of the hard pieces: first_level() (k) .. levels() - 1.
  std::uint64_t a() const noexcept;
  std::uint64_t first_level() const noexcept;
  std::uint64_t levels() const noexcept;

  /// Counts the pi piece [lo, hi) (0 <= lo < hi <= pi_limit + 1), in spans of at most pi_span
  /// numbers (each sieved whole: 1/8 byte per number), joined as GourdonSum joins pieces.
  GourdonPiece count_pi(std::uint64_t lo, std::uint64_t hi) const;
  /// Counts the hard piece [lo, hi) (1 <= lo < hi <= hard_limit + 1).
  GourdonPiece count_hard(std::uint64_t lo, std::uint64_t hi) const;

  /// Bytes of the tables.
  std::uint64_t table_bytes() const noexcept;

  struct Impl;  // src/core/gourdon/gourdon_impl.hpp

 private:
  std::unique_ptr<Impl> impl_;
};

/// Joins the pieces of one Gourdon plan into pi(x): the pi pieces in increasing order of lo,
/// the hard pieces likewise, the two kinds in any interleaving.
class GourdonSum {
 public:
  GourdonSum(const GourdonParameters& parameters, u128 base, std::uint64_t a,
             std::uint64_t first_level, std::uint64_t levels);
  explicit GourdonSum(const Gourdon& plan);
  /// Precondition: piece.lo == next_lo(piece.hard).
  void add(const GourdonPiece& piece);
  std::uint64_t next_lo(bool hard) const noexcept { return hard ? next_hard_ : next_pi_; }
  bool complete() const noexcept;
  /// pi(x). Precondition: complete().
  u128 value() const noexcept;

 private:
  GourdonParameters parameters_;
  std::uint64_t a_;
  std::uint64_t first_level_;
  u128 sum_;
  std::uint64_t next_pi_ = 0;
  std::uint64_t next_hard_ = 1;
  std::uint64_t pi_below_ = 0;        // primes below next_pi_
  std::vector<std::uint64_t> below_;  // per level: numbers left below next_hard_
};

/// pi(x) for every x up to kGourdonMax by this method, counted piece after piece in this thread.
u128 gourdon_pi(u128 x, GourdonTuning tuning = {});

}  // namespace primes
