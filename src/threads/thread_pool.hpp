/// @file thread_pool.hpp
/// Counting with std::thread workers in one process: the seed's con_hilos(), made exact and
/// measured.
///
/// Every worker owns a kernel and counts chunks of the shared ChunkPlan: under the static
/// schedule worker i counts block i; under the dynamic one workers take the next chunk index
/// from an atomic counter until none is left. The calling thread does not count: it waits,
/// reporting progress a few times a second from per-worker counters that workers update with
/// relaxed atomic stores, so progress never slows the count. If a worker fails, the others
/// stop at their next progress report and the error is rethrown to the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "primes/kernel.hpp"
#include "primes/range.hpp"
#include "primes/report.hpp"
#include "primes/schedule.hpp"

namespace primes {

struct ThreadJob {
  Range range;
  std::uint64_t threads = 1;
  KernelKind kernel = KernelKind::sieve;
  Schedule schedule = Schedule::static_blocks;
  std::optional<std::uint64_t> chunk_size;
  /// Builds each worker's kernel; make_kernel(kernel) when empty. Lets tests inject a kernel.
  std::function<std::unique_ptr<Kernel>()> kernel_factory;
};

/// Called on the calling thread with the numbers counted so far.
using ProgressCallback = std::function<void(u128 numbers_done, double elapsed_seconds)>;

/// Counts job.range with job.threads threads; `on_progress` (may be empty) is called every
/// `interval` while they work, and once more at the end. Returns a report with mode "threads".
Report count_with_threads(const ThreadJob& job, const ProgressCallback& on_progress = {},
                          std::chrono::milliseconds interval = std::chrono::milliseconds(250));

}  // namespace primes
