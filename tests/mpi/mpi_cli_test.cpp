// End-to-end tests of primes-mpi under mpiexec, as a user runs it: the seed's line, the same
// counts as primes-threads, bad input that ends every rank quickly with status 2, and a killed
// rank that ends the job with a failure status.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mpi_run.hpp"
#include "support/bad_inputs.hpp"
#include "support/run_command.hpp"

namespace primes {
namespace {

using test::CommandResult;
using test::lines_of;
using test::run_command;

using test::mpi_command;
using test::mpi_env;
using test::run_mpi;

CommandResult run_threads(std::vector<std::string> args) {
  args.insert(args.begin(), PRIMES_THREADS_EXE);
  return run_command(args);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

class MpiCli : public testing::TestWithParam<int> {};

TEST_P(MpiCli, SeedWorkloadPrintsTheSeedsLine) {
  const int np = GetParam();
  const CommandResult r = run_mpi(np, {});
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_TRUE(r.out.starts_with("Processes: 25997 primes in ")) << r.out;
  const std::string tail =
      " s with " + std::to_string(np) + (np == 1 ? " process\n" : " processes\n");
  EXPECT_TRUE(r.out.ends_with(tail)) << r.out;
}

TEST_P(MpiCli, SameCountsAsTheThreadBuild) {
  const int np = GetParam();
  const std::vector<std::vector<std::string>> ranges = {{"1", "300000"}, {"2^32-1e5", "2^32+1e5"}};
  for (const auto& range : ranges) {
    for (const std::string kernel : {"trial", "sieve"}) {
      for (const std::string schedule : {"static", "dynamic"}) {
        std::vector<std::string> args = range;
        args.insert(args.end(), {"--kernel", kernel, "--schedule", schedule, "--format", "json"});
        const CommandResult m = run_mpi(np, args);
        const CommandResult t = run_threads(args);
        ASSERT_EQ(m.status, 0) << m.err;
        ASSERT_EQ(t.status, 0) << t.err;
        const auto mj = nlohmann::json::parse(m.out);
        const auto tj = nlohmann::json::parse(t.out);
        EXPECT_EQ(mj["count"], tj["count"]) << range[0] << " " << kernel << " " << schedule;
        EXPECT_EQ(mj["mode"], "processes");
        EXPECT_EQ(mj["workers"], np);
        EXPECT_EQ(mj["per_worker"].size(), static_cast<std::size_t>(np));
      }
    }
  }
}

TEST_P(MpiCli, RanksTimesThreadsCountTheSameAndSayHow) {
  const int np = GetParam();
  for (const std::string schedule : {"static", "dynamic"}) {
    const CommandResult m =
        run_mpi(np, {"1e9", "--threads", "2", "--schedule", schedule, "--format", "json"});
    ASSERT_EQ(m.status, 0) << m.err;
    const auto j = nlohmann::json::parse(m.out);
    EXPECT_EQ(j["count"], 50847534) << schedule;  // pi(10^9)
    EXPECT_EQ(j["ranks"], np);
    EXPECT_EQ(j["threads_per_rank"], 2);
    EXPECT_EQ(j["workers"], 2 * np);
    ASSERT_EQ(j["per_worker"].size(), static_cast<std::size_t>(2 * np));
    for (std::size_t w = 0; w < static_cast<std::size_t>(2 * np); ++w) {
      EXPECT_EQ(j["per_worker"][w]["id"], w);
      EXPECT_EQ(j["per_worker"][w]["rank"], w / 2);
      EXPECT_EQ(j["per_worker"][w]["thread"], w % 2);
    }
  }
  const CommandResult text = run_mpi(np, {"1e6", "--threads", "2"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_TRUE(text.out.ends_with(" with " + std::to_string(np) +
                                 (np == 1 ? " process" : " processes") + " \u00d7 2 threads\n"))
      << text.out;
}

TEST_P(MpiCli, ThreadsDefaultToSlurmsCpusPerTask) {
  const int np = GetParam();
  std::vector<std::string> env = mpi_env();
  env.push_back("SLURM_CPUS_PER_TASK=3");
  const CommandResult r = run_command(mpi_command(np, {"1e6", "--format", "json"}), env, 120);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["threads_per_rank"], 3);
  env.back() = "SLURM_CPUS_PER_TASK=lots";
  const CommandResult bad = run_command(mpi_command(np, {"1e6"}), env, 120);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("SLURM_CPUS_PER_TASK='lots' is not a number of threads"),
            std::string::npos)
      << bad.err;
}

INSTANTIATE_TEST_SUITE_P(Np, MpiCli, testing::Values(1, 2, 3, 4),
                         [](const testing::TestParamInfo<int>& p) {
                           return "np_" + std::to_string(p.param);
                         });

TEST(MpiCliProgress, OnATerminalRankZeroDrawsProgressForBothSchedules) {
  // mpiexec's stderr is a pseudo-terminal, as in an interactive shell; no --progress needed.
  for (const std::string schedule : {"static", "dynamic"}) {
    const CommandResult r =
        run_command(mpi_command(2, {"3e8", "--schedule", schedule}), mpi_env(), 120, true);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("Processes: 16252325 primes in ")) << r.out;
    EXPECT_EQ(lines_of(r.out).size(), 1u) << "stdout holds the result only: " << r.out;
    EXPECT_NE(r.err.find("\r[100.0%] "), std::string::npos) << schedule << ": " << r.err;
    EXPECT_EQ(occurrences(r.err, "\r[100.0%] "), 1u) << "drawn by rank 0 only: " << r.err;
  }
}

TEST(MpiCliProgress, RedirectedOnlyWithProgressAndNeverOnStdout) {
  const CommandResult quiet = run_mpi(2, {"3e8", "--format", "json"});
  ASSERT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_TRUE(quiet.err.empty()) << quiet.err;
  const CommandResult r = run_mpi(2, {"3e8", "--format", "json", "--progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["count"], 16252325) << "stdout stays pure JSON";
  EXPECT_NE(r.err.find("[100.0%] "), std::string::npos) << r.err;
  EXPECT_TRUE(r.err.ends_with("\n")) << r.err;
}

TEST(MpiCliBadInput, EveryRankStopsQuicklyWithStatus2AndOneMessage) {
  const std::vector<test::BadInput>& cases = test::common_bad_inputs();
  for (const test::BadInput& c : cases) {
    const CommandResult r = run_mpi(3, c.args);
    const std::string joined = test::joined(c.args);
    EXPECT_EQ(r.status, 2) << joined << r.err;
    EXPECT_LT(r.seconds, 10.0) << joined;
    EXPECT_TRUE(r.out.empty()) << joined << "stdout: " << r.out;
    EXPECT_EQ(occurrences(r.err, "primes-mpi: "), 1u) << joined << "printed once, by rank 0:\n"
                                                      << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << joined << r.err;
    EXPECT_EQ(r.err.find("MPI_ABORT"), std::string::npos) << "no abort for a usage error:\n"
                                                          << r.err;
  }
}

TEST(MpiCliBadInput, WithMpirunQuietStderrIsExactlyOneLine) {
  // Without --quiet, mpirun itself adds a notice that a process exited with a non-zero status.
  const CommandResult r = run_mpi(3, {"5", "1"}, {"--quiet"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_EQ(lines_of(r.err)[0], "primes-mpi: FIRST (5) is greater than LAST (1) (see --help)");
}

TEST(MpiCliFailure, AKilledRankEndsTheJobWithAFailureStatus) {
  // A count long enough to be running when a rank is killed; the unusual LAST marks this job.
  const std::string marker = "1e13+4321";
  test::RunningCommand job = test::start_command(mpi_command(3, {"1e12", marker}), mpi_env());
  std::vector<int> ranks;
  for (int i = 0; i < 100 && ranks.size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ranks = test::find_processes(PRIMES_MPI_EXE, marker);
  }
  ASSERT_EQ(ranks.size(), 3u) << "the ranks did not start";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(ranks[1], SIGKILL);
  const double killed_at =
      std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  const CommandResult r = test::wait_command(job, 120);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.status, 0) << r.err;
  EXPECT_LT(job.started + r.seconds - killed_at, 15.0) << "the job must end soon after the kill";
  EXPECT_TRUE(r.out.empty()) << "no result from a failed job: " << r.out;
}

}  // namespace
}  // namespace primes
