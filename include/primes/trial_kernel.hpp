/// @file trial_kernel.hpp
/// The reference kernel: the seed's es_primo(), trial division by 2 and by the odd numbers up
/// to floor(sqrt(n)), applied to every number of the range. Slow by design: it is the seed's
/// workload, and the yardstick the sieve is checked against.
#pragma once

#include <cstdint>

#include "primes/kernel.hpp"

namespace primes {

/// The seed's es_primo(n), exact for every 64-bit n.
bool is_prime_trial(std::uint64_t n) noexcept;

class TrialKernel final : public Kernel {
 public:
  KernelKind kind() const noexcept override { return KernelKind::trial; }
  std::uint64_t count(Range range, ProgressSink* progress = nullptr,
                      PrimeSink* found = nullptr) override;
};

}  // namespace primes
