/// @file work.cpp
/// The worker loop and the static schedule's source (see work.hpp).
#include "primes/work.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "primes/clock.hpp"
#include "primes/primality.hpp"
#include "primes/prime_output.hpp"

namespace primes {

void run_worker(std::uint64_t worker, std::uint64_t slot, Kernel& kernel, const ChunkPlan& plan,
                ChunkSource& source, ResultSink& sink, ProgressSink* progress, bool print) {
  PrimeText text;
  while (const std::optional<std::uint64_t> index = source.next(slot)) {
    ChunkResult result;
    result.worker = worker;
    result.index = *index;
    result.range = plan.chunk(*index);
    const Clock::time_point start = Clock::now();
    if (print) text.expect(result.range);
    result.value =
        kernel.chunk_value(kernel.count(result.range, progress, print ? &text : nullptr));
    result.busy_seconds = seconds_since(start);
    if (print) result.found = text.take();
    sink.accept(std::move(result));
  }
}

// The results one after the other, each as eight-byte fields (worker, index, first, last, busy
// seconds, the value's length, its words, the text's length) and then its text (--print), with
// no padding.
Bytes encode_results(const std::vector<ChunkResult>& results) {
  std::size_t size = 0;
  for (const ChunkResult& r : results)
    size += 8 * (7 + r.value.size()) + r.found.size();
  Bytes bytes(size);
  std::uint8_t* at = bytes.data();
  auto put = [&at](std::uint64_t word) {
    std::memcpy(at, &word, 8);
    at += 8;
  };
  for (const ChunkResult& r : results) {
    put(r.worker);
    put(r.index);
    put(r.range.first);
    put(r.range.last);
    put(std::bit_cast<std::uint64_t>(r.busy_seconds));
    put(r.value.size());
    for (std::uint64_t w : r.value)
      put(w);
    put(r.found.size());
    if (!r.found.empty()) std::memcpy(at, r.found.data(), r.found.size());
    at += r.found.size();
  }
  return bytes;
}

std::vector<ChunkResult> decode_results(const Bytes& bytes) {
  std::vector<ChunkResult> results;
  std::size_t at = 0;
  auto malformed = [] { return std::runtime_error("malformed chunk results"); };
  auto get = [&]() {
    if (bytes.size() - at < 8) throw malformed();
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + at, 8);
    at += 8;
    return word;
  };
  while (at < bytes.size()) {
    ChunkResult& r = results.emplace_back();
    r.worker = get();
    r.index = get();
    r.range = {get(), get()};
    r.busy_seconds = std::bit_cast<double>(get());
    const std::uint64_t words = get();
    if (words > (bytes.size() - at) / 8) throw malformed();
    r.value.resize(words);
    for (std::uint64_t& w : r.value)
      w = get();
    const std::uint64_t text = get();
    if (text > bytes.size() - at) throw malformed();
    r.found.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                   bytes.begin() + static_cast<std::ptrdiff_t>(at + text));
    at += text;
  }
  return results;
}

ChunkList ChunkList::range(u128 begin, u128 end) {
  ChunkList list;
  list.begin_ = begin;
  list.end_ = std::max(begin, end);
  return list;
}

ChunkList ChunkList::of(std::vector<std::uint64_t> indices) {
  ChunkList list;
  list.end_ = indices.size();
  list.list_ = std::make_shared<const std::vector<std::uint64_t>>(std::move(indices));
  return list;
}

std::uint64_t ChunkList::at(u128 position) const noexcept {
  const u128 p = begin_ + position;
  return list_ ? (*list_)[static_cast<std::size_t>(p)] : static_cast<std::uint64_t>(p);
}

ChunkList ChunkList::slice(u128 begin, u128 end) const {
  ChunkList s = *this;
  s.begin_ = begin_ + std::min(begin, size());
  s.end_ = std::max(s.begin_, begin_ + std::min(end, size()));
  return s;
}

std::vector<std::uint64_t> ChunkList::indices() const {
  std::vector<std::uint64_t> out;
  out.reserve(static_cast<std::size_t>(size()));
  for (u128 p = 0; p < size(); ++p)
    out.push_back(at(p));
  return out;
}

void run_list_worker(std::uint64_t worker, BatchSource& source, ResultSink& sink,
                     ProgressSink* progress, bool print) {
  PrimeText text;
  while (std::optional<Batch> batch = source.next()) {
    if (batch->numbers.empty()) continue;
    ChunkResult result;
    result.worker = worker;
    result.index = batch->index;
    result.range = {batch->first, batch->first + batch->numbers.size() - 1};
    const Clock::time_point start = Clock::now();
    std::uint64_t primes = 0;
    if (print) {
      for (std::uint64_t n : batch->numbers) {
        if (!is_prime(n)) continue;
        ++primes;
        text.add(n);
      }
      result.found = text.take();
    } else {
      primes = count_primes_in(batch->numbers);
    }
    result.value = {primes};
    result.busy_seconds = seconds_since(start);
    if (progress != nullptr) progress->advance(batch->numbers.size());
    sink.accept(std::move(result));
  }
}

StaticShares::StaticShares(ChunkList list, std::uint64_t parts, u128 share)
    : list_(std::move(list)) {
  const u128 n = list_.size();
  cursors_.reserve(parts);
  for (std::uint64_t p = 0; p < parts; ++p) {
    const u128 lo = std::min(n, u128{p} * share);
    cursors_.push_back({lo, std::min(n, lo + share)});
  }
}

std::optional<std::uint64_t> StaticShares::next(std::uint64_t slot) {
  Cursor& c = cursors_[slot];
  if (c.next >= c.end) return std::nullopt;
  return list_.at(c.next++);
}

}  // namespace primes
