/// @file kernel.cpp
/// Kernel names and the factory (see kernel.hpp).
#include "primes/kernel.hpp"

#include <stdexcept>
#include <string>

#include "primes/sieve_kernel.hpp"
#include "primes/trial_kernel.hpp"

namespace primes {

std::string_view to_string(KernelKind kind) noexcept {
  switch (kind) {
    case KernelKind::trial:
      return "trial";
    case KernelKind::sieve:
      return "sieve";
  }
  return "unknown";
}

std::optional<KernelKind> kernel_from_string(std::string_view name) noexcept {
  if (name == "trial") return KernelKind::trial;
  if (name == "sieve") return KernelKind::sieve;
  return std::nullopt;
}

void check_range(Range range) {
  if (range.first > range.last) {
    throw std::invalid_argument("range [" + std::to_string(range.first) + ", " +
                                std::to_string(range.last) + "] is empty: first > last");
  }
}

std::unique_ptr<Kernel> make_kernel(KernelKind kind) {
  if (kind == KernelKind::trial) return std::make_unique<TrialKernel>();
  return std::make_unique<SieveKernel>();
}

}  // namespace primes
