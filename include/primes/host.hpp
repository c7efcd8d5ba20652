/// @file host.hpp
/// Facts about the machine a worker runs on, as the reports name them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace primes {

/// This node's name (gethostname), or "unknown".
std::string host_name();

/// CPUs this process may run on (its affinity mask: what taskset, mpirun's binding or Slurm
/// give it), at least 1.
unsigned usable_cpus();

/// How much more memory this process may take, and what sets that bound.
struct MemoryLimit {
  std::uint64_t bytes;
  /// "memory available on this host", "the cgroup's memory limit" or "the address-space
  /// limit (ulimit -v)": what a message names.
  std::string source;
  /// The bound counts address space, not memory in use: every thread reserves some.
  bool address_space = false;
};

/// The least of: the memory available on this node (MemAvailable of /proc/meminfo), what the
/// process's cgroup still allows (v2 memory.max less memory.current at every level, or v1
/// memory.limit_in_bytes less usage), and RLIMIT_AS less the address space already mapped.
/// Nothing when none of them can be read.
std::optional<MemoryLimit> memory_limit();

/// Asks the C library to keep freed blocks of up to 32 MiB for the next allocation instead of
/// giving them back to the system at once: the pieces of a pi(x) allocate and free buffers of
/// megabytes each, and every fresh page costs a fault (pi(1e13): 3,400 faults, 700 with this;
/// the peak grows by about a megabyte). For a program's start, before its threads; a no-op
/// where the C library is not glibc.
void keep_freed_memory() noexcept;

/// Gives the whole free pages held by the C library back to the system (glibc's malloc_trim):
/// for the end of a phase whose temporaries leave holes that later allocations would not fill,
/// such as building gourdon's tables (pi(1e18) on 2 threads: 58.5 -> 50.9 MiB of peak with
/// alpha_y 25). A no-op where the C library is not glibc.
void give_back_freed_memory() noexcept;

}  // namespace primes
