// Tests of the worker loop, the static schedule's shares, the tally of chunk results, and the
// job built from a command line.
#include "primes/work.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "primes/job.hpp"
#include "primes/report.hpp"
#include "primes/trial_kernel.hpp"

namespace primes {
namespace {

std::vector<std::uint64_t> drain(StaticShares& s, std::uint64_t slot) {
  std::vector<std::uint64_t> out;
  while (auto i = s.next(slot))
    out.push_back(*i);
  return out;
}

TEST(StaticShares, ContiguousSharesInOrderCoveringEveryIndexOnce) {
  StaticShares s(ChunkList::range(3, 13), 4, 3);  // shares of 3: 3-5, 6-8, 9-11, 12
  EXPECT_EQ(drain(s, 0), (std::vector<std::uint64_t>{3, 4, 5}));
  EXPECT_EQ(drain(s, 1), (std::vector<std::uint64_t>{6, 7, 8}));
  EXPECT_EQ(drain(s, 2), (std::vector<std::uint64_t>{9, 10, 11}));
  EXPECT_EQ(drain(s, 3), (std::vector<std::uint64_t>{12}));
  EXPECT_FALSE(s.next(0).has_value()) << "a finished share stays finished";
}

TEST(StaticShares, MorePartsThanIndicesLeavesEmptyShares) {
  StaticShares s(ChunkList::range(0, 2), 5, 1);
  EXPECT_EQ(drain(s, 0), (std::vector<std::uint64_t>{0}));
  EXPECT_EQ(drain(s, 1), (std::vector<std::uint64_t>{1}));
  for (std::uint64_t p = 2; p < 5; ++p)
    EXPECT_TRUE(drain(s, p).empty()) << p;
}

TEST(StaticShares, IndicesNearTheTopOf64Bits) {
  const u128 end = u128{1} << 64;
  StaticShares s(ChunkList::range(end - 3, end), 2, 2);
  EXPECT_EQ(drain(s, 0), (std::vector<std::uint64_t>{kMaxU64 - 2, kMaxU64 - 1}));
  EXPECT_EQ(drain(s, 1), (std::vector<std::uint64_t>{kMaxU64}));
}

TEST(StaticShares, SharesOfAnExplicitListAreContiguousInTheList) {
  StaticShares s(ChunkList::of({1, 4, 5, 9, 12}), 2, 3);
  EXPECT_EQ(drain(s, 0), (std::vector<std::uint64_t>{1, 4, 5}));
  EXPECT_EQ(drain(s, 1), (std::vector<std::uint64_t>{9, 12}));
}

TEST(ChunkList, RangesListsAndSlices) {
  const ChunkList r = ChunkList::range(10, 15);
  EXPECT_TRUE(r.size() == 5);
  EXPECT_EQ(r.at(0), 10u);
  EXPECT_EQ(r.at(4), 14u);
  EXPECT_EQ(r.slice(1, 3).indices(), (std::vector<std::uint64_t>{11, 12}));
  EXPECT_TRUE(r.slice(4, 99).size() == 1) << "clamped to the list";
  EXPECT_TRUE(r.slice(7, 9).empty());
  const ChunkList l = ChunkList::of({2, 3, 7, 8});
  EXPECT_EQ(l.slice(1, 4).indices(), (std::vector<std::uint64_t>{3, 7, 8}));
  EXPECT_EQ(l.slice(1, 4).slice(1, 2).indices(), (std::vector<std::uint64_t>{7}));
  EXPECT_TRUE(ChunkList::range(5, 3).empty());
  const u128 top = u128{1} << 64;
  EXPECT_EQ(ChunkList::range(top - 2, top).at(1), kMaxU64);
}

class Recorder final : public ResultSink {
 public:
  void accept(ChunkResult r) override { results.push_back(std::move(r)); }
  std::vector<ChunkResult> results;
};

TEST(RunWorker, CountsEveryChunkOfItsSourceAndReportsEach) {
  const ChunkPlan plan({0, 99}, 10);
  StaticShares source(ChunkList::range(0, plan.count()), 1, plan.count());
  TrialKernel kernel;
  Recorder sink;
  run_worker(7, 0, kernel, plan, source, sink, nullptr);
  ASSERT_EQ(sink.results.size(), 10u);
  std::uint64_t primes = 0;
  for (std::uint64_t i = 0; i < 10; ++i) {
    const ChunkResult& r = sink.results[i];
    EXPECT_EQ(r.worker, 7u);
    EXPECT_EQ(r.index, i);
    EXPECT_EQ(r.range, plan.chunk(i));
    EXPECT_EQ(r.value, ChunkValue{TrialKernel().count(plan.chunk(i))});
    EXPECT_GE(r.busy_seconds, 0.0);
    primes += r.value.at(0);
  }
  EXPECT_EQ(primes, 25u);
}

TEST(Tally, AddsResultsPerWorkerAndKeepsIdleWorkersAtZero) {
  Tally tally(3, std::make_shared<CountJoin>());
  tally.accept({0, 0, {0, 9}, {4}, 0.5});
  tally.accept({2, 1, {10, 19}, {4}, 0.25});
  tally.accept({0, 2, {20, 29}, {2}, 0.5});
  tally.set_host(1, "node-b");
  ASSERT_EQ(tally.workers().size(), 3u);
  EXPECT_EQ(tally.workers()[0].chunks, 2u);
  EXPECT_EQ(tally.workers()[0].primes, 6u);
  EXPECT_TRUE(tally.workers()[0].numbers == 20);
  EXPECT_DOUBLE_EQ(tally.workers()[0].busy_seconds, 1.0);
  EXPECT_EQ(tally.workers()[1].chunks, 0u);
  EXPECT_EQ(tally.workers()[1].host, "node-b");
  EXPECT_EQ(tally.workers()[2].id, 2u);
  EXPECT_TRUE(tally.numbers() == 30);
  EXPECT_THROW(tally.accept({3, 0, {0, 0}, {0}, 0.0}), std::out_of_range) << "no such worker";
}

TEST(Tally, ReportIsTheSumOfTheWorkers) {
  Job job;
  job.range = {0, 29};
  job.threads = 2;
  job.schedule = Schedule::dynamic_chunks;
  job.chunk_size = 10;
  Tally tally(2, std::make_shared<CountJoin>());
  tally.accept({0, 0, {0, 9}, {4}, 0.1});
  tally.accept({1, 1, {10, 19}, {4}, 0.1});
  tally.accept({1, 2, {20, 29}, {2}, 0.1});
  const Report r = make_report(Frontend::threads, job, fresh_work(job), 0.3, tally);
  EXPECT_EQ(r.count, 10u);
  EXPECT_TRUE(r.chunks == 3);
  EXPECT_TRUE(r.chunk_size == 10);
  EXPECT_EQ(r.workers, 2u);
  EXPECT_EQ(r.per_worker[1].chunks, 2u);
}

TEST(Job, MadeFromTheOptions) {
  Options o;
  o.range = {5, 500};
  o.kernel = KernelKind::trial;
  o.schedule = Schedule::dynamic_chunks;
  o.chunk_size = 7;
  const Job job = make_job(o, 1, 3);
  EXPECT_EQ(job.range, o.range);
  EXPECT_EQ(job.kernel, KernelKind::trial);
  EXPECT_EQ(job.schedule, Schedule::dynamic_chunks);
  EXPECT_EQ(job.chunk_size, 7u);
  EXPECT_EQ(job.workers(), 3u);
  EXPECT_EQ(make_job(o, 2, 3).workers(), 6u) << "ranks x threads";
  EXPECT_TRUE(job.plan().chunk_size() == 7);
  EXPECT_EQ(job.new_kernel()->kind(), KernelKind::trial);
  o.schedule = Schedule::static_blocks;
  o.chunk_size.reset();
  EXPECT_TRUE(make_job(o, 1, 3).plan().count() == 3) << "static: one block per worker";
  EXPECT_TRUE(make_job(o, 2, 3).plan().count() == 6) << "static: one block per worker";
}

TEST(Job, TheDefaultScheduleFollowsTheKernelAndTheWorkers) {
  Options o;
  o.range = {0, 1000000000};
  auto schedule = [&o](std::optional<KernelKind> kernel, std::uint64_t ranks,
                       std::uint64_t threads) {
    o.kernel = kernel;
    return make_job(o, ranks, threads).schedule;
  };
  // Chunks from a queue where the cost per number varies, on more than one worker.
  EXPECT_EQ(schedule(KernelKind::sieve, 1, 2), Schedule::dynamic_chunks);
  EXPECT_EQ(schedule(KernelKind::sieve, 2, 1), Schedule::dynamic_chunks);
  EXPECT_EQ(schedule(KernelKind::lmo, 1, 1), Schedule::dynamic_chunks);
  // One sieve worker counts one block; trial division keeps the seed's equal parts.
  EXPECT_EQ(schedule(KernelKind::sieve, 1, 1), Schedule::static_blocks);
  EXPECT_EQ(schedule(KernelKind::trial, 2, 2), Schedule::static_blocks);
  o.kernel = KernelKind::sieve;
  EXPECT_TRUE(make_job(o, 1, 1).plan().count() == 1);
  // A schedule on the command line is kept.
  o.schedule_given = true;
  EXPECT_EQ(schedule(KernelKind::sieve, 1, 2), Schedule::static_blocks);
  EXPECT_EQ(schedule(KernelKind::lmo, 1, 2), Schedule::static_blocks);
}

}  // namespace
}  // namespace primes

namespace primes {
namespace {

TEST(ResultBytes, ResultsComeBackAsTheyWent) {
  std::vector<ChunkResult> results(3);
  results[0] = {7, 12, {1200, 1299}, {16}, 0.25};
  results[1] = {1, 3, {3, 3}, {1, 2, 18446744073709551615ull}, 1.5};
  for (char c : std::string("1201\n1213\n"))
    results[1].found.push_back(static_cast<std::uint8_t>(c));
  results[2] = {0, 0, {0, 0}, {}, 0.0};  // an empty value and no text
  const std::vector<ChunkResult> back = decode_results(encode_results(results));
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].worker, results[i].worker);
    EXPECT_EQ(back[i].index, results[i].index);
    EXPECT_EQ(back[i].range, results[i].range);
    EXPECT_EQ(back[i].value, results[i].value);
    EXPECT_EQ(back[i].busy_seconds, results[i].busy_seconds);
    EXPECT_EQ(back[i].found, results[i].found);
  }
  EXPECT_TRUE(decode_results(encode_results({})).empty());
}

TEST(ResultBytes, CutOrInflatedBytesAreAnError) {
  std::vector<ChunkResult> one(1);
  one[0] = {0, 1, {100, 199}, {5, 6}, 0.1};
  const Bytes bytes = encode_results(one);
  for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
    const Bytes shorter(bytes.begin(), bytes.end() - static_cast<std::ptrdiff_t>(cut));
    EXPECT_THROW(decode_results(shorter), std::runtime_error) << "cut by " << cut;
  }
  Bytes lying = bytes;
  lying[40] = 0xff;  // the value's length, far beyond the message
  EXPECT_THROW(decode_results(lying), std::runtime_error);
}

}  // namespace
}  // namespace primes
