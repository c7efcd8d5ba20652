/// @file job.cpp
/// From the command line to a job (see job.hpp).
#include "primes/job.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "primes/gourdon.hpp"
#include "primes/kernel_factory.hpp"
#include "primes/pi_job.hpp"
#include "primes/schedule.hpp"

namespace primes {
namespace {

// Numbers per chunk of the automatic plan under --print: 2^22 numbers hold about 300,000 primes
// at most, a few MiB of text, which the writer holds until every chunk before is written.
constexpr u128 kMaxPrintChunk = u128{1} << 22;

// Below this many numbers a chunk's set-up dominates; no smaller chunk is chosen to save memory.
constexpr u128 kSmallestFittingChunk = u128{1} << 20;

// Address space each worker thread reserves beyond its kernel's memory (its stack and a malloc
// arena), which counts against ulimit -v though it is never touched.
constexpr std::uint64_t kThreadAddressSpace = 72ull << 20;

// Gourdon's tables are built once per process (rank) and shared by its threads: what one rank
// holds (`tables`) and what each of its threads adds.
GourdonMemory gourdon_need(const Job& job) {
  const u128 x = job.range.top();
  GourdonMemory m = gourdon_memory_parts(x);
  if (job.double_check) {
    const GourdonMemory second = gourdon_memory_parts(x, gourdon_second_tuning(x));
    m.tables += second.tables;
    m.per_thread = std::max(m.per_thread, second.per_thread);
  }
  if (job.memory && job.memory->address_space) m.per_thread += kThreadAddressSpace;
  return m;
}

std::uint64_t ranks_on_host(const Job& job) {
  return std::max<std::uint64_t>(1, job.workers_on_host / std::max<std::uint64_t>(1, job.threads));
}

// The memory of the workers on this host when each counts a chunk of `size` numbers as high as
// the range goes (the costliest place for the sieve).
u128 host_need(const Job& job, u128 size) {
  if (job.kernel == KernelKind::gourdon) {
    const GourdonMemory m = gourdon_need(job);
    return u128{m.tables} * ranks_on_host(job) + u128{m.per_thread} * job.workers_on_host;
  }
  if (combinatorial(job.kernel)) {  // the same tables for every piece
    const std::uint64_t each = memory_need(job.kernel, job.range, job.double_check) +
                               (job.memory && job.memory->address_space ? kThreadAddressSpace : 0);
    return u128{each} * job.workers_on_host;
  }
  const Range top{
      static_cast<std::uint64_t>(std::max(u128{job.range.first}, u128{job.range.last} + 1 - size)),
      job.range.last};
  const std::uint64_t each = memory_need(job.kernel, top) +
                             (job.memory && job.memory->address_space ? kThreadAddressSpace : 0);
  return u128{each} * job.workers_on_host;
}

bool fits(const Job& job, u128 size) {
  return !job.memory || host_need(job, size) <= job.memory->bytes;
}

std::string mib(u128 bytes) {
  return to_decimal((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

// The largest chunk size <= `most` whose chunks fit, or nothing when even the smallest does not.
std::optional<u128> largest_fitting(const Job& job, u128 most) {
  u128 lo = std::min(most, kSmallestFittingChunk);
  if (!fits(job, lo)) return std::nullopt;
  u128 hi = most;  // fits(lo), and hi is the upper end of the search
  while (lo < hi) {
    const u128 mid = lo + (hi - lo + 1) / 2;
    if (fits(job, mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

[[noreturn]] void does_not_fit(const Job& job, u128 size, std::optional<u128> would_fit) {
  const MemoryLimit& limit = *job.memory;
  if (job.kernel == KernelKind::gourdon) {
    const GourdonMemory m = gourdon_need(job);
    const std::uint64_t ranks = ranks_on_host(job);
    const u128 per_rank = u128{m.tables} + u128{m.per_thread} * job.threads;
    const u128 fitting = limit.bytes / per_rank;
    std::string line = "not enough memory: pi(" + to_decimal(job.range.top()) +
                       ") by gourdon needs about " + mib(m.tables) + " of tables per rank and " +
                       mib(m.per_thread) + " per thread: " + std::to_string(ranks) + " rank" +
                       (ranks == 1 ? "" : "s") + " of " + std::to_string(job.threads) + " thread" +
                       (job.threads == 1 ? "" : "s") + " on this host need about " +
                       mib(host_need(job, size)) + ", but " + limit.source + " leaves " +
                       mib(limit.bytes) + "; ";
    if (fitting == 0) {
      line += "not even one rank of " + std::to_string(job.threads) +
              " threads fits: give the job more memory (or fewer threads)";
    } else {
      line += to_decimal(fitting) + " rank" + (fitting == 1 ? "" : "s") + " of " +
              std::to_string(job.threads) + " thread" + (job.threads == 1 ? "" : "s") +
              " would fit: use fewer ranks or threads on this host, or more memory";
    }
    throw std::runtime_error(line);
  }
  const std::string what = combinatorial(job.kernel)
                               ? " computing pi(" + to_decimal(job.range.last) + ") by " +
                                     std::string(to_string(job.kernel))
                               : " counting chunks of " + to_decimal(size) + " numbers up to " +
                                     to_decimal(job.range.last);
  std::string line = "not enough memory: " + std::to_string(job.workers_on_host) + " worker" +
                     (job.workers_on_host == 1 ? "" : "s") + what + " would need about " +
                     mib(host_need(job, size)) + ", but " + limit.source + " leaves " +
                     mib(limit.bytes) + "; ";
  if (would_fit) {
    line += "use --chunk-size " + to_decimal(*would_fit) + " or less, or fewer workers";
  } else {
    line += "use fewer workers (--threads, -np) or give the job more memory";
  }
  throw std::runtime_error(line);
}

}  // namespace

void check_memory(const Job& job, const ChunkPlan& plan) {
  if (fits(job, plan.chunk_size())) return;
  does_not_fit(job, plan.chunk_size(), largest_fitting(job, plan.chunk_size()));
}

ChunkPlan Job::plan() const {
  if (combinatorial(kernel)) {
    const ChunkPlan pieces(Range{0, combinatorial_chunks(kernel, range, double_check) - 1}, 1);
    if (!fits(*this, 1)) does_not_fit(*this, 1, std::nullopt);
    return pieces;
  }
  ChunkPlan plan = make_plan(range, schedule, workers(), kernel, chunk_size);
  if (fixed_chunks()) {
    u128 size = chunk_size ? u128{*chunk_size} : auto_chunk_size(range, workers(), kernel);
    // A chunk's primes are held whole until written: a few MiB at most.
    if (print && !chunk_size) size = std::min(size, kMaxPrintChunk);
    plan = ChunkPlan(range, size);
  }
  if (fits(*this, plan.chunk_size())) return plan;
  const std::optional<u128> fitting = largest_fitting(*this, plan.chunk_size());
  if (chunk_size || !fitting) does_not_fit(*this, plan.chunk_size(), fitting);
  if (schedule == Schedule::static_blocks && !fixed_chunks()) {
    // Each worker still takes one contiguous share, now made of k chunks that fit.
    const u128 per_block = ceil_div(plan.chunk_size(), *fitting);
    return ChunkPlan(range, ceil_div(range.size(), u128{workers()} * per_block));
  }
  return ChunkPlan(range, *fitting);
}

ChunkPlan Job::plan_of(u128 size) const {
  if (combinatorial(kernel)) {
    return ChunkPlan(Range{0, combinatorial_chunks(kernel, range, double_check) - 1}, 1);
  }
  return ChunkPlan(range, size);
}

Work fresh_work(const Job& job) {
  const ChunkPlan plan = job.plan();
  return Work{plan, ChunkList::range(0, plan.count()), job.new_join()};
}

std::unique_ptr<Kernel> Job::new_kernel() const {
  return kernel_factory ? kernel_factory() : make_kernel(kernel, range, double_check);
}

std::shared_ptr<Join> Job::new_join() const {
  return make_join(kernel, range, double_check);
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
  if (options.kernel) {
    job.kernel = *options.kernel;
  } else if (options.double_check) {
    job.kernel = KernelKind::gourdon;
    job.kernel_reason = "--double-check counts by gourdon";
  } else {
    const KernelChoice choice = choose_kernel(options.range, !options.print && !options.chunk_size);
    job.kernel = choice.kind;
    job.kernel_reason = choice.reason;
  }
  job.schedule = options.schedule;
  // Unless told, the kernels for real work take chunks from a queue, so that a worker that ends
  // early takes more: pi(x)'s pieces differ in cost by orders of magnitude, and the sieve's cost
  // per number grows with height, so equal blocks end at different times. One sieve worker
  // counts its range as one block; the seed's trial division keeps its equal parts.
  const bool many = ranks * threads > 1;
  if (!options.schedule_given &&
      (combinatorial(job.kernel) || (job.kernel == KernelKind::sieve && many))) {
    job.schedule = Schedule::dynamic_chunks;
  }
  job.chunk_size = options.chunk_size;
  job.ranks = ranks;
  job.threads = threads;
  job.checkpointed = options.checkpoint.has_value();
  job.input = options.input;
  job.print = options.print;
  job.double_check = options.double_check;
  job.memory = memory_limit();
  job.workers_on_host = threads;
  return job;
}

}  // namespace primes
