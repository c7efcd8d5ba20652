// Tests of the MPI coordinator protocol, run under mpiexec at several process counts: exact counts
// (against Miller-Rabin, primesieve or known values) for both schedules and both kernels, per-rank
// figures that add up, idle ranks, and rank 0 counting while it coordinates.
#include <gtest/gtest.h>

#include <vector>

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <thread>

#include "process_count.hpp"
#include "support/oracle.hpp"

namespace primes {
namespace {

const boost::mpi::communicator& world() {
  static const boost::mpi::communicator w;
  return w;
}

Job mpi_job(Range r, KernelKind k, Schedule s, std::optional<std::uint64_t> chunk = {},
            std::uint64_t threads = 1) {
  Job j;
  j.threads = threads;
  j.range = r;
  j.ranks = static_cast<std::uint64_t>(world().size());
  j.kernel = k;
  j.schedule = s;
  j.chunk_size = chunk;
  return j;
}

// Runs a job on every rank; on rank 0 checks the report against an independent count and checks
// that the per-rank figures add up. Returns the report on rank 0.
std::optional<Report> run_and_check(const Job& job) {
  std::optional<Report> report = mpi::count_with_processes(world(), job).report;
  if (world().rank() != 0) {
    EXPECT_FALSE(report.has_value());
    return report;
  }
  EXPECT_TRUE(report.has_value());
  if (!report) return report;
  SCOPED_TRACE(std::string(to_string(job.kernel)) + " " + std::string(to_string(job.schedule)) +
               " [" + std::to_string(job.range.first) + ", " + std::to_string(job.range.last) +
               "] on " + std::to_string(world().size()) + " ranks");
  EXPECT_EQ(report->count, test::independent_count(job.range));
  EXPECT_EQ(report->mode, Frontend::processes);
  EXPECT_EQ(report->workers, static_cast<std::uint64_t>(world().size()) * job.threads);
  EXPECT_EQ(report->ranks, static_cast<std::uint64_t>(world().size()));
  EXPECT_EQ(report->threads_per_rank, job.threads);
  EXPECT_EQ(report->per_worker.size(), report->workers);
  std::uint64_t primes = 0;
  u128 numbers = 0;
  u128 chunks = 0;
  for (std::size_t r = 0; r < report->per_worker.size(); ++r) {
    const WorkerReport& w = report->per_worker[r];
    EXPECT_EQ(w.id, r);
    EXPECT_EQ(w.rank, r / job.threads);
    EXPECT_EQ(w.thread, r % job.threads);
    EXPECT_FALSE(w.host.empty());
    EXPECT_LE(w.busy_seconds, report->seconds);
    primes += w.primes;
    numbers += w.numbers;
    chunks += w.chunks;
  }
  EXPECT_EQ(primes, report->count);
  EXPECT_TRUE(numbers == job.range.size()) << "every number counted exactly once";
  EXPECT_TRUE(chunks == report->chunks);
  EXPECT_TRUE(chunks == job.plan().count()) << "every chunk counted exactly once";
  return report;
}

TEST(Coordinator, SeedWorkloadBothSchedulesBothKernels) {
  for (KernelKind k : {KernelKind::trial, KernelKind::sieve}) {
    for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
      const auto report = run_and_check(mpi_job({1, 300000}, k, s));
      if (report) {
        EXPECT_EQ(report->count, 25997u);
      }
    }
  }
}

TEST(Coordinator, PiOf1e9) {
  for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
    const auto report = run_and_check(mpi_job({0, 1000000000}, KernelKind::sieve, s));
    if (report) {
      EXPECT_EQ(report->count, 50847534u);
    }
  }
}

TEST(Coordinator, AcrossTwoTo32) {
  const std::uint64_t t = std::uint64_t{1} << 32;
  for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
    run_and_check(mpi_job({t - 10000000, t + 10000000}, KernelKind::sieve, s));
    run_and_check(mpi_job({t - 10000, t + 10000}, KernelKind::trial, s, std::uint64_t{777}));
  }
}

TEST(Coordinator, EndingAt2To64Minus1) {
  const std::uint64_t top = kMaxU64;
  run_and_check(mpi_job({top - 1000000, top}, KernelKind::sieve, Schedule::static_blocks));
  run_and_check(mpi_job({top - 1000000, top}, KernelKind::sieve, Schedule::dynamic_chunks, 400000));
  // Every number of [2^64-10, 2^64-1] has a factor <= 13: cheap for trial division.
  for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
    const auto report = run_and_check(mpi_job({top - 9, top}, KernelKind::trial, s));
    if (report) {
      EXPECT_EQ(report->count, 0u);
    }
  }
}

TEST(Coordinator, RanksTimesThreadsBothSchedulesBothKernels) {
  for (KernelKind k : {KernelKind::trial, KernelKind::sieve}) {
    for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
      const auto report = run_and_check(mpi_job({1, 300000}, k, s, {}, 2));
      if (report) {
        EXPECT_EQ(report->count, 25997u);
      }
    }
  }
  const auto big = run_and_check(mpi_job({0, 1000000000}, KernelKind::sieve,
                                         Schedule::dynamic_chunks, std::uint64_t{1} << 22, 3));
  if (big) {
    EXPECT_EQ(big->count, 50847534u);
    // Every rank takes part. A single thread may find the queue empty: 12 workers share 2 cores
    // here, and a chunk of 2^22 numbers takes well under a millisecond.
    ASSERT_EQ(big->per_worker.size(), big->ranks * 3);
    std::vector<std::uint64_t> chunks_of_rank(big->ranks, 0);
    for (const WorkerReport& w : big->per_worker)
      chunks_of_rank.at(w.rank) += w.chunks;
    for (std::uint64_t r = 0; r < big->ranks; ++r)
      EXPECT_GT(chunks_of_rank[r], 0u) << "rank " << r << " counted nothing";
  }
}

TEST(Coordinator, MoreRanksThanBlocksOrChunks) {
  // Three numbers: with 4 ranks one static block is missing; chunk size 2 gives 2 chunks.
  const auto a = run_and_check(mpi_job({2, 4}, KernelKind::sieve, Schedule::static_blocks));
  const auto b =
      run_and_check(mpi_job({2, 4}, KernelKind::trial, Schedule::dynamic_chunks, std::uint64_t{2}));
  if (a && world().size() == 4) {
    EXPECT_EQ(a->per_worker[3].chunks, 0u);
  }
  const auto c = run_and_check(mpi_job({7, 7}, KernelKind::sieve, Schedule::dynamic_chunks));
  if (c) {
    EXPECT_EQ(c->count, 1u);
  }
}

TEST(Coordinator, ManySmallChunksEachCountedOnce) {
  run_and_check(mpi_job({0, 1000000}, KernelKind::sieve, Schedule::dynamic_chunks, 9973));
  run_and_check(mpi_job({0, 100000}, KernelKind::trial, Schedule::dynamic_chunks, 1));
}

TEST(Coordinator, RankZeroCountsUnderTheDynamicSchedule) {
  // About 64 chunks of trial division per rank: every rank, rank 0 included, must get some.
  const auto report =
      run_and_check(mpi_job({1, 3000000}, KernelKind::trial, Schedule::dynamic_chunks));
  if (report) {
    for (const WorkerReport& w : report->per_worker)
      EXPECT_GT(w.chunks, 0u) << "rank " << w.id;
  }
}

TEST(Coordinator, ProgressReachesTheTotalOnRankZero) {
  for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
    u128 last = 0;
    int calls = 0;
    mpi::CoordinatorStats stats;
    const auto report = mpi::count_with_processes(
                            world(), mpi_job({0, 2000000000}, KernelKind::sieve, s),
                            [&](u128 done, double) {
                              EXPECT_GE(done, last);
                              last = done;
                              ++calls;
                            },
                            std::chrono::milliseconds(1), &stats)
                            .report;
    if (world().rank() == 0) {
      EXPECT_GT(calls, 0);
      EXPECT_TRUE(last == report->range.size()) << "the last call reports the whole range";
      if (world().size() > 1) {
        EXPECT_GT(stats.progress_notes, 0u) << "a count of 0.1 s or more sends notes";
      }
    } else {
      EXPECT_EQ(calls, 0) << "only rank 0 draws";
    }
  }
}

TEST(Coordinator, NoProgressNotesTravelWhenRankZeroDrawsNothing) {
  mpi::CoordinatorStats stats;
  const auto report =
      mpi::count_with_processes(
          world(), mpi_job({0, 2000000000}, KernelKind::sieve, Schedule::dynamic_chunks), {},
          std::chrono::milliseconds(1), &stats)
          .report;
  if (report) {
    EXPECT_EQ(report->count, 98222287u);
    EXPECT_EQ(stats.progress_notes, 0u);
  }
}

TEST(Coordinator, RepliesDoNotWaitForAKernel) {
  // A kernel that reports progress only at the end of each chunk, after 1.5 s: rank 0's own
  // worker never calls back while other ranks ask for chunks, yet their replies must come at once.
  class SlowSilentKernel final : public Kernel {
   public:
    KernelKind kind() const noexcept override { return KernelKind::trial; }
    std::uint64_t count(Range r, ProgressSink* progress, PrimeSink* /*found*/) override {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      if (progress != nullptr) progress->advance(static_cast<std::uint64_t>(r.size()));
      return 0;
    }
  };
  Job job = mpi_job({0, 99}, KernelKind::trial, Schedule::dynamic_chunks, std::uint64_t{17});
  job.kernel_factory = [] { return std::make_unique<SlowSilentKernel>(); };
  mpi::CoordinatorStats stats;
  const auto report =
      mpi::count_with_processes(world(), job, {}, std::chrono::milliseconds(250), &stats).report;
  if (report && world().size() > 1) {
    EXPECT_GT(stats.requests, 0u);
    // Generous for a loaded machine (a reply takes milliseconds), yet half a kernel call.
    EXPECT_LT(stats.max_reply_wait, 0.75) << "a reply waited for rank 0's kernel";
  }
}

}  // namespace
}  // namespace primes
