/// @file schedule.hpp
/// How a range is shared among workers.
///
/// static:  the seed's way: the range is cut into one block per worker (ChunkPlan::blocks) and
///          worker i counts block i. Cheap, but numbers grow along the range and so does the
///          cost of testing them, so later blocks can take longer.
/// dynamic: the range is cut into many chunks of chunk_size numbers; idle workers take the next
///          chunk from a shared queue, so fast workers take more. Every chunk has a stable index.
#pragma once

#include <cstdint>
#include <optional>

#include "primes/choices.hpp"
#include "primes/range.hpp"

namespace primes {

/// The dynamic schedule's chunk size when none is given: about 64 chunks per worker so that the
/// last chunks even out the load, but never so small that the kernel's per-chunk set-up (for the
/// sieve, finding the primes up to sqrt(last)) stops being negligible, nor that serving the
/// chunks takes more than kServeShare of rank 0's time (see serving_load).
u128 auto_chunk_size(Range range, std::uint64_t workers, KernelKind kernel);

/// Rank 0 of primes-mpi spends CPU time on every chunk: the request that asks for it and the
/// result that reports it. This is a budget, about four times what bench/coordinator_bench
/// measures (README), so that slower networks and CPUs stay inside it.
inline constexpr double kServeSecondsPerChunk = 10e-6;
/// The share of rank 0's time that serving may take.
inline constexpr double kServeShare = 0.05;

/// The most numbers per second one worker of `kernel` counts anywhere (small numbers, a fast
/// CPU): a chunk of n numbers lasts at least n / this.
double fastest_rate(KernelKind kernel) noexcept;

/// The share of rank 0's time spent serving when `workers` workers count chunks of `chunk`
/// numbers at the fastest rate: workers x kServeSecondsPerChunk / (chunk / rate).
double serving_load(u128 chunk, std::uint64_t workers, KernelKind kernel) noexcept;

/// The cut a schedule implies for `workers` workers. chunk_size is used by the dynamic schedule
/// only; when absent auto_chunk_size() decides.
ChunkPlan make_plan(Range range, Schedule schedule, std::uint64_t workers, KernelKind kernel,
                    std::optional<std::uint64_t> chunk_size);

}  // namespace primes
