/// @file kernel_factory.cpp
/// Kernels by kind (see kernel_factory.hpp).
#include "primes/kernel_factory.hpp"

#include "primes/sieve_kernel.hpp"
#include "primes/trial_kernel.hpp"

namespace primes {

std::unique_ptr<Kernel> make_kernel(KernelKind kind) {
  switch (kind) {
    case KernelKind::trial:
      return std::make_unique<TrialKernel>();
    case KernelKind::sieve:
      break;
  }
  return std::make_unique<SieveKernel>();
}

}  // namespace primes
