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

std::uint64_t memory_need(KernelKind kind, Range chunk) {
  if (kind == KernelKind::trial) return 64 * 1024;  // a few locals
  return sieve_memory_need(chunk);
}

std::vector<std::pair<std::string, std::uint64_t>> kernel_parameters(KernelKind kind) {
  if (kind == KernelKind::trial) return {};
  const SieveConfig config = SieveConfig::for_this_cpu();
  return {{"segment_bytes", config.segment_bytes}, {"block_bytes", config.block_bytes}};
}

}  // namespace primes
