/// @file cpu_dispatch.cpp
/// Which instruction set the streaming loops use (see cpu_dispatch.hpp).
#include "cpu_dispatch.hpp"

#include <atomic>
#include <cstdlib>

#if PRIMES_HAVE_SIMD_LEVELS
#include <cpuid.h>
#endif

namespace primes {
namespace {

#if PRIMES_HAVE_SIMD_LEVELS
// What the CPU and the operating system support, read once with the three CPUID and XGETBV
// queries they need. (GCC's __builtin_cpu_supports reads every leaf at start-up; under a
// hypervisor each CPUID is a trip to it, and that was a visible part of a short count.)
struct CpuFeatures {
  bool avx2 = false;
  bool avx512f = false;
  bool avx512_division = false;  // and DQ
  bool avx512_counting = false;  // and DQ and VPOPCNTDQ
};

CpuFeatures read_cpu_features() noexcept {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return f;
  const bool popcnt = (c & bit_POPCNT) != 0;
  const bool osxsave = (c & bit_OSXSAVE) != 0;
  const bool avx = (c & bit_AVX) != 0;
  if (!popcnt || !osxsave || !avx) return f;
  unsigned lo = 0, hi = 0;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  const bool os_ymm = (lo & 0x6u) == 0x6u;    // SSE and AVX state saved by the OS
  const bool os_zmm = (lo & 0xE6u) == 0xE6u;  // and the AVX-512 opmask and upper registers
  if (!os_ymm || __get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return f;
  f.avx2 = (b & bit_AVX2) != 0;
  f.avx512f = os_zmm && (b & bit_AVX512F) != 0;
  f.avx512_division = f.avx512f && (b & bit_AVX512DQ) != 0;
  f.avx512_counting = f.avx512_division && (c & bit_AVX512VPOPCNTDQ) != 0;
  return f;
}

const CpuFeatures& cpu_features() noexcept {
  static const CpuFeatures features = read_cpu_features();
  return features;
}
#endif

// AVX2 where the CPU has it. AVX-512 is used only when asked for: the streaming loops are a
// small part of the time, where it did not pay (docs/performance-history.md), and on some CPUs
// its wide instructions lower the clock of the whole core.
Simd default_level() noexcept {
  return simd_supported(Simd::avx2) ? Simd::avx2 : Simd::baseline;
}

// Whether a level was asked for (PRIMES_SIMD, force_simd) rather than taken by default.
std::atomic<bool>& level_chosen() noexcept {
  static std::atomic<bool> chosen{std::getenv("PRIMES_SIMD") != nullptr};
  return chosen;
}

Simd initial_level() noexcept {
  const Simd widest = default_level();
  const char* asked = std::getenv("PRIMES_SIMD");
  if (asked == nullptr) return widest;
  for (Simd level : {Simd::baseline, Simd::avx2, Simd::avx512}) {
    if (to_string(level) == asked && simd_supported(level)) return level;
  }
  return widest;
}

std::atomic<Simd>& level_in_use() noexcept {
  static std::atomic<Simd> level{initial_level()};
  return level;
}

}  // namespace

bool simd_supported(Simd level) noexcept {
#if PRIMES_HAVE_SIMD_LEVELS
  switch (level) {
    case Simd::baseline:
      return true;
    case Simd::avx2:
      return cpu_features().avx2;
    case Simd::avx512:
      return cpu_features().avx512f;
  }
  return false;
#else
  return level == Simd::baseline;
#endif
}

Simd simd_level() noexcept {
  return level_in_use().load(std::memory_order_relaxed);
}

void force_simd(Simd level) noexcept {
  level_chosen().store(true, std::memory_order_relaxed);
  level_in_use().store(level, std::memory_order_relaxed);
}

namespace {
// The rule of wide_counting(), wide_division() and wide_listing(), for a CPU that has what they
// need: by default wherever it has AVX2 too, and only at avx512 when a level was asked for.
bool wide_paths_in_use() noexcept {
  const Simd level = simd_level();
  return level_chosen().load(std::memory_order_relaxed) ? level == Simd::avx512
                                                        : level != Simd::baseline;
}
}  // namespace

bool wide_counting() noexcept {
#if PRIMES_HAVE_WIDE_COUNTING
  return cpu_features().avx512_counting && wide_paths_in_use();
#else
  return false;
#endif
}

bool wide_division() noexcept {
#if PRIMES_HAVE_WIDE_COUNTING
  return cpu_features().avx512_division && wide_paths_in_use();
#else
  return false;
#endif
}

bool wide_listing() noexcept {
#if PRIMES_HAVE_WIDE_COUNTING
  return cpu_features().avx512f && wide_paths_in_use();
#else
  return false;
#endif
}

std::string_view to_string(Simd level) noexcept {
  switch (level) {
    case Simd::avx2:
      return "avx2";
    case Simd::avx512:
      return "avx512";
    case Simd::baseline:
      break;
  }
  return "baseline";
}

}  // namespace primes
