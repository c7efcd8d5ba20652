/// @file thread_count.hpp
/// Counting with std::thread workers in one process: the seed's con_hilos(), made exact and
/// measured.
///
/// job.threads threads run the worker loop in a WorkerPool. Under the static schedule worker i
/// counts share i of the chunks to do (one block each: the seed's dividir); under the dynamic
/// one workers take the next chunk from an atomic counter until none is left. The calling
/// thread adds up the results as they finish, records them in the checkpoint, reports progress
/// a few times a second, and stops the workers when a signal asks.
#pragma once

#include <chrono>

#include "primes/collector.hpp"
#include "primes/job.hpp"
#include "primes/number_reader.hpp"
#include "primes/progress.hpp"
#include "primes/report.hpp"

namespace primes {

/// Counts `work` (what is left of job.range) with job.threads threads (job.ranks must be 1).
/// Returns a report with mode "threads"; Report::stopped when a signal ended it early.
Report count_with_threads(const Job& job, const Work& work, const CollectorSettings& settings);

/// Tests every number that `reader` yields (the list job.input names) with job.threads threads:
/// the calling thread reads batches (at most two per thread wait for a worker, so memory stays
/// bounded) and adds up the results. Throws InputError for bad input, after stopping the workers.
Report count_list_with_threads(const Job& job, NumberReader& reader);

/// Counts all of job.range; `on_progress` (may be empty) is called every `interval` while the
/// threads work, and once more at the end.
Report count_with_threads(const Job& job, const ProgressCallback& on_progress = {},
                          std::chrono::milliseconds interval = std::chrono::milliseconds(250));

}  // namespace primes
