/// @file simd_levels.hpp
/// For the tests that run a kernel at every instruction-set level this CPU supports
/// (cpu_dispatch.hpp): the levels, and a fixture that restores the level in use afterwards.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "cpu_dispatch.hpp"

namespace primes::test {

/// The levels this CPU and build can run, lowest first.
inline std::vector<Simd> supported_simd_levels() {
  std::vector<Simd> levels;
  for (Simd level : {Simd::baseline, Simd::avx2, Simd::avx512}) {
    if (simd_supported(level)) levels.push_back(level);
  }
  return levels;
}

/// Restores the level in use when a test ends.
class SimdLevelTest : public testing::Test {
 protected:
  void TearDown() override { force_simd(saved_); }

 private:
  Simd saved_ = simd_level();
};

}  // namespace primes::test
