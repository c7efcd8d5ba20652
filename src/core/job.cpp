/// @file job.cpp
/// From the command line to a job (see job.hpp).
#include "primes/job.hpp"

#include "primes/kernel_factory.hpp"
#include "primes/schedule.hpp"

namespace primes {

ChunkPlan Job::plan() const {
  if (checkpointed) {
    return ChunkPlan(range,
                     chunk_size ? u128{*chunk_size} : auto_chunk_size(range, workers(), kernel));
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

Job make_job(const Options& options, std::uint64_t ranks, std::uint64_t threads) {
  Job job;
  job.range = options.range;
  job.kernel = options.kernel;
  job.schedule = options.schedule;
  job.chunk_size = options.chunk_size;
  job.ranks = ranks;
  job.threads = threads;
  job.checkpointed = options.checkpoint.has_value();
  return job;
}

}  // namespace primes
