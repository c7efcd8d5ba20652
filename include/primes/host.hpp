/// @file host.hpp
/// Facts about the machine a worker runs on, as the reports name them.
#pragma once

#include <string>

namespace primes {

/// This node's name (gethostname), or "unknown".
std::string host_name();

/// CPUs this process may run on (its affinity mask: what taskset, mpirun's binding or Slurm
/// give it), at least 1.
unsigned usable_cpus();

}  // namespace primes
