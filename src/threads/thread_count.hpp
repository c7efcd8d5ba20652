/// @file thread_count.hpp
/// Counting with std::thread workers in one process: the seed's con_hilos(), made exact and
/// measured.
///
/// job.threads threads run the worker loop in a WorkerPool. Under the static schedule worker i
/// counts share i of the chunks (one block each: the seed's dividir); under the dynamic one
/// workers take the next chunk index from an atomic counter until none is left. The calling
/// thread adds up the results as they finish and reports progress a few times a second.
#pragma once

#include <chrono>

#include "primes/job.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"

namespace primes {

/// Counts job.range with job.threads threads (job.ranks must be 1); `on_progress` (may be empty) is
/// called every `interval` while they work, and once more at the end. Returns a report with mode
/// "threads".
Report count_with_threads(const Job& job, const ProgressCallback& on_progress = {},
                          std::chrono::milliseconds interval = std::chrono::milliseconds(250));

}  // namespace primes
