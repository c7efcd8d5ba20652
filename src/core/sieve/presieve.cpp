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

// Sixteen groups of primes, with periods of at most 47 KiB: 205 KB of patterns in all, which
// stay cache-resident while they are read, and little memory for a process that counts a short
// range.
constexpr std::size_t kGroupCount = 16;
const std::array<std::vector<std::uint64_t>, kGroupCount> kGroups = {{{7, 11, 13, 17},
                                                                      {19, 23, 29},
                                                                      {31, 37, 41},
                                                                      {43, 47},
                                                                      {53, 59},
                                                                      {61, 67},
                                                                      {71, 73},
                                                                      {79, 83},
                                                                      {89, 97},
                                                                      {101, 103},
                                                                      {107, 109},
                                                                      {113, 127},
                                                                      {131, 137},
                                                                      {139, 149},
                                                                      {151, 157},
                                                                      {163}}};

// The streaming kernel of the pre-sieve: dst = the AND of kGroupCount sources, one pass per
// piece that reads every pattern once and writes the piece once. Compiled once per
// instruction-set level, chosen per call
// (cpu_dispatch.hpp); the bodies are the same loop, vectorised by the compiler.
using Sources = std::array<const std::uint8_t*, kGroupCount>;

[[gnu::always_inline]] inline void and_all_loop(std::uint8_t* dst, const Sources& sources,
                                                std::size_t n) {
  // The destination never overlaps a pattern (ivdep), and the sources stay in registers.
  const Sources s = sources;
#pragma GCC ivdep
  for (std::size_t i = 0; i < n; ++i) {
    std::uint8_t v = s[0][i];
    for (std::size_t k = 1; k < kGroupCount; ++k)
      v = static_cast<std::uint8_t>(v & s[k][i]);
    dst[i] = v;
  }
}

using AndAll = void (*)(std::uint8_t*, const Sources&, std::size_t);

void and_all_baseline(std::uint8_t* dst, const Sources& s, std::size_t n) {
  and_all_loop(dst, s, n);
}
#if PRIMES_HAVE_SIMD_LEVELS
PRIMES_TARGET_AVX2 void and_all_avx2(std::uint8_t* dst, const Sources& s, std::size_t n) {
  and_all_loop(dst, s, n);
}
PRIMES_TARGET_AVX512 void and_all_avx512(std::uint8_t* dst, const Sources& s, std::size_t n) {
  and_all_loop(dst, s, n);
}
#endif

AndAll and_all() noexcept {
#if PRIMES_HAVE_SIMD_LEVELS
  switch (simd_level()) {
    case Simd::avx512:
      return and_all_avx512;
    case Simd::avx2:
      return and_all_avx2;
    case Simd::baseline:
      break;
  }
#endif
  return and_all_baseline;
}

}  // namespace

const PreSieve& PreSieve::instance() {
  static const PreSieve shared;
  return shared;
}

PreSieve::PreSieve() {
  // A pattern is built by doubling, which keeps any period that divides the length copied:
  // one prime's period (p bytes, its 15 odd multiples below 30p cleared) is copied until it
  // spans the whole pattern, and the group's primes are ANDed together. A few streaming passes
  // instead of a division per multiple: the start of every count pays for this.
  std::vector<std::uint8_t> tiled;
  for (const auto& group : kGroups) {
    std::uint64_t period = 1;
    for (std::uint64_t p : group)
      period *= p;
    const std::size_t size = static_cast<std::size_t>(period) + kPiece;
    Pattern pat;
    pat.period = static_cast<std::size_t>(period);
    pat.bytes.assign(size, 0xFF);
    tiled.resize(size);
    for (std::uint64_t p : group) {
      std::fill_n(tiled.begin(), p, std::uint8_t{0xFF});
      for (std::uint64_t n = p; n < 30 * p; n += 2 * p) {
        const unsigned bit = kBitOfResidue[n % 30];
        if (bit < 8) tiled[n / 30] &= static_cast<std::uint8_t>(~(1u << bit));
      }
      for (std::size_t have = p; have < size; have *= 2)
        std::memcpy(tiled.data() + have, tiled.data(), std::min(have, size - have));
      for (std::size_t i = 0; i < size; ++i)
        pat.bytes[i] &= tiled[i];
    }
    patterns_.push_back(std::move(pat));
  }
}

void PreSieve::apply(std::uint8_t* seg, std::size_t len, std::uint64_t first_byte) const {
  // Where the segment starts in each pattern.
  std::array<std::size_t, kGroupCount> offset{};
  for (std::size_t k = 0; k < kGroupCount; ++k)
    offset[k] = static_cast<std::size_t>(first_byte % patterns_[k].period);
  const AndAll kernel = and_all();
  for (std::size_t done = 0; done < len; done += kPiece) {
    const std::size_t n = std::min(kPiece, len - done);
    Sources sources;
    for (std::size_t k = 0; k < kGroupCount; ++k)
      sources[k] = patterns_[k].bytes.data() + offset[k];
    kernel(seg + done, sources, n);
    for (std::size_t k = 0; k < kGroupCount; ++k) {
      offset[k] += n;
      if (offset[k] >= patterns_[k].period) offset[k] %= patterns_[k].period;
    }
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
