/// @file prime_output.hpp
/// --print: the primes themselves, written one per line in increasing order (or in input order
/// for a list), however the work was shared out.
///
/// A worker packs each chunk's primes (PrimePacker: each number as the zigzag-coded difference
/// from the one before, in 7-bit groups; a gap between neighbouring primes takes one or two
/// bytes), which is what travels to the writer, from a thread or from another rank. The writer
/// (OrderedPrimeWriter) holds the chunks that arrive early and writes each as soon as every
/// chunk before it is written; the workers' sources keep within a window past the last chunk
/// written, so that the chunks held stay few.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "primes/kernel.hpp"

namespace primes {

/// Collects primes in the packed form, in the order given.
class PrimePacker final : public PrimeSink {
 public:
  void primes(std::span<const std::uint64_t> found) override;
  void add(std::uint64_t n);
  /// The packed bytes so far (moved out: the packer starts again empty).
  std::vector<std::uint8_t> take();

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint64_t previous_ = 0;
};

/// Unpacks what a PrimePacker packed, calling f(n) for each number in order.
template <class F>
void unpack_primes(std::span<const std::uint8_t> bytes, F&& f) {
  std::uint64_t previous = 0;
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::uint64_t zigzag = 0;
    for (unsigned shift = 0;; shift += 7) {
      const std::uint8_t b = bytes[i++];
      zigzag |= std::uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80u) == 0) break;
    }
    previous += (zigzag >> 1) ^ (0 - (zigzag & 1));  // the difference, wrapping modulo 2^64
    f(previous);
  }
}

/// Writes packed chunks, in the order of their indices 0, 1, 2 ..., as decimal lines to a file
/// descriptor, through a buffer of its own.
class OrderedPrimeWriter {
 public:
  /// `what` names the destination in messages ("standard output").
  OrderedPrimeWriter(int fd, std::string what);
  OrderedPrimeWriter(const OrderedPrimeWriter&) = delete;
  OrderedPrimeWriter& operator=(const OrderedPrimeWriter&) = delete;
  ~OrderedPrimeWriter();

  /// Chunk `index`'s primes: written now if every chunk before it is, held until then otherwise.
  void add(std::uint64_t index, std::vector<std::uint8_t> packed);
  /// Every chunk below this index is written (to the buffer, at least).
  std::uint64_t next_index() const noexcept { return next_; }
  /// Chunks held, waiting for an earlier one.
  std::size_t held() const noexcept { return held_.size(); }
  /// Writes the buffer out. Throws std::runtime_error when the destination refuses.
  void flush();

 private:
  void write_chunk(std::span<const std::uint8_t> packed);
  void write_out(const char* data, std::size_t len);

  int fd_;
  std::string what_;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t next_ = 0;
  std::map<std::uint64_t, std::vector<std::uint8_t>> held_;
};

}  // namespace primes
