/// @file erat_big.cpp
/// The bucket sieve (see erat_big.hpp).
#include "erat_big.hpp"

#include <bit>

#include "wheel.hpp"

namespace primes::sieve {

struct EratBig::Bucket {
  static constexpr std::size_t kCapacity = 1022;  // a bucket is 8 KiB
  Bucket* next;
  std::size_t size;
  Entry entries[kCapacity];
};

namespace {
constexpr std::size_t kBucketsPerSlab = 128;  // 1 MiB of buckets per allocation
}

EratBig::EratBig() = default;
EratBig::~EratBig() = default;

void EratBig::reset(std::size_t segment_bytes, std::uint64_t max_prime,
                    std::uint64_t last_segment) {
  // Return every list to the pool.
  for (Bucket*& head : ring_) {
    while (head != nullptr) {
      Bucket* next = head->next;
      head->next = free_;
      free_ = head;
      head = next;
    }
  }
  shift_ = static_cast<std::size_t>(std::countr_zero(segment_bytes));
  last_segment_ = last_segment;
  // A prime's next multiple is at most 7*q + 7 bytes ahead of a position inside the current
  // segment, so that many segments ahead plus the current one must fit in the ring.
  const std::uint64_t max_q = max_prime / kNumbersPerByte;
  std::uint64_t span = ((segment_bytes - 1) + 7 * max_q + 7) / segment_bytes + 1;
  if (span > last_segment + 1) span = last_segment + 1;
  ring_.assign(std::bit_ceil(span), nullptr);
}

EratBig::Bucket* EratBig::new_bucket() {
  if (free_ == nullptr) {
    slabs_.push_back(std::make_unique_for_overwrite<Bucket[]>(kBucketsPerSlab));
    Bucket* slab = slabs_.back().get();
    for (std::size_t i = 0; i < kBucketsPerSlab; ++i) {
      slab[i].next = free_;
      free_ = &slab[i];
    }
  }
  Bucket* b = free_;
  free_ = b->next;
  b->next = nullptr;
  b->size = 0;
  return b;
}

inline void EratBig::push(std::uint64_t segment, Entry e) {
  Bucket*& head = ring_[segment & (ring_.size() - 1)];
  if (head == nullptr || head->size == Bucket::kCapacity) {
    Bucket* b = new_bucket();
    b->next = head;
    head = b;
  }
  head->entries[head->size++] = e;
}

void EratBig::add(std::uint64_t q, unsigned ri, std::uint64_t segment, std::uint64_t offset,
                  unsigned wheel) {
  const std::uint64_t target = segment + (offset >> shift_);
  if (target > last_segment_) return;
  const std::uint64_t in_segment = offset & ((std::uint64_t{1} << shift_) - 1);
  push(target, {static_cast<std::uint32_t>(q << 3 | ri),
                static_cast<std::uint32_t>(in_segment << 3 | wheel)});
}

void EratBig::cross(std::uint8_t* seg, std::uint64_t segment) {
  Bucket*& slot = ring_[segment & (ring_.size() - 1)];
  Bucket* list = slot;
  slot = nullptr;
  const std::uint64_t mask = (std::uint64_t{1} << shift_) - 1;
  while (list != nullptr) {
    for (std::size_t k = 0; k < list->size; ++k) {
      const Entry e = list->entries[k];
      const std::uint64_t q = e.prime >> 3;
      const unsigned ri = e.prime & 7;
      std::uint64_t i = e.position >> 3;
      unsigned t = e.position & 7;
      // A prime below 15 segments may have more multiples in this one (see kMediumSegments).
      do {
        const WheelStep& step = kSteps[ri][t];
        seg[i] &= step.unset;
        i += q * step.gap_q + step.gap_extra;
        t = (t + 1) & 7;
      } while ((i >> shift_) == 0);
      const std::uint64_t target = segment + (i >> shift_);
      if (target <= last_segment_) {
        push(target, {e.prime, static_cast<std::uint32_t>((i & mask) << 3 | t)});
      }
    }
    Bucket* done = list;
    list = list->next;
    done->next = free_;
    free_ = done;
  }
}

}  // namespace primes::sieve
