/// @file prime_output.hpp
/// --print: the primes themselves, written one per line in increasing order (or in input order
/// for a list), however the work was shared out.
///
/// A worker turns each chunk's primes into their decimal lines itself (PrimeText), so that this,
/// the costliest part of printing, runs on every worker at once; the text is what travels to
/// the writer, from a thread or from another rank. The writer (OrderedPrimeWriter) holds the
/// chunks that arrive early and writes each as soon as every chunk before it is written; the
/// workers' sources keep within a window past the last chunk written, so that the chunks held
/// stay few.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "primes/kernel.hpp"
#include "primes/range.hpp"

namespace primes {

/// An allocator whose vectors grow without setting the new elements (they are about to be
/// written over): a chunk's text is written once, not zeroed first.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>& /*other*/) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// Bytes about to be written over (text, a message).
using Bytes = std::vector<std::uint8_t, UninitializedAllocator<std::uint8_t>>;
/// Text of primes, one decimal line each.
using PrimeLines = Bytes;

/// A chunk's primes as decimal lines ("2\n3\n5\n..."). A number is held as its digits above
/// the last eight, kept as text, and the last eight as an integer: the next prime of an
/// increasing run adds its difference to that integer, and the eight digits are made at once,
/// in a register, with a few multiplications (the digits above change once in 10^8 numbers).
class PrimeText final : public PrimeSink {
 public:
  /// Room for the text of every prime in `range` (a bound, up to 64 MiB: beyond it the text
  /// grows as it comes), so that it is not moved as it grows. Untouched room costs no memory.
  void expect(Range range);
  void primes(std::span<const std::uint64_t> found) override;
  void add(std::uint64_t n);
  /// The text so far (moved out: it starts again empty).
  PrimeLines take();

 private:
  /// The last number written, in the form the next line is made from. A value kept in locals
  /// while a batch is written: stores of text could otherwise alias it.
  struct Digits {
    std::uint64_t previous = 0;
    std::uint64_t high = 0;        // the number divided by 10^8 (at most 12 digits)
    std::uint64_t high_text[2]{};  // its digits, first in memory first
    std::uint32_t low = 0;         // the number modulo 10^8
    unsigned high_len = 0;         // digits of high, 0 when it is 0
    bool any = false;
    void set_high(std::uint64_t h);
  };
  static std::uint8_t* write_line(Digits& d, std::uint64_t n, std::uint8_t* out);
  void reserve_lines(std::size_t lines);

  PrimeLines text_;
  std::size_t used_ = 0;
  Digits digits_;
};

/// The eight decimal digits of x < 10^8, most significant first in memory (ASCII, leading zeros
/// kept), from a few multiplications on the digits side by side in one 64-bit word.
std::uint64_t eight_digits(std::uint32_t x) noexcept;

/// Writes chunks of text in the order of their indices 0, 1, 2 ... to a file descriptor.
class OrderedPrimeWriter {
 public:
  /// `what` names the destination in messages ("standard output"). A pipe is widened to 1 MiB
  /// where the system allows, so that the reader and the writer take turns less often.
  OrderedPrimeWriter(int fd, std::string what);
  OrderedPrimeWriter(const OrderedPrimeWriter&) = delete;
  OrderedPrimeWriter& operator=(const OrderedPrimeWriter&) = delete;
  ~OrderedPrimeWriter();

  /// Chunk `index`'s text: written now if every chunk before it is, held until then otherwise.
  /// Throws std::runtime_error when the destination refuses.
  void add(std::uint64_t index, PrimeLines text);
  /// Every chunk below this index is written.
  std::uint64_t next_index() const noexcept { return next_; }
  /// Chunks held, waiting for an earlier one.
  std::size_t held() const noexcept { return held_.size(); }

 private:
  void write_out(std::span<const std::uint8_t> text);

  int fd_;
  std::string what_;
  std::uint64_t next_ = 0;
  std::map<std::uint64_t, PrimeLines> held_;
};

}  // namespace primes
