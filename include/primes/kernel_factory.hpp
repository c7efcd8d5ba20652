/// @file kernel_factory.hpp
/// Kernels by kind: the one place that knows every kernel, above all of them.
#pragma once

#include <memory>

#include "primes/kernel.hpp"

namespace primes {

std::unique_ptr<Kernel> make_kernel(KernelKind kind);

}  // namespace primes
