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

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Collector, EachResultIsRecordedJoinedAndCreditedToItsWorker) {
  const test::TempDir dir;
  const Job job = counting_job(true);
  std::vector<std::string> warnings;
  Checkpoint checkpoint =
      Checkpoint::open(dir.file("c.ckpt"), job, std::chrono::seconds(10), warnings);
  CollectorSettings settings;
  settings.checkpoint = &checkpoint;
  const Work& work = checkpoint.work();
  Collector collector(job, work, settings, Clock::now());
  collector.set_host(1, "node-b");
  collector.accept({result(0, 3, 16), result(1, 0, 25)});
  collector.accept({result(1, 1, 21)});
  EXPECT_EQ(checkpoint.recorded(), 3u);
  EXPECT_NE(read_file(dir.file("c.ckpt")).find("\nchunk 3 300 399 16 crc="), std::string::npos);
  EXPECT_TRUE(collector.numbers() == 300);
  const Report report = collector.finish(Frontend::threads, false);
  EXPECT_EQ(report.count, 62u);
  EXPECT_EQ(report.per_worker[0].primes, 16u);
  EXPECT_EQ(report.per_worker[1].primes, 46u);
  EXPECT_EQ(report.per_worker[1].chunks, 2u);
  EXPECT_EQ(report.per_worker[1].host, "node-b");
}

TEST(Collector, PrimesAreWrittenInChunkOrder) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  Job job = counting_job(false);
  job.print = true;
  const Work work = fresh_work(job);
  CollectorSettings settings;
  settings.print_fd = fds[1];
  settings.print_to = "a pipe";
  {
    Collector collector(job, work, settings, Clock::now());
    EXPECT_TRUE(collector.eager()) << "the writer takes each result as it comes";
    auto with_text = [](ChunkResult r, const char* text) {
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(text);
      r.found.assign(bytes, bytes + std::strlen(text));
      return r;
    };
    collector.accept({with_text(result(0, 1, 1), "101\n")});
    EXPECT_EQ(collector.written(), 0u) << "chunk 1 waits for chunk 0";
    collector.accept({with_text(result(1, 0, 2), "2\n3\n")});
    EXPECT_EQ(collector.written(), 2u);
  }
  ::close(fds[1]);
  char buf[64] = {};
  const ssize_t n = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(std::max<ssize_t>(n, 0))), "2\n3\n101\n");
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

TEST(Collector, ASignalAsksToStopOnlyUnderStopOnSignal) {
  const test::TempDir dir;
  const Job job = counting_job(true);
  std::vector<std::string> warnings;
  Checkpoint checkpoint =
      Checkpoint::open(dir.file("s.ckpt"), job, std::chrono::hours(1), warnings);
  CollectorSettings watching;
  watching.checkpoint = &checkpoint;
  watching.stop_on_signal = true;
  Collector collector(job, checkpoint.work(), watching, Clock::now());
  EXPECT_EQ(collector.wake(), kStopPoll);
  Collector deaf(job, checkpoint.work(), {}, Clock::now());
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
