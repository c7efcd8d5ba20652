/// @file sieve_kernel.cpp
/// Counting with the segmented sieve: drives a SegmentSieve over the range, feeds it sieving
/// primes from a SievingPrimes generator, and counts the bits left in each segment.
#include "primes/sieve_kernel.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "primes/pmath.hpp"
#include "primes/prime_output.hpp"
#include "sieve/bits.hpp"
#include "sieve/erat_big.hpp"
#include "sieve/segment_sieve.hpp"
#include "sieve/sieving_primes.hpp"
#include "sieve/wheel.hpp"

namespace primes {
namespace {

// The primes of a segment, written over at once (never zeroed first).
using PrimeNumbers = std::vector<std::uint64_t, UninitializedAllocator<std::uint64_t>>;

using sieve::count_bits;
using sieve::kNumbersPerByte;
using sieve::kResidues;

// Bits of byte `byte` whose numbers lie in `range` (the last byte's numbers may pass 2^64-1).
std::uint8_t mask_within(std::uint64_t byte, Range range) {
  std::uint8_t mask = 0;
  for (unsigned j = 0; j < 8; ++j) {
    const u128 n = u128{byte} * kNumbersPerByte + kResidues[j];
    if (n >= range.first && n <= range.last) mask |= static_cast<std::uint8_t>(1u << j);
  }
  return mask;
}

// Appends the `set` numbers whose bits are set in bytes[0, len) (byte 0 is `first_byte`),
// ascending: the whole words, then the last few bytes as a word of their own.
void extract_primes(const std::uint8_t* bytes, std::size_t len, std::uint64_t first_byte,
                    std::uint64_t set, PrimeNumbers& out) {
  const std::size_t at = out.size();
  out.resize(at + set + sieve::kListSlack);
  std::uint64_t* dst = out.data() + at;
  const std::size_t words = len / 8;
  std::size_t listed = sieve::list_numbers(bytes, words, first_byte, dst);
  if (len % 8 != 0) {
    std::array<std::uint8_t, 8> tail{};
    std::memcpy(tail.data(), bytes + 8 * words, len % 8);
    listed += sieve::list_numbers(tail.data(), 1, first_byte + 8 * words, dst + listed);
  }
  out.resize(at + listed);
}

std::size_t cache_size(int name, std::size_t fallback) {
  const long size = ::sysconf(name);
  return size > 0 ? static_cast<std::size_t>(size) : fallback;
}

}  // namespace

SieveConfig SieveConfig::for_this_cpu() {
  const std::size_t l1 = cache_size(_SC_LEVEL1_DCACHE_SIZE, 32 * 1024);
  const std::size_t l2 = cache_size(_SC_LEVEL2_CACHE_SIZE, 1024 * 1024);
  SieveConfig config{};
  // The whole L1d (a multiple of 64): a block past the L1 is much slower, a smaller one pays
  // the per-block costs more often.
  config.block_bytes = std::clamp<std::size_t>(l1 / 64 * 64, 16 * 1024, 128 * 1024);
  // The segment: half the L2, the other half staying for the bucket lists and the pre-sieve
  // patterns.
  config.segment_bytes = std::clamp<std::size_t>(
      std::bit_floor(l2) / 2, std::bit_ceil(config.block_bytes), 4 * 1024 * 1024);
  return config;
}

namespace {

// The prime number theorem's estimates, for memory sizes only (never for counts).
double primes_up_to(double x) {
  return x < 17 ? 7 : x / (std::log(x) - 1.1);
}
// Sum of 1/p over primes a < p <= b (Mertens): log log b - log log a.
double reciprocal_sum(double a, double b) {
  return b <= a ? 0 : std::log(std::log(b)) - std::log(std::log(std::max(a, 3.0)));
}

}  // namespace

std::uint64_t sieve_memory_need(Range chunk, SieveConfig config) {
  const double segment = static_cast<double>(config.segment_bytes);
  const double root = static_cast<double>(isqrt(chunk.last));
  // Primes below kMediumSegments segments cross off every segment from lists (8 bytes each; a
  // vector may hold twice its size); the generator of sieving primes keeps a batch of primes
  // (SievingPrimes::kBatchBytes) besides its segment.
  const double medium_limit = static_cast<double>(sieve::kMediumSegments) * segment;
  double bytes = 2 * segment + 16 * primes_up_to(std::min(root, medium_limit)) +
                 static_cast<double>(sieve::SievingPrimes::kBatchBytes);
  if (root > medium_limit) {
    // A big prime p waits in a bucket while it has a multiple ahead in the chunk: always when
    // p <= c*L (c = 48/210, the density of the multiples the modulo-210 wheel crosses off), else
    // with probability c*L/p.
    const double reach = static_cast<double>(chunk.size()) * 48 / 210;
    const double sure = std::clamp(reach, medium_limit, root);
    const double entries =
        primes_up_to(sure) - primes_up_to(medium_limit) + reach * reciprocal_sum(sure, root);
    // Full buckets (8-byte entries after a pointer), plus one part-filled bucket per list of the
    // ring (a list per piece of a segment the bucket sieve works on) and 1 MiB slabs.
    const double piece =
        segment / static_cast<double>(sieve::big_pieces(config.segment_bytes, config.block_bytes));
    const double ring = std::min(static_cast<double>(chunk.size()) / kNumbersPerByte / piece,
                                 7 * root / kNumbersPerByte / piece) +
                        2;
    const double bucket = static_cast<double>(sieve::EratBig::kBucketBytes);
    bytes += entries * 8 * bucket / (bucket - 8) + ring * bucket + (1 << 20);
  }
  return static_cast<std::uint64_t>(bytes * 1.05);  // 5% for what the formula misses
}

struct SieveKernel::Impl {
  // The generator of sieving primes sieves [0, sqrt(last)] with primes below 2^16 only; it keeps
  // segments of at least 64 KiB even when the main sieve is configured smaller (as in tests).
  explicit Impl(SieveConfig config)
      : geometry{config.segment_bytes, config.block_bytes},
        sieve(geometry),
        sieving({std::max<std::size_t>(config.segment_bytes, 1 << 16),
                 std::max<std::size_t>(config.block_bytes, 1 << 14)}) {}
  sieve::Geometry geometry;
  sieve::SegmentSieve sieve;
  sieve::SievingPrimes sieving;
  PrimeNumbers found;  // a segment's primes, for --print

  // Sieves range segment by segment, the numbers outside it cleared from the first and last
  // bytes, and hands each finished segment to on_segment; heartbeat runs while sieving primes
  // are being generated (a long wait at the start of a high range).
  template <class OnSegment, class Heartbeat>
  void walk(Range range, OnSegment on_segment, Heartbeat heartbeat) {
    const std::uint64_t first_byte = range.first / kNumbersPerByte;
    const std::uint64_t last_byte = range.last / kNumbersPerByte;
    const std::uint8_t first_mask = mask_within(first_byte, range);
    const std::uint8_t last_mask = mask_within(last_byte, range);
    const std::uint64_t max_prime = isqrt(range.last);
    sieve.reset(first_byte, last_byte, max_prime);
    sieving.reset(max_prime);
    while (!sieve.done()) {
      sieve::feed_sieving_primes(sieve, sieving, heartbeat);
      const sieve::SegmentSieve::Segment seg = sieve.sieve_next();
      if (seg.first_byte == first_byte) seg.bytes[0] &= first_mask;
      if (seg.first_byte + seg.len - 1 == last_byte) seg.bytes[seg.len - 1] &= last_mask;
      on_segment(seg);
    }
  }
};

SieveKernel::SieveKernel(SieveConfig config) {
  // Bucket entries keep a position within a segment in 26 bits.
  if (!std::has_single_bit(config.segment_bytes) || config.segment_bytes > (std::size_t{1} << 25) ||
      config.block_bytes == 0 || config.block_bytes % 64 != 0 ||
      config.block_bytes > config.segment_bytes) {
    throw std::invalid_argument(
        "sieve segments must be a power of two up to 32 MiB, and blocks a "
        "non-zero multiple of 64 bytes no larger than a segment");
  }
  impl_ = std::make_unique<Impl>(config);
}
SieveKernel::~SieveKernel() = default;

std::uint64_t SieveKernel::count(Range range, ProgressSink* progress, PrimeSink* found) {
  check_range(range);
  std::uint64_t primes = 0;
  PrimeNumbers& buffer = impl_->found;
  buffer.clear();
  for (std::uint64_t p : std::array<std::uint64_t, 3>{2, 3, 5}) {
    if (!range.contains(p)) continue;
    ++primes;
    if (found != nullptr) buffer.push_back(p);
  }

  auto heartbeat = [progress] {
    if (progress != nullptr) progress->advance(0);
  };
  auto on_segment = [&](const sieve::SegmentSieve::Segment& seg) {
    const std::uint64_t in_segment = count_bits(seg.bytes, seg.len);
    primes += in_segment;
    if (found != nullptr) {
      extract_primes(seg.bytes, seg.len, seg.first_byte, in_segment, buffer);
      found->primes(buffer);
      buffer.clear();
    }
    if (progress != nullptr) {
      const std::uint64_t lo = std::max(range.first, seg.first_byte * kNumbersPerByte);
      const u128 top = u128{seg.first_byte + seg.len - 1} * kNumbersPerByte + 29;
      const std::uint64_t hi = top > range.last ? range.last : static_cast<std::uint64_t>(top);
      progress->advance(hi - lo + 1);
    }
  };
  impl_->walk(range, on_segment, heartbeat);
  if (found != nullptr && !buffer.empty()) found->primes(buffer);  // 2, 3, 5 of a short range
  return primes;
}

void SieveKernel::sieve(Range range, SegmentSink& sink) {
  check_range(range);
  impl_->walk(
      range,
      [&sink](const sieve::SegmentSieve::Segment& seg) {
        sink.segment(seg.bytes, seg.first_byte, seg.len);
      },
      [] {});
}

}  // namespace primes
