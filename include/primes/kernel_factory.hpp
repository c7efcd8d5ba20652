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

/// A worker's kernel of `kind` for a job that counts `job_range` (the combinatorial kernels
/// count the pieces of that range's plan; the others count any chunk they are given).
/// `double_check` (gourdon only): the plan counts the range twice, under two tunings.
std::unique_ptr<Kernel> make_kernel(KernelKind kind, Range job_range = {},
                                    bool double_check = false);

/// The join that adds up the chunk values of a job of `kind` counting `job_range`.
std::unique_ptr<Join> make_join(KernelKind kind, Range job_range, bool double_check = false);

/// Chunks of a job of a combinatorial kernel (choices.hpp): its pieces.
std::uint64_t combinatorial_chunks(KernelKind kind, Range job_range, bool double_check = false);

/// Bytes one worker's kernel of `kind` needs at most to count `chunk` (an estimate, rounded up).
/// For lmo and gourdon, `chunk` is the job's range (every piece needs the same tables; under
/// `double_check` gourdon holds the tables of both tunings).
std::uint64_t memory_need(KernelKind kind, Range chunk, bool double_check = false);

/// The sizes a kernel of `kind` chose on this machine for `job_range` (for the sieve: its segment
/// and block, from the cache sizes; for lmo: y, z and its segment), by name, as the JSON report
/// lists them.
std::vector<std::pair<std::string, std::uint64_t>> kernel_parameters(KernelKind kind,
                                                                     Range job_range,
                                                                     bool double_check = false);

/// --kernel auto: the kernel expected to count `range` fastest, and why, in a few words.
struct KernelChoice {
  KernelKind kind = KernelKind::sieve;
  std::string reason;
};
/// `lmo_possible` is false when the job needs the sieve (--print, --chunk-size).
KernelChoice choose_kernel(Range range, bool lmo_possible);

/// Rough seconds one core of a recent x86 server takes to count `range` with `kind` (sieve, lmo,
/// gourdon or primality): what choose_kernel() compares. Only their ratio matters.
double estimated_seconds(KernelKind kind, Range range);

}  // namespace primes
