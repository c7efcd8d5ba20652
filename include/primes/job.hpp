/// @file job.hpp
/// What is counted and how, the same for both programs: built once from the command line by
/// make_job(), then handed to a front end, which only decides where the workers run.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "primes/choices.hpp"
#include "primes/host.hpp"
#include "primes/kernel.hpp"
#include "primes/options.hpp"
#include "primes/range.hpp"
#include "primes/work.hpp"

namespace primes {

struct Job {
  Range range = kSeedWorkload;
  KernelKind kernel = KernelKind::sieve;
  /// Why --kernel auto chose `kernel` (empty when the user named it).
  std::string kernel_reason;
  Schedule schedule = Schedule::static_blocks;
  std::optional<std::uint64_t> chunk_size;  ///< dynamic schedule; automatic when absent
  std::uint64_t ranks = 1;                  ///< MPI processes (1 for primes-threads)
  std::uint64_t threads = 1;                ///< worker threads in each process
  /// Under --checkpoint: chunks of chunk_size (automatic when absent) whatever the schedule, so
  /// that the plan does not change when a job resumes with other workers.
  bool checkpointed = false;
  /// A list job (--input): the file ("-": standard input) whose numbers are tested.
  std::optional<std::string> input;
  /// --print: the primes themselves go to standard output, in order.
  bool print = false;
  /// --double-check (gourdon): every piece is counted under two tunings, and the two counts
  /// compared at the end (Join::disagreement).
  bool double_check = false;
  /// Builds each worker's kernel; make_kernel(kernel) when empty (tests inject kernels here).
  KernelFactory kernel_factory;
  /// What the workers on this host may use together (rank 0's host under MPI); no check when
  /// absent. make_job() reads it from the host (memory_limit()).
  std::optional<MemoryLimit> memory;
  /// Workers that share this host's memory: threads, or ranks on the host x threads under MPI.
  std::uint64_t workers_on_host = 1;

  /// Every worker: ranks x threads. Worker w is thread w % threads of rank w / threads.
  std::uint64_t workers() const noexcept { return ranks * threads; }
  /// Chunks of a fixed size whatever the schedule: under --checkpoint (the plan may not change
  /// with the workers) and --print (chunks written in order, so none may be huge).
  bool fixed_chunks() const noexcept { return checkpointed || print; }
  /// Chunks written in order at most this many ahead of the last one written (--print).
  std::uint64_t print_window() const noexcept { return 4 * workers(); }
  /// The cut of the range into numbered chunks that the schedule implies for workers(). With a
  /// combinatorial kernel (lmo, gourdon), chunk i is its piece i whatever the schedule (a plan
  /// of [0, pieces - 1] in chunks of 1). When
  /// the chunk size is automatic (no --chunk-size) and the workers on this host would need more
  /// memory than `memory` allows, the chunks are made smaller until they fit (under the static
  /// schedule each worker then takes several consecutive chunks instead of one block).
  /// Throws std::runtime_error (see check_memory) when no chunk size fits, or when the size the
  /// user chose does not.
  ChunkPlan plan() const;
  /// The plan of this job in chunks of `chunk_size` (another rank's, or a checkpoint's, choice);
  /// with lmo, its pieces whatever the size.
  ChunkPlan plan_of(u128 chunk_size) const;
  /// A new kernel for one worker.
  std::unique_ptr<Kernel> new_kernel() const;
  /// The join that adds up this job's chunk values (kernel_factory.hpp: make_join).
  std::shared_ptr<Join> new_join() const;
};

/// The job a command line asks for, on `ranks` processes of `threads` worker threads each.
Job make_job(const Options& options, std::uint64_t ranks, std::uint64_t threads);

/// Throws std::runtime_error with one line (what the workers would need, what is available and
/// what would fit) when the largest chunk of `plan`, counted by job.workers_on_host workers at
/// once, needs more memory than job.memory allows. A plan from a checkpoint is checked so.
void check_memory(const Job& job, const ChunkPlan& plan);

/// Everything of a job still to count, when no checkpoint says otherwise.
Work fresh_work(const Job& job);

/// What to tell a user whose job ran out of memory: what needs it, and what to change.
std::string out_of_memory_advice(const Job& job);

}  // namespace primes
