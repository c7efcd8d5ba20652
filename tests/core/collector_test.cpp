// Tests of the collector, where every finished chunk goes in both programs: each result is in the
// checkpoint, its primes are written in chunk order, its value is joined into the count and its
// worker credited; progress at most once an interval; a signal (with --checkpoint) asks to stop,
// after the checkpoint is made durable; the report at the end.
#include "primes/collector.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "primes/stop_signals.hpp"
#include "support/capture_pipe.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

Job counting_job(bool checkpointed) {
  Job job;
  job.range = {0, 999};
  job.kernel = KernelKind::sieve;
  job.schedule = Schedule::dynamic_chunks;
  job.chunk_size = 100;  // 10 chunks
  job.threads = 2;
  job.checkpointed = checkpointed;
  return job;
}

ChunkResult result(std::uint64_t worker, std::uint64_t index, std::uint64_t primes) {
  return {worker, index, {index * 100, index * 100 + 99}, {primes}, 0.5};
}

// A job of 10 chunks with its checkpoint, for the collector to record into.
class CollectorWithCheckpoint : public testing::Test {
 protected:
  static Checkpoint open(const std::string& path, const Job& job) {
    std::vector<std::string> warnings;
    return Checkpoint::open(path, job, std::chrono::hours(1), warnings);
  }
  CollectorSettings recording() {
    CollectorSettings settings;
    settings.checkpoint = &checkpoint_;
    return settings;
  }
  const test::TempDir dir_;
  const Job job_ = counting_job(true);
  Checkpoint checkpoint_ = open(dir_.file("job.ckpt"), job_);
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(CollectorWithCheckpoint, EachResultIsRecordedJoinedAndCreditedToItsWorker) {
  Collector collector(job_, checkpoint_.work(), recording(), Clock::now());
  collector.set_host(1, "node-b");
  collector.accept({result(0, 3, 16), result(1, 0, 25)});
  collector.accept({result(1, 1, 21)});
  EXPECT_EQ(checkpoint_.recorded(), 3u);
  EXPECT_NE(read_file(dir_.file("job.ckpt")).find("\nchunk 3 300 399 16 crc="), std::string::npos);
  EXPECT_TRUE(collector.numbers() == 300);
  const Report report = collector.finish(Frontend::threads, false);
  EXPECT_EQ(report.count, 62u);
  EXPECT_EQ(report.per_worker[0].primes, 16u);
  EXPECT_EQ(report.per_worker[1].primes, 46u);
  EXPECT_EQ(report.per_worker[1].chunks, 2u);
  EXPECT_EQ(report.per_worker[1].host, "node-b");
}

TEST(Collector, WithNothingToWatchTheMainThreadSleepsUntilResultsPileUpOrTheEnd) {
  for (const KernelKind kind : {KernelKind::sieve, KernelKind::gourdon, KernelKind::lmo}) {
    Job job = counting_job(false);
    job.kernel = kind;
    const Work work = fresh_work(job);
    const Collector collector(job, work, {}, Clock::now());
    EXPECT_EQ(collector.wake_bytes(), kHeldResultBytes) << to_string(kind);
    EXPECT_EQ(collector.wake(), std::chrono::hours(1)) << to_string(kind);
  }
}

TEST(Collector, PrimesAreWrittenInChunkOrder) {
  test::CapturePipe pipe;
  Job job = counting_job(false);
  job.print = true;
  const Work work = fresh_work(job);
  CollectorSettings settings;
  settings.print_fd = pipe.write_fd();
  settings.print_to = "a pipe";
  Collector collector(job, work, settings, Clock::now());
  EXPECT_EQ(collector.wake_bytes(), 0u) << "the writer takes each result as it comes";
  ChunkResult second = result(0, 1, 1);
  second.found = test::lines_of_text("101\n");
  collector.accept({second});
  EXPECT_EQ(collector.written(), 0u) << "chunk 1 waits for chunk 0";
  ChunkResult first = result(1, 0, 2);
  first.found = test::lines_of_text("2\n3\n");
  collector.accept({first});
  EXPECT_EQ(collector.written(), 2u);
  EXPECT_EQ(pipe.text(), "2\n3\n101\n");
}

TEST(Collector, ProgressAtMostOnceAnIntervalAndOnceAtTheEnd) {
  const Job job = counting_job(false);
  const Work work = fresh_work(job);
  std::vector<u128> seen;
  CollectorSettings settings;
  settings.interval = std::chrono::milliseconds(300);
  settings.on_progress = [&seen](u128 done, double) { seen.push_back(done); };
  Collector collector(job, work, settings, Clock::now());
  EXPECT_EQ(collector.wake(), std::chrono::milliseconds(300));
  EXPECT_FALSE(collector.tick(10));
  EXPECT_TRUE(seen.empty()) << "not before an interval has passed";
  std::this_thread::sleep_for(std::chrono::milliseconds(350));
  EXPECT_FALSE(collector.tick(20));
  EXPECT_FALSE(collector.tick(30));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0] == 20);
  collector.accept({result(0, 0, 25)});
  collector.finish(Frontend::threads, false);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[1] == 100) << "the end: the numbers of the chunks accepted";
}

TEST_F(CollectorWithCheckpoint, ASignalAsksToStopOnlyUnderStopOnSignal) {
  CollectorSettings watching = recording();
  watching.stop_on_signal = true;
  Collector collector(job_, checkpoint_.work(), watching, Clock::now());
  EXPECT_EQ(collector.wake(), kStopPoll);
  Collector deaf(job_, checkpoint_.work(), {}, Clock::now());
  EXPECT_FALSE(collector.tick(0));
  const StopSignals signals;
  ASSERT_EQ(std::raise(SIGUSR1), 0);
  collector.accept({result(0, 0, 25)});
  EXPECT_TRUE(collector.tick(0));
  EXPECT_FALSE(deaf.tick(0)) << "without stop_on_signal a signal is not the collector's";
  const Report report = collector.finish(Frontend::threads, true);
  EXPECT_TRUE(report.stopped);
}

}  // namespace
}  // namespace primes
