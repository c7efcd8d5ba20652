// Tests of the std::thread front end: the same answer for every number of threads, schedule and
// chunk size; per-worker figures that add up; progress; failures that reach the caller.
#include "thread_count.hpp"

#include "primes/gourdon_job.hpp"
#include "support/sanitizer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace primes {
namespace {

Job job(Range r, std::uint64_t threads, KernelKind k, Schedule s,
        std::optional<std::uint64_t> chunk = {}) {
  Job j;
  j.range = r;
  j.threads = threads;
  j.kernel = k;
  j.schedule = s;
  j.chunk_size = chunk;
  return j;
}

void expect_consistent(const Report& r) {
  std::uint64_t primes = 0;
  u128 numbers = 0;
  std::uint64_t chunks = 0;
  ASSERT_EQ(r.per_worker.size(), r.workers);
  for (std::size_t i = 0; i < r.per_worker.size(); ++i) {
    const WorkerReport& w = r.per_worker[i];
    EXPECT_EQ(w.id, i);
    EXPECT_FALSE(w.host.empty());
    EXPECT_GE(w.busy_seconds, 0.0);
    EXPECT_LE(w.busy_seconds, r.seconds);
    primes += w.primes;
    numbers += w.numbers;
    chunks += w.chunks;
  }
  EXPECT_EQ(primes, r.count);
  EXPECT_TRUE(numbers == r.range.size()) << "every number counted exactly once";
  EXPECT_TRUE(u128{chunks} == r.chunks);
  EXPECT_EQ(r.mode, Frontend::threads);
}

TEST(ThreadPool, SeedWorkloadWithEveryScheduleAndThreadCount) {
  for (KernelKind k : {KernelKind::trial, KernelKind::sieve}) {
    for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks}) {
      for (std::uint64_t threads : {1u, 2u, 3u, 8u}) {
        const Report r = count_with_threads(job({1, 300000}, threads, k, s));
        EXPECT_EQ(r.count, 25997u) << to_string(k) << " " << to_string(s) << " " << threads;
        expect_consistent(r);
      }
    }
  }
}

TEST(ThreadPool, ChunkSizesThatDoNotDivideTheRange) {
  for (std::uint64_t chunk : {1u, 7u, 1000u, 299999u, 300000u, 10000000u}) {
    const Report r =
        count_with_threads(job({1, 300000}, 3, chunk < 100 ? KernelKind::trial : KernelKind::sieve,
                               Schedule::dynamic_chunks, chunk));
    EXPECT_EQ(r.count, 25997u) << chunk;
    EXPECT_TRUE(r.chunks == ceil_div(u128{300000}, u128{chunk}));
    expect_consistent(r);
  }
}

TEST(ThreadPool, MoreThreadsThanNumbersLeavesIdleWorkersAtZero) {
  const Report r = count_with_threads(job({2, 4}, 8, KernelKind::sieve, Schedule::static_blocks));
  EXPECT_EQ(r.count, 2u);
  expect_consistent(r);
  EXPECT_EQ(r.per_worker[7].chunks, 0u);
  EXPECT_EQ(r.per_worker[7].primes, 0u);
}

TEST(ThreadPool, LargeRangeAndTheTopOfTheRange) {
  const Report a =
      count_with_threads(job({0, 1000000000}, 2, KernelKind::sieve, Schedule::dynamic_chunks));
  EXPECT_EQ(a.count, 50847534u);
  expect_consistent(a);
  if (!test::kThreadSanitizer) {  // needs every prime below 2^32 in each of the 3 threads
    const Report b = count_with_threads(
        job({kMaxU64 - 99, kMaxU64}, 3, KernelKind::sieve, Schedule::static_blocks));
    EXPECT_EQ(b.count, 3u);  // 18446744073709551521, ...533 and ...557
    expect_consistent(b);
  }
  const Report c = count_with_threads(
      job({kMaxU64 - 20, kMaxU64}, 3, KernelKind::trial, Schedule::dynamic_chunks, 2));
  EXPECT_EQ(c.count, 0u);  // composites only: trial division stops at small factors
  expect_consistent(c);
}

TEST(ThreadPool, ProgressIsReportedAndReachesTheTotal) {
  u128 last_seen = 0;
  int calls = 0;
  const Report r = count_with_threads(
      job({0, 300000000}, 2, KernelKind::sieve, Schedule::static_blocks),
      [&](u128 done, double) {
        EXPECT_GE(done, last_seen);
        last_seen = done;
        ++calls;
      },
      std::chrono::milliseconds(5));
  EXPECT_EQ(r.count, 16252325u);
  EXPECT_GT(calls, 0);
  EXPECT_TRUE(last_seen == r.range.size()) << "the last call reports the whole range";
}

}  // namespace
}  // namespace primes

namespace primes {
namespace {

// A kernel that fails on one chunk, and otherwise counts slowly enough for others to be busy.
class FailingKernel final : public Kernel {
 public:
  explicit FailingKernel(std::uint64_t bad_first) : bad_first_(bad_first) {}
  KernelKind kind() const noexcept override { return KernelKind::trial; }
  std::uint64_t count(Range r, ProgressSink* progress, PrimeSink* /*found*/) override {
    if (r.first == bad_first_) throw std::runtime_error("disk on fire");
    for (int i = 0; i < 60000; ++i) {
      if (progress != nullptr) progress->advance(0);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return 0;
  }

 private:
  std::uint64_t bad_first_;
};

// A Gourdon kernel counting with --double-check whose values of the second tuning are one off.
class OffByOneKernel final : public Kernel {
 public:
  OffByOneKernel(Range range, std::uint64_t first_of_second)
      : inner_(make_gourdon_kernel(range, true)), first_of_second_(first_of_second) {}
  KernelKind kind() const noexcept override { return KernelKind::gourdon; }
  std::uint64_t count(Range r, ProgressSink* progress, PrimeSink* found) override {
    second_ = r.first >= first_of_second_;
    return inner_->count(r, progress, found);
  }
  ChunkValue chunk_value(std::uint64_t counted) override {
    ChunkValue v = inner_->chunk_value(counted);
    if (second_ && v.size() > 9) v[9] += 1;  // the low word of the piece's sum
    return v;
  }

 private:
  std::unique_ptr<Kernel> inner_;
  std::uint64_t first_of_second_;
  bool second_ = false;
};

TEST(ThreadPool, ADoubleCheckThatDisagreesReachesTheReportWithBothCounts) {
  Job j = job({0, 10000000000ull}, 2, KernelKind::gourdon, Schedule::dynamic_chunks);
  j.double_check = true;
  const Report agreed = count_with_threads(j);
  EXPECT_EQ(agreed.count, 455052511u);
  EXPECT_TRUE(agreed.double_checked);
  EXPECT_FALSE(agreed.disagreement.has_value());
  j.kernel_factory = [r = j.range] {
    return std::make_unique<OffByOneKernel>(r, GourdonLayout(r).chunks());
  };
  const Report report = count_with_threads(j);
  ASSERT_TRUE(report.disagreement.has_value());
  EXPECT_NE(report.disagreement->find("455052511"), std::string::npos) << *report.disagreement;
}

TEST(ThreadPool, AWorkerFailureStopsTheOthersAndReachesTheCaller) {
  Job j = job({0, 99}, 4, KernelKind::trial, Schedule::static_blocks);
  j.kernel_factory = [] { return std::make_unique<FailingKernel>(50); };  // block 2 of 4
  const auto start = std::chrono::steady_clock::now();
  try {
    count_with_threads(j);
    FAIL() << "the failure was swallowed";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "disk on fire");
  }
  // The others would sleep a minute each; they must stop at their next progress report (a
  // millisecond) instead. The bound is generous so that a loaded machine cannot break it.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

}  // namespace
}  // namespace primes
