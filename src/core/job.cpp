/// @file job.cpp
/// From the command line to a job (see job.hpp).
#include "primes/job.hpp"

#include "primes/kernel_factory.hpp"
#include "primes/schedule.hpp"

namespace primes {

ChunkPlan Job::plan() const {
  return make_plan(range, schedule, workers(), kernel, chunk_size);
}

std::unique_ptr<Kernel> Job::new_kernel() const {
  return kernel_factory ? kernel_factory() : make_kernel(kernel);
}

Job make_job(const Options& options, std::uint64_t ranks, std::uint64_t threads) {
  Job job;
  job.range = options.range;
  job.kernel = options.kernel;
  job.schedule = options.schedule;
  job.chunk_size = options.chunk_size;
  job.ranks = ranks;
  job.threads = threads;
  return job;
}

}  // namespace primes
