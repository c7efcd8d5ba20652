/// @file erat_big.hpp
/// Bucket sieve for big sieving primes: those with a few multiples per segment at most.
///
/// Past a few million, most sieving primes miss most segments, and looping over all of them in
/// every segment would cost far more than their few crossings. Instead each prime waits in the
/// bucket list of the one segment where its next multiple falls (Oliveira e Silva's bucket
/// sieve). Sieving a segment empties its list: each prime crosses off its multiple and moves to
/// the list of its next multiple's segment, or is dropped once that lies past the range. Lists
/// live in a ring indexed by segment number; buckets come from a pool that is reused, so the
/// memory is proportional to the primes that still have a multiple ahead, not to the range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace primes::sieve {

class EratBig {
 public:
  /// The largest segment: an entry packs its offset in a segment with a 9-bit step index into
  /// 32 bits.
  static constexpr std::size_t kMaxSegmentBytes = std::size_t{1} << 23;
  /// A bucket's bytes: a pointer to the next one, then 8-byte entries. Every list of the ring
  /// holds one part-filled bucket: 4 KiB rather than 8 saved 6 MiB of the 407 at 1e18+1e10 and
  /// cost no time (AMD EPYC Zen 5).
  static constexpr std::size_t kBucketBytes = 4096;

  EratBig();
  ~EratBig();
  EratBig(const EratBig&) = delete;
  EratBig& operator=(const EratBig&) = delete;

  /// Prepares for segments of segment_bytes (a power of two, at most kMaxSegmentBytes) numbered
  /// 0 .. last_segment and for sieving primes up to max_prime; drops every prime of a previous
  /// range.
  void reset(std::size_t segment_bytes, std::uint64_t max_prime, std::uint64_t last_segment);
  /// Adds prime 30*q + r (class ri) whose next multiple, at position `wheel` (0..47) of the
  /// modulo-210 wheel (wheel210.hpp), lies `offset` bytes after the start of segment `segment`.
  void add(std::uint64_t q, unsigned ri, std::uint64_t segment, std::uint64_t offset,
           unsigned wheel);
  /// Crosses off the multiples that fall in segment `segment` (seg holds its bytes).
  void cross(std::uint8_t* seg, std::uint64_t segment);

 private:
  struct Entry {
    std::uint32_t q;         // the prime is 30 * q + r
    std::uint32_t position;  // offset in its segment * 512 + step index (r's class * 48 + wheel)
  };
  struct Bucket;
  struct FreeSlab {
    void operator()(Bucket* slab) const noexcept;
  };

  /// Appends e to the list whose write cursor is `cursor` (an element of ring_).
  void push(Entry*& cursor, Entry e);
  Bucket* new_bucket();
  static Bucket* bucket_of(const Entry* entry) noexcept;

  std::size_t shift_ = 0;  // log2(segment bytes)
  std::uint64_t last_segment_ = 0;
  // Each segment's list, indexed by segment mod size: where its next entry goes, in its newest
  // bucket (older, full buckets hang from that bucket's `next`), or null for an empty list.
  std::vector<Entry*> ring_;
  Bucket* free_ = nullptr;  // buckets given back, for reuse
  // The newest slab's buckets never used yet, [fresh_, fresh_end_): taken in order, so that a
  // page of a slab is touched only once a bucket on it is needed.
  Bucket* fresh_ = nullptr;
  Bucket* fresh_end_ = nullptr;
  std::vector<std::unique_ptr<Bucket, FreeSlab>> slabs_;
};

}  // namespace primes::sieve
