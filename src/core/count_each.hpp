/// @file count_each.hpp
/// The loop of the kernels that decide each number of a range on its own (trial division,
/// primality tests): the count, the primes handed to a PrimeSink in batches, and progress
/// reported every few thousand numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "primes/kernel.hpp"

namespace primes {

/// Counts the n in `range` for which is_prime(n) holds, in increasing order (so that a caller's
/// predicate may keep state from one n to the next); hands each to `found` when set, and
/// reports progress every `report_every` numbers.
template <class IsPrime>
std::uint64_t count_each(Range range, ProgressSink* progress, PrimeSink* found,
                         std::uint64_t report_every, IsPrime&& is_prime) {
  check_range(range);
  constexpr std::size_t kFlushEvery = 4096;  // primes handed to `found` at once
  std::vector<std::uint64_t> buffer;
  auto flush = [&] {
    if (found != nullptr && !buffer.empty()) found->primes(buffer);
    buffer.clear();
  };
  std::uint64_t primes = 0;
  std::uint64_t pending = 0;
  for (std::uint64_t n = range.first;; ++n) {
    if (is_prime(n)) {
      ++primes;
      if (found != nullptr) {
        buffer.push_back(n);
        if (buffer.size() == kFlushEvery) flush();
      }
    }
    if (++pending == report_every) {
      if (progress != nullptr) progress->advance(pending);
      pending = 0;
    }
    if (n == range.last) break;  // also at 2^64 - 1
  }
  if (progress != nullptr && pending != 0) progress->advance(pending);
  flush();
  return primes;
}

}  // namespace primes
