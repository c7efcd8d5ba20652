/// @file kernel_factory.hpp
/// Kernels by kind: the one place that knows every kernel, above all of them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "primes/kernel.hpp"

namespace primes {

std::unique_ptr<Kernel> make_kernel(KernelKind kind);

/// Bytes one worker's kernel of `kind` needs at most to count `chunk` (an estimate, rounded up).
std::uint64_t memory_need(KernelKind kind, Range chunk);

/// The sizes a kernel of `kind` chose on this machine (for the sieve: its segment and block, from
/// the cache sizes), by name, as the JSON report lists them.
std::vector<std::pair<std::string, std::uint64_t>> kernel_parameters(KernelKind kind);

}  // namespace primes
