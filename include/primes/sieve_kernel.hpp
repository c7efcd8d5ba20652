/// @file sieve_kernel.hpp
/// The fast kernel: a segmented sieve of Eratosthenes on a modulo-30 wheel, exact up to
/// 2^64 - 1, whose memory depends on sqrt(last) and on the cache sizes, never on the length
/// of the range (at most 8 bytes per sieving prime up to sqrt(last), plus the segments).
/// How it works is described in src/core/sieve/ (see src/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "primes/kernel.hpp"

namespace primes {

struct SieveConfig {
  std::size_t segment_bytes;  ///< sieve array per segment (power of two; 30 numbers per byte)
  std::size_t block_bytes;    ///< L1-sized block in which small primes cross off

  /// Sizes derived from this CPU's L1 data and L2 caches (with safe defaults).
  static SieveConfig for_this_cpu();
};

/// Receives the sieve's segments as they are finished, in increasing order: one byte per 30
/// numbers, bit j of byte g set when 30 g + kResidues[j] (1, 7, 11, 13, 17, 19, 23, 29) is prime
/// and in the range. The primes 2, 3 and 5 are not in any byte.
class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  virtual void segment(const std::uint8_t* bytes, std::uint64_t first_byte, std::size_t len) = 0;
};

/// Bytes a SieveKernel with `config` holds at most while it counts `chunk`, beyond the process
/// itself: its segments, its lists of small and medium sieving primes, and the buckets of big
/// ones (8 bytes for each prime up to sqrt(chunk.last) with a multiple in the chunk, which near
/// 2^64 is up to 1.6 GiB). An estimate from the prime number theorem, rounded up; it grows with
/// the chunk's length and height (see README, "Memory").
std::uint64_t sieve_memory_need(Range chunk, SieveConfig config = SieveConfig::for_this_cpu());

class SieveKernel final : public Kernel {
 public:
  explicit SieveKernel(SieveConfig config = SieveConfig::for_this_cpu());
  ~SieveKernel() override;
  SieveKernel(const SieveKernel&) = delete;
  SieveKernel& operator=(const SieveKernel&) = delete;

  KernelKind kind() const noexcept override { return KernelKind::sieve; }
  std::uint64_t count(Range range, ProgressSink* progress = nullptr,
                      PrimeSink* found = nullptr) override;
  /// Sieves `range` and hands each finished segment to `sink` (for callers that want more than
  /// a count or the list, without extracting every prime).
  void sieve(Range range, SegmentSink& sink);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace primes
