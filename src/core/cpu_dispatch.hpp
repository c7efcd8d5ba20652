/// @file cpu_dispatch.hpp
/// Runtime choice of instruction set for the few streaming loops that gain from wider vectors
/// (the pre-sieve's ANDs, the counting's popcount): a portable x86-64 build still uses AVX2 or
/// AVX-512 on the nodes that have them. Each such loop is compiled once per level (with a
/// `target` attribute, never -march) and picked per call from simd_level(), so that tests can
/// force every level this CPU supports, also under the sanitizers (no load-time resolvers).
#pragma once

#include <string_view>

namespace primes {

enum class Simd {
  baseline,  ///< x86-64 as every node has it (SSE2), or any other architecture
  avx2,      ///< AVX2 and POPCNT
  avx512,    ///< AVX-512 F and POPCNT
};

/// Whether this CPU (and this build) can run code of `level`.
bool simd_supported(Simd level) noexcept;

/// The level in use: AVX2 when this CPU has it (AVX-512 did not pay: cpu_dispatch.cpp), unless
/// PRIMES_SIMD (baseline, avx2, avx512) asked for another supported level when the program
/// started, or force_simd() chose one.
Simd simd_level() noexcept;

/// Makes every later call use `level`. Precondition: simd_supported(level). For tests and
/// benchmarks, before counting starts.
void force_simd(Simd level) noexcept;

std::string_view to_string(Simd level) noexcept;

/// Whether gourdon's easy leaves are counted eight at a time with AVX-512 (F, DQ and
/// VPOPCNTDQ: quotients, gathers and popcounts in 512-bit registers): wherever this CPU has
/// them, unless PRIMES_SIMD or force_simd() set a level below avx512. Unlike the sieve's
/// streaming loops, these leaves gained from it (docs/pi-history.md). The sieve counts its
/// segments' bits with VPOPCNTQ under the same condition.
bool wide_counting() noexcept;

/// Whether the sieve tells which big sieving primes have a multiple in a short range eight at a
/// time with AVX-512 (F and DQ: quotients by division of doubles, then 64-bit conversions and
/// products), under the same rule as wide_counting(): wherever this CPU has them, unless
/// PRIMES_SIMD or force_simd() set a level below avx512.
bool wide_division() noexcept;

/// Whether the sieve lists the numbers of a word's set bits 16 at a time with AVX-512 F's
/// compress instruction (sieving primes, printed primes), under the same rule as
/// wide_counting(): wherever this CPU has it, unless PRIMES_SIMD or force_simd() set a level
/// below avx512.
bool wide_listing() noexcept;

}  // namespace primes

// Compiles a function for one level (x86-64 only; elsewhere the baseline is all there is).
#if defined(__x86_64__)
#define PRIMES_TARGET_AVX2 __attribute__((target("avx2,popcnt")))
#define PRIMES_TARGET_AVX512 __attribute__((target("avx512f,popcnt")))
#define PRIMES_HAVE_SIMD_LEVELS 1
#if defined(__GNUC__) && __GNUC__ >= 8 && !defined(__clang__)
#define PRIMES_HAVE_WIDE_COUNTING 1  // the intrinsics of wide_counting() and wide_division()
#else
#define PRIMES_HAVE_WIDE_COUNTING 0
#endif
#else
#define PRIMES_HAVE_WIDE_COUNTING 0
#define PRIMES_HAVE_SIMD_LEVELS 0
#endif
