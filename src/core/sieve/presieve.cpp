/// @file presieve.cpp
/// Builds the pre-sieve patterns and applies them to segments.
#include "presieve.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "cpu_dispatch.hpp"
#include "wheel.hpp"

namespace primes::sieve {
namespace {

// Groups of primes whose pattern periods (their products, in bytes) stay below 256 KiB so that
// each pattern stays cache-resident while it is copied.
const std::vector<std::vector<std::uint64_t>> kGroups = {
    {7, 11, 13, 17}, {19, 23, 29}, {31, 37, 41}, {43, 47, 53}, {59, 61, 67},
    {71, 73},        {79, 83},     {89, 97},     {101, 103},   {107, 109},
    {113, 127},      {131, 137},   {139, 149},   {151, 157},   {163}};

// dst[i] &= src[i]: the streaming kernel of the pre-sieve, cloned for AVX2 where the CPU has it
// so that a portable binary still uses wide vectors.
PRIMES_CPU_DISPATCH("avx2", "default")
void and_bytes(std::uint8_t* __restrict dst, const std::uint8_t* __restrict src, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    dst[i] &= src[i];
}

}  // namespace

const PreSieve& PreSieve::instance() {
  static const PreSieve shared;
  return shared;
}

PreSieve::PreSieve() {
  for (const auto& group : kGroups) {
    std::uint64_t period = 1;
    for (std::uint64_t p : group)
      period *= p;
    Pattern pat;
    pat.bytes.assign(period, 0xFF);
    for (std::uint64_t p : group) {
      for (std::uint64_t n = p; n < period * kNumbersPerByte; n += 2 * p) {
        unsigned bit = kBitOfResidue[n % 30];
        if (bit < 8) pat.bytes[n / 30] &= static_cast<std::uint8_t>(~(1u << bit));
      }
    }
    patterns_.push_back(std::move(pat));
  }
}

void PreSieve::apply(std::uint8_t* seg, std::size_t len, std::uint64_t first_byte) const {
  bool first = true;
  for (const Pattern& pat : patterns_) {
    const std::size_t period = pat.bytes.size();
    std::size_t offset = static_cast<std::size_t>(first_byte % period);
    std::size_t done = 0;
    while (done < len) {
      std::size_t n = std::min(len - done, period - offset);
      if (first) {
        std::memcpy(seg + done, pat.bytes.data() + offset, n);
      } else {
        and_bytes(seg + done, pat.bytes.data() + offset, n);
      }
      done += n;
      offset = 0;
    }
    first = false;
  }
}

void PreSieve::fix_first_bytes(std::uint8_t* seg, std::size_t len, std::uint64_t first_byte) {
  // Exact prime bits of the numbers 30*g + residue for g = 0..5, i.e. below 180, computed once
  // by trial division.
  static const std::array<std::uint8_t, 6> exact = [] {
    std::array<std::uint8_t, 6> bytes{};
    for (unsigned g = 0; g < bytes.size(); ++g) {
      for (unsigned j = 0; j < 8; ++j) {
        unsigned n = 30 * g + kResidues[j];
        bool prime = n >= 2;
        for (unsigned d = 2; d * d <= n && prime; ++d)
          prime = n % d != 0;
        if (prime) bytes[g] = static_cast<std::uint8_t>(bytes[g] | (1u << j));
      }
    }
    return bytes;
  }();
  for (std::uint64_t g = first_byte; g < exact.size() && g - first_byte < len; ++g) {
    seg[g - first_byte] = exact[g];
  }
}

}  // namespace primes::sieve
