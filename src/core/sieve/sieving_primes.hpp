/// @file sieving_primes.hpp
/// Generates, in increasing order, the sieving primes in (PreSieve::kMaxPrime, limit] for any
/// limit < 2^32, with memory that does not grow with the limit.
///
/// It is itself a SegmentSieve over [0, limit], fed by the primes below 2^16 (found once with a
/// plain sieve), and hands out the primes of one segment at a time. A count near 2^64 needs the
/// 203 million primes below 2^32; streaming them means they are never all stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "segment_sieve.hpp"

namespace primes::sieve {

class SievingPrimes {
 public:
  explicit SievingPrimes(Geometry geometry);

  /// Restarts the sequence; it will end after the largest prime <= limit (limit < 2^32).
  void reset(std::uint64_t limit);
  /// The rest of the current batch of primes (ascending), read ahead when it is used up; empty
  /// after the last prime.
  std::span<const std::uint32_t> batch() {
    if (pos_ == size_) fill();
    return {batch_.get() + pos_, size_ - pos_};
  }
  /// Takes the first n primes of batch().
  void consume(std::size_t n) { pos_ += n; }

  /// The primes in (PreSieve::kMaxPrime, 2^16), which sieve the generator itself.
  static std::span<const std::uint32_t> tiny_primes();

  /// Words of a segment turned into primes at a time: a batch of at most 64 primes a word
  /// (32 KiB) stays in L1 while the caller takes its primes, whatever the segment's size.
  static constexpr std::size_t kBatchWords = 128;
  static constexpr std::size_t kBatchBytes = kBatchWords * 64 * sizeof(std::uint32_t);

 private:
  /// Walks a sorted list of primes for feed_sieving_primes.
  struct ListSource {
    std::span<const std::uint32_t> primes;
    std::size_t pos;
    std::span<const std::uint32_t> batch() const { return primes.subspan(pos); }
    void consume(std::size_t n) { pos += n; }
  };

  void fill();

  SegmentSieve sieve_;
  ListSource tiny_;
  std::uint64_t limit_ = 0;
  SegmentSieve::Segment seg_{nullptr, 0, 0};  // the segment being read, from word next_word_
  std::size_t words_ = 0;
  std::size_t next_word_ = 0;
  std::unique_ptr<std::uint32_t[]> batch_;  // the primes of a few words, batch_[pos_, size_)
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
};

}  // namespace primes::sieve
