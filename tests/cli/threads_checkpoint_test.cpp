// primes-threads --checkpoint end to end: a signal stops the count cleanly (status 3, one line);
// the same command with other --threads finishes it with the exact count, counting no chunk
// twice; a finished file answers at once; bad files never give a count.
#include <signal.h>

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/known_pi.hpp"
#include "support/run_command.hpp"
#include "support/sanitizer.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

using test::CommandResult;
using test::lines_of;

// pi(2*10^10), from the literature (and primesieve).
constexpr std::uint64_t kPi2e10 = 882206716;
// 0..2e10 in chunks of 2e8: 101 chunks (the last holds the number 2e10 alone).
const std::vector<std::string> kJob = {"0", "2e10", "--chunk-size", "2e8"};
constexpr int kChunks = 101;

std::vector<std::string> command(const std::string& ckpt, std::vector<std::string> extra) {
  std::vector<std::string> c = {PRIMES_THREADS_EXE};
  c.insert(c.end(), kJob.begin(), kJob.end());
  c.insert(c.end(), {"--checkpoint", ckpt, "--no-progress"});
  c.insert(c.end(), extra.begin(), extra.end());
  return c;
}

// Every chunk of the plan counted once: from the file or by this run.
void expect_whole_count(const nlohmann::json& j, const std::string& where) {
  EXPECT_EQ(j["count"], kPi2e10) << where;
  EXPECT_EQ(j["resumed_chunks"].get<int>() + j["chunks"].get<int>(), kChunks)
      << where << ": no chunk counted twice or left out";
}

class ThreadsCheckpoint : public testing::TestWithParam<int> {};

TEST_P(ThreadsCheckpoint, ASignalStopsCleanlyAndTheSameCommandFinishesExactly) {
  PRIMES_SKIP_UNDER_TSAN("a count of seconds, several times");
  const int signal_number = GetParam();
  test::TempDir dir;
  const std::string ckpt = dir.file("job.ckpt");
  test::RunningCommand run = test::start_command(command(ckpt, {"--threads", "2"}));
  ASSERT_TRUE(test::wait_for_records(ckpt, 10, 60)) << "no chunks recorded";
  ::kill(run.pid, signal_number);
  const CommandResult stopped = test::wait_command(run, 60);
  ASSERT_EQ(stopped.status, 3) << stopped.err;
  EXPECT_TRUE(stopped.out.empty()) << "no result from a stopped count: " << stopped.out;
  ASSERT_EQ(lines_of(stopped.err).size(), 1u) << stopped.err;
  EXPECT_NE(stopped.err.find("primes-threads: stopped early (signal " +
                             std::to_string(signal_number) + ")"),
            std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find("run the same command to continue"), std::string::npos);
  const int recorded = test::checkpoint_records(ckpt);
  EXPECT_GE(recorded, 10);
  EXPECT_LT(recorded, kChunks) << "stopped before the end";

  const CommandResult resumed =
      test::run_command(command(ckpt, {"--threads", "3", "--format", "json"}));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const auto j = nlohmann::json::parse(resumed.out);
  expect_whole_count(j, "resumed with 3 threads");
  EXPECT_EQ(j["resumed_chunks"], recorded);
  EXPECT_EQ(j["threads_per_rank"], 3);

  // A finished file answers at once, from the file alone.
  const CommandResult again = test::run_command(command(ckpt, {"--format", "json"}));
  ASSERT_EQ(again.status, 0) << again.err;
  const auto k = nlohmann::json::parse(again.out);
  EXPECT_EQ(k["count"], kPi2e10);
  EXPECT_EQ(k["resumed_chunks"], kChunks);
  EXPECT_EQ(k["chunks"], 0);
  EXPECT_LT(k["seconds"].get<double>(), 0.5);
  const CommandResult text = test::run_command(command(ckpt, {}));
  EXPECT_TRUE(text.out.starts_with("Threads: 882206716 primes in ")) << text.out;
  EXPECT_NE(text.out.find("(101 chunks and 882206716 primes from the checkpoint)"),
            std::string::npos)
      << text.out;
}

// A stopped count of pi(x) by `kernel` resumes with the same count from its pieces' values.
void expect_pi_count_resumes(const std::string& kernel, const std::string& x, std::uint64_t pi_x) {
  test::TempDir dir;
  const std::string ckpt = dir.file(kernel + ".ckpt");
  const std::vector<std::string> job = {
      PRIMES_THREADS_EXE, "0", x, "--kernel", kernel, "--checkpoint", ckpt, "--no-progress"};
  std::vector<std::string> two = job;
  two.insert(two.end(), {"--threads", "2"});
  test::RunningCommand run = test::start_command(two);
  ASSERT_TRUE(test::wait_for_records(ckpt, 3, 60)) << "no pieces recorded";
  ::kill(run.pid, SIGINT);
  const CommandResult stopped = test::wait_command(run, 60);
  if (stopped.status == 0) GTEST_SKIP() << "the count ended before the signal: machine too fast";
  ASSERT_EQ(stopped.status, 3) << stopped.err;
  const int recorded = test::checkpoint_records(ckpt);
  std::vector<std::string> three = job;
  three.insert(three.end(), {"--threads", "3", "--format", "json"});
  const CommandResult resumed = test::run_command(three, {}, 300);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const auto j = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(j["count"], pi_x);
  EXPECT_EQ(j["kernel"], kernel);
  EXPECT_GE(j["resumed_chunks"].get<int>(), recorded);
  EXPECT_GT(j["chunks"].get<int>(), 0) << "the resumed run counted the rest";
  // A finished file answers from its pieces alone.
  const CommandResult again = test::run_command(three, {}, 60);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["count"], pi_x);
  EXPECT_EQ(nlohmann::json::parse(again.out)["chunks"], 0);
}

class ThreadsCheckpointPi : public ::testing::TestWithParam<test::PiJob> {};

TEST_P(ThreadsCheckpointPi, AStoppedCountResumesWithTheSameCountFromItsPieces) {
  PRIMES_SKIP_UNDER_SANITIZERS("a count of seconds, twice");
  const test::PiJob& job = GetParam();
  expect_pi_count_resumes(job.kernel, "1e" + std::to_string(job.power), test::kPiPow10[job.power]);
}

INSTANTIATE_TEST_SUITE_P(Kernels, ThreadsCheckpointPi, ::testing::ValuesIn(test::kResumedPiJobs),
                         [](const auto& p) { return std::string(p.param.kernel); });

INSTANTIATE_TEST_SUITE_P(Signals, ThreadsCheckpoint, testing::Values(SIGINT, SIGTERM, SIGUSR1),
                         [](const testing::TestParamInfo<int>& p) {
                           return p.param == SIGINT    ? "SIGINT"
                                  : p.param == SIGTERM ? "SIGTERM"
                                                       : "SIGUSR1";
                         });

TEST(ThreadsCheckpointFiles, ATornTailIsDroppedWithAWarningAndTheCountIsExact) {
  test::TempDir dir;
  const std::string ckpt = dir.file("job.ckpt");
  const std::vector<std::string> small = {
      PRIMES_THREADS_EXE, "0",  "1e8",      "--chunk-size", "1e7",
      "--checkpoint",     ckpt, "--format", "json"};
  ASSERT_EQ(test::run_command(small).status, 0);
  // Keep the header and two records, then half a record, as a power cut would.
  std::ifstream in(ckpt);
  std::string header, r1, r2;
  std::getline(in, header);
  std::getline(in, r1);
  std::getline(in, r2);
  in.close();
  std::ofstream(ckpt, std::ios::trunc) << header << "\n"
                                       << r1 << "\n"
                                       << r2 << "\n"
                                       << "chunk 5 50";
  const CommandResult r = test::run_command(small);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("primes-threads: warning: checkpoint"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dropped a torn last record"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["count"], 5761455);  // pi(10^8)
  EXPECT_EQ(j["resumed_chunks"], 2);
  EXPECT_EQ(j["chunks"], 9);
}

TEST(ThreadsCheckpointFiles, BadFilesNeverGiveACount) {
  test::TempDir dir;
  const std::string ckpt = dir.file("job.ckpt");
  auto run = [&](std::vector<std::string> range) {
    std::vector<std::string> c = {PRIMES_THREADS_EXE};
    c.insert(c.end(), range.begin(), range.end());
    c.insert(c.end(), {"--checkpoint", ckpt});
    return test::run_command(c);
  };
  ASSERT_EQ(run({"1e8"}).status, 0);

  // Another job's file: status 2, the mismatch named.
  const CommandResult other = run({"2e8"});
  EXPECT_EQ(other.status, 2);
  EXPECT_TRUE(other.out.empty());
  ASSERT_EQ(lines_of(other.err).size(), 1u) << other.err;
  EXPECT_NE(other.err.find("was written for LAST 100000000, not 200000000"), std::string::npos)
      << other.err;

  // A damaged record: status 1, the record named.
  std::ifstream in(ckpt);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::size_t record = text.find('\n') + 1;
  std::string damaged = text;
  damaged[record + 6] = damaged[record + 6] == '9' ? '8' : '9';
  std::ofstream(ckpt, std::ios::trunc) << damaged;
  const CommandResult bad = run({"1e8"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(bad.out.empty());
  ASSERT_EQ(lines_of(bad.err).size(), 1u) << bad.err;
  EXPECT_NE(bad.err.find("record 1 (byte " + std::to_string(record) + ") fails its checksum"),
            std::string::npos)
      << bad.err;

  // Not a checkpoint: status 2, and the file is left as it was.
  std::ofstream(ckpt, std::ios::trunc) << "results of last week\n";
  const CommandResult notes = run({"1e8"});
  EXPECT_EQ(notes.status, 2);
  EXPECT_NE(notes.err.find("exists and is not a checkpoint"), std::string::npos) << notes.err;
  std::ifstream kept(ckpt);
  std::string line;
  std::getline(kept, line);
  EXPECT_EQ(line, "results of last week");

  // A directory.
  const CommandResult folder =
      test::run_command({PRIMES_THREADS_EXE, "1e8", "--checkpoint", dir.file("")});
  EXPECT_EQ(folder.status, 2);
  EXPECT_NE(folder.err.find("is a directory"), std::string::npos) << folder.err;
}

}  // namespace
}  // namespace primes
