/// @file program.hpp
/// primes-mpi as a function: main() calls it, and tests call it with a kernel of their own (one
/// that fails on some chunk, say) to see the whole program's answer to it.
#pragma once

#include "primes/kernel.hpp"

namespace primes::mpi {

/// Runs primes-mpi with these arguments (MPI is initialised and finalised here); returns the
/// exit status. `kernels`, when set, builds every worker's kernel instead of --kernel.
int run_program(int argc, char** argv, const KernelFactory& kernels = {});

}  // namespace primes::mpi
