/// @file job.cpp
/// From the command line to a job (see job.hpp).
#include "primes/job.hpp"

#include <algorithm>

#include "primes/kernel_factory.hpp"
#include "primes/schedule.hpp"

namespace primes {
namespace {

// Numbers per chunk of the automatic plan under --print: 2^24 numbers hold about a million
// primes at most, one or two MiB packed.
constexpr u128 kMaxPrintChunk = u128{1} << 24;

}  // namespace

ChunkPlan Job::plan() const {
  if (fixed_chunks()) {
    u128 size = chunk_size ? u128{*chunk_size} : auto_chunk_size(range, workers(), kernel);
    // A chunk's primes are held whole until written: a few MiB at most.
    if (print && !chunk_size) size = std::min(size, kMaxPrintChunk);
    return ChunkPlan(range, size);
  }
  return make_plan(range, schedule, workers(), kernel, chunk_size);
}

Work fresh_work(const Job& job) {
  const ChunkPlan plan = job.plan();
  return Work{plan, ChunkList::range(0, plan.count())};
}

std::unique_ptr<Kernel> Job::new_kernel() const {
  return kernel_factory ? kernel_factory() : make_kernel(kernel);
}

std::string out_of_memory_advice(const Job& job) {
  std::string advice = "out of memory: ";
  if (job.kernel == KernelKind::sieve) {
    advice += "each of the " + std::to_string(job.workers()) +
              " workers keeps 8 bytes per sieving prime up to sqrt(LAST) that has a multiple in "
              "its chunk; use fewer workers (--threads, -np), smaller chunks (--schedule dynamic "
              "--chunk-size N), or more memory";
  } else {
    advice += "use fewer workers (--threads, -np), or more memory";
  }
  return advice;
}

Job make_job(const Options& options, std::uint64_t ranks, std::uint64_t threads) {
  Job job;
  job.range = options.range;
  job.kernel = options.kernel;
  job.schedule = options.schedule;
  job.chunk_size = options.chunk_size;
  job.ranks = ranks;
  job.threads = threads;
  job.checkpointed = options.checkpoint.has_value();
  job.input = options.input;
  job.print = options.print;
  return job;
}

}  // namespace primes
