/// @file primality_kernel.hpp
/// The kernel of short ranges far from zero: every number of the range tested on its own with
/// is_prime() (primality.hpp: trial division by the primes below 64, then Miller-Rabin with bases
/// proven for 64 bits). It costs 30 to 80 ns a number and nothing to start, where the sieve must
/// first find every prime up to sqrt(LAST): 0.5 s near 2^64. --kernel auto picks it for a range of
/// up to a few million numbers high up.
#pragma once

#include <cstdint>

#include "primes/kernel.hpp"

namespace primes {

class PrimalityKernel final : public Kernel {
 public:
  KernelKind kind() const noexcept override { return KernelKind::primality; }
  std::uint64_t count(Range range, ProgressSink* progress = nullptr,
                      PrimeSink* found = nullptr) override;
};

}  // namespace primes
