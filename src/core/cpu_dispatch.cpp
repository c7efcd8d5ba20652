/// @file cpu_dispatch.cpp
/// Which instruction set the streaming loops use (see cpu_dispatch.hpp).
#include "cpu_dispatch.hpp"

#include <atomic>
#include <cstdlib>

namespace primes {
namespace {

// AVX2 where the CPU has it. AVX-512 is used only when asked for: on an Intel Xeon (2 MiB L2)
// it measured the same as AVX2 (1.00x on 0..1e10; the pre-sieve is 7% of the time), and on some
// CPUs its wide instructions lower the clock of the whole core.
Simd default_level() noexcept {
  return simd_supported(Simd::avx2) ? Simd::avx2 : Simd::baseline;
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
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
    case Simd::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("popcnt");
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
  level_in_use().store(level, std::memory_order_relaxed);
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
