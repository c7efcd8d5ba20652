/// @file erat_big.cpp
/// The bucket sieve (see erat_big.hpp).
#include "erat_big.hpp"

#include <sys/mman.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include "wheel210.hpp"

namespace primes::sieve {

namespace {
// An entry's position: its offset in its segment * 512 + the index of its step in kBigSteps.
constexpr unsigned kStepBits = 9;
constexpr std::uint32_t kStepMask = (1u << kStepBits) - 1;

// kSteps210 for every residue class and wheel position in one table, indexed by ri * 48 + w,
// each step with the index of the one after it: the loop reads one index from an entry instead
// of unpacking a class and a position, and never tests for the end of a wheel turn.
struct BigStep {
  std::uint8_t unset;
  std::uint8_t gap_q;
  std::uint8_t gap_extra;
  std::uint8_t unused;
  std::uint32_t next;  // index of the next multiple's step
};
constexpr auto kBigSteps = [] {
  std::array<BigStep, 8 * kWheel210Size> steps{};
  for (unsigned ri = 0; ri < 8; ++ri) {
    for (unsigned w = 0; w < kWheel210Size; ++w) {
      const WheelStep& step = kSteps210[ri][w];
      steps[ri * kWheel210Size + w] = {step.unset, step.gap_q, step.gap_extra, 0,
                                       ri * kWheel210Size + (w + 1) % kWheel210Size};
    }
  }
  return steps;
}();
static_assert(kBigSteps.size() <= (1u << kStepBits));
static_assert(((std::uint64_t{EratBig::kMaxSegmentBytes} - 1) << kStepBits | kStepMask) <=
              UINT32_MAX);
constexpr std::size_t kBucketBytes = EratBig::kBucketBytes;
constexpr std::size_t kSlabBytes = 1 << 20;  // 256 buckets per allocation
// Slabs whose pages fault in one by one as buckets are taken; the later ones are populated
// kBucketsPopulated buckets (256 KiB) at a time.
constexpr std::size_t kSlabsFaultedByPage = 2;
constexpr std::size_t kBucketsPopulated = 64;
static_assert((kSlabBytes / kBucketBytes) % kBucketsPopulated == 0);
// Entries read ahead of the one being taken (512 bytes: eight cache lines).
constexpr std::size_t kPrefetchEntries = 64;
}  // namespace

// Aligned to its size, so that a pointer to one of its entries tells both its bucket and, when
// it reaches the next multiple of kBucketBytes, that the bucket is full: pushing costs one store
// and one test of the cursor, never a load of a size.
struct alignas(kBucketBytes) EratBig::Bucket {
  static constexpr std::size_t kCapacity = (kBucketBytes - sizeof(Bucket*)) / sizeof(Entry);
  Bucket* next;
  Entry entries[kCapacity];
};

void EratBig::FreeSlab::operator()(Bucket* slab) const noexcept {
  std::free(slab);
}

EratBig::EratBig() = default;
EratBig::~EratBig() = default;

inline EratBig::Bucket* EratBig::bucket_of(const Entry* entry) noexcept {
  return reinterpret_cast<Bucket*>(reinterpret_cast<std::uintptr_t>(entry) & ~(kBucketBytes - 1));
}

void EratBig::reset(std::size_t segment_bytes, std::uint64_t max_prime,
                    std::uint64_t last_segment) {
  if (!std::has_single_bit(segment_bytes) || segment_bytes > kMaxSegmentBytes)
    throw std::logic_error("EratBig: a segment must be a power of two of at most 8 MiB");
  // Return every list to the pool.
  for (Entry*& cursor : ring_) {
    if (cursor == nullptr) continue;
    for (Bucket* b = bucket_of(cursor); b != nullptr;) {
      Bucket* next = b->next;
      b->next = free_;
      free_ = b;
      b = next;
    }
    cursor = nullptr;
  }
  shift_ = static_cast<std::size_t>(std::countr_zero(segment_bytes));
  last_segment_ = last_segment;
  // A prime's next multiple is at most 10*q + 10 bytes ahead of a position inside the current
  // segment (multipliers coprime to 210 are at most 10 apart), so that many segments ahead plus
  // the current one must fit in the ring.
  const std::uint64_t max_q = max_prime / kNumbersPerByte;
  std::uint64_t span = ((segment_bytes - 1) + 10 * max_q + 10) / segment_bytes + 1;
  if (span > last_segment + 1) span = last_segment + 1;
  ring_.assign(std::bit_ceil(span), nullptr);
}

EratBig::Bucket* EratBig::new_bucket() {
  static_assert(sizeof(Bucket) == kBucketBytes);
  if (free_ != nullptr) {
    Bucket* b = free_;
    free_ = b->next;
    return b;
  }
  if (fresh_ == fresh_end_) {
    void* memory = std::aligned_alloc(kBucketBytes, kSlabBytes);
    if (memory == nullptr) throw std::bad_alloc();
    slabs_.emplace_back(static_cast<Bucket*>(memory));
    fresh_ = slabs_.back().get();
    fresh_end_ = fresh_ + kSlabBytes / kBucketBytes;
  }
#ifdef MADV_POPULATE_WRITE
  // Past the first slabs (a short count never gets there), the pages of the next buckets are
  // faulted in by one call: a fault per 4 KiB page, each a trip into the kernel (and under a
  // hypervisor, out of the guest), took 15% of 1e18+1e9. Where the kernel lacks it (before
  // Linux 5.14) the call fails and the pages fault one by one, as before.
  const auto index = static_cast<std::size_t>(fresh_ - slabs_.back().get());
  if (slabs_.size() > kSlabsFaultedByPage && index % kBucketsPopulated == 0)
    ::madvise(fresh_, kBucketsPopulated * kBucketBytes, MADV_POPULATE_WRITE);
#endif
  return fresh_++;
}

inline void EratBig::push(Entry*& cursor, Entry e) {
  if (cursor == nullptr) {
    Bucket* b = new_bucket();
    b->next = nullptr;
    cursor = b->entries;
  }
  *cursor++ = e;
  if ((reinterpret_cast<std::uintptr_t>(cursor) & (kBucketBytes - 1)) == 0) {  // full
    Bucket* b = new_bucket();
    b->next = bucket_of(cursor - 1);
    cursor = b->entries;
  }
}

void EratBig::add(std::uint64_t q, unsigned ri, std::uint64_t segment, std::uint64_t offset,
                  unsigned wheel) {
  const std::uint64_t target = segment + (offset >> shift_);
  if (target > last_segment_) return;
  const std::uint64_t in_segment = offset & ((std::uint64_t{1} << shift_) - 1);
  push(ring_[target & (ring_.size() - 1)],
       {static_cast<std::uint32_t>(q),
        static_cast<std::uint32_t>(in_segment << kStepBits | (ri * kWheel210Size + wheel))});
}

void EratBig::cross(std::uint8_t* seg, std::uint64_t segment) {
  // The ring, its mask and the range's end in locals: the entries are written through pointers
  // the compiler cannot tell from the members, which it would otherwise load again per entry.
  Entry** const ring = ring_.data();
  const std::uint64_t ring_mask = ring_.size() - 1;
  const std::uint64_t last_segment = last_segment_;
  const unsigned shift = static_cast<unsigned>(shift_);
  const std::uint64_t mask = (std::uint64_t{1} << shift) - 1;
  Entry*& slot = ring[segment & ring_mask];
  // Each entry crosses off one multiple and moves on, to this segment's list again when its
  // next multiple is in this segment too: one more pass takes those (a prime below 15 segments
  // may have several multiples here, see kMediumSegments). No branch per entry but the loop's.
  while (slot != nullptr) {
    Entry* end = slot;
    slot = nullptr;
    // The newest bucket is filled up to `end`; the older ones are full.
    for (Bucket* b = bucket_of(end); b != nullptr;) {
      // The lists are far larger than the caches and each bucket lies elsewhere, where the
      // hardware's stream prefetcher starts again: read the entries ahead, and the next
      // bucket's first lines when a bucket starts. Reads past a bucket's end fall in its
      // neighbour; a prefetch never faults.
      if (b->next != nullptr) {
        for (std::size_t line = 0; line < kPrefetchEntries * sizeof(Entry); line += 64)
          __builtin_prefetch(reinterpret_cast<const char*>(b->next->entries) + line);
      }
      for (const Entry* e = b->entries; e != end; ++e) {
        __builtin_prefetch(e + kPrefetchEntries);
        const std::uint32_t q = e->q;
        const std::uint32_t position = e->position;
        const std::uint64_t i = position >> kStepBits;
        const BigStep& step = kBigSteps[position & kStepMask];
        seg[i] &= step.unset;
        const std::uint64_t next = i + std::uint64_t{q} * step.gap_q + step.gap_extra;
        const std::uint64_t target = segment + (next >> shift);
        if (target <= last_segment) {
          push(ring[target & ring_mask],
               {q, static_cast<std::uint32_t>((next & mask) << kStepBits | step.next)});
        }
      }
      Bucket* done = b;
      b = b->next;
      if (b != nullptr) end = b->entries + Bucket::kCapacity;
      done->next = free_;
      free_ = done;
    }
  }
}

}  // namespace primes::sieve
