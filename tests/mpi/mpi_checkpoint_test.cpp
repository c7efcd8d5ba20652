// primes-mpi --checkpoint end to end: a rank killed with SIGKILL, SIGTERM to mpirun, SIGUSR1 to a
// single rank. Each ends the job quickly; the checkpoint keeps every chunk finished before; the
// same command, with another -np, finishes the count exactly (against pi(4e10)) and counts no
// chunk twice.
#include <signal.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "mpi_run.hpp"
#include "support/known_pi.hpp"
#include "support/run_command.hpp"
#include "support/sanitizer.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

using test::CommandResult;
using test::lines_of;

constexpr std::uint64_t kPi4e10 = 1711955433;  // pi(4*10^10)
constexpr int kChunks = 101;                   // 0..4e10 in chunks of 4e8

std::vector<std::string> job_args(const std::string& ckpt, const std::string& schedule) {
  return {"0",      "4e10",         "--chunk-size", "4e8",          "--schedule",
          schedule, "--checkpoint", ckpt,           "--no-progress"};
}

// The MPI rank of a process, from the environment Open MPI gives it.
int rank_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  for (std::string var; std::getline(in, var, '\0');) {
    if (var.starts_with("OMPI_COMM_WORLD_RANK=")) return std::stoi(var.substr(21));
  }
  return -1;
}

// The job's ranks by rank number (they carry the checkpoint's unique path on their command line).
std::vector<int> ranks_of(const std::string& marker, std::size_t np) {
  std::vector<int> by_rank(np, -1);
  for (int i = 0; i < 100; ++i) {
    std::size_t found = 0;
    for (int pid : test::find_processes(PRIMES_MPI_EXE, marker)) {
      const int r = rank_of(pid);
      if (r >= 0 && static_cast<std::size_t>(r) < np) {
        by_rank[static_cast<std::size_t>(r)] = pid;
        ++found;
      }
    }
    if (found == np) return by_rank;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

// Waits (up to 10 s) until no rank of the job is left: mpirun may end before its ranks do, and a
// rank that still holds the checkpoint's lock would make the resume a usage error.
void wait_for_ranks_to_end(const std::string& marker) {
  for (int i = 0; i < 200 && !test::find_processes(PRIMES_MPI_EXE, marker).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Starts the job on `np` ranks with its checkpoint in `ckpt`, and waits until 3 chunks are in
// (early: the whole job takes about two seconds on two cores of a recent Xeon).
test::RunningCommand start_job(const std::string& ckpt, const std::string& schedule, int np,
                               const std::vector<std::string>& mpirun_options = {}) {
  test::RunningCommand job = test::start_command(
      test::mpi_command(np, job_args(ckpt, schedule), mpirun_options), test::mpi_env());
  EXPECT_TRUE(test::wait_for_records(ckpt, 3, 60));
  return job;
}

// Runs the same command again with `np` ranks: the whole count, each chunk once.
void expect_resume_finishes(const std::string& ckpt, const std::string& schedule, int np,
                            int recorded_before) {
  std::vector<std::string> args = job_args(ckpt, schedule);
  args.insert(args.end(), {"--format", "json"});
  const CommandResult r = test::run_mpi(np, args);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["count"], kPi4e10);
  EXPECT_GE(j["resumed_chunks"].get<int>(), recorded_before) << "records were lost";
  EXPECT_EQ(j["resumed_chunks"].get<int>() + j["chunks"].get<int>(), kChunks)
      << "no chunk counted twice or left out";
  EXPECT_EQ(j["ranks"], np);
}

TEST(MpiCheckpoint, AKilledRankEndsTheJobSoonAndAResumeWithAnotherNpIsExact) {
  test::TempDir dir;
  const std::string ckpt = dir.file("killed.ckpt");
  test::RunningCommand job = start_job(ckpt, "dynamic", 3);
  const std::vector<int> ranks = ranks_of(ckpt, 3);
  ASSERT_EQ(ranks.size(), 3u) << "the ranks were not found";
  const int before = test::checkpoint_records(ckpt);
  ::kill(ranks[1], SIGKILL);
  const double killed_at = now();
  const CommandResult r = test::wait_command(job, 60);
  const double ended_after = job.started + r.seconds - killed_at;
  EXPECT_NE(r.status, 0);
  // The requirement (measured here: 2 s, mpirun's own reaction to a dead rank).
  EXPECT_LT(ended_after, 5.0) << "the job must end within 5 s of the kill";
  EXPECT_TRUE(r.out.empty()) << r.out;
  wait_for_ranks_to_end(ckpt);
  expect_resume_finishes(ckpt, "dynamic", 2, before);
}

// A count of pi(x) by `kernel` stopped by SIGTERM to mpirun resumes with another -np.
void expect_pi_job_resumes(const std::string& kernel, const std::string& x, std::uint64_t pi_x) {
  test::TempDir dir;
  const std::string ckpt = dir.file(kernel + ".ckpt");
  const std::vector<std::string> args = {
      "0", x, "--kernel", kernel, "--checkpoint", ckpt, "--no-progress", "--format", "json"};
  test::RunningCommand job = test::start_command(test::mpi_command(2, args), test::mpi_env());
  ASSERT_TRUE(test::wait_for_records(ckpt, 3, 60));
  ::kill(job.pid, SIGTERM);
  const CommandResult r = test::wait_command(job, 60);
  if (!r.out.empty()) GTEST_SKIP() << "the count ended before the signal: machine too fast";
  const int before = test::checkpoint_records(ckpt);
  wait_for_ranks_to_end(ckpt);
  const CommandResult resumed = test::run_mpi(3, args);
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const auto j = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(j["count"], pi_x);
  EXPECT_GE(j["resumed_chunks"].get<int>(), before);
}

class MpiCheckpointPi : public ::testing::TestWithParam<test::PiJob> {};

TEST_P(MpiCheckpointPi, AJobStoppedBySigtermResumesFromItsPiecesWithAnotherNp) {
  PRIMES_SKIP_UNDER_SANITIZERS("a count of seconds, twice");
  const test::PiJob& job = GetParam();
  expect_pi_job_resumes(job.kernel, "1e" + std::to_string(job.power), test::kPiPow10[job.power]);
}

INSTANTIATE_TEST_SUITE_P(Kernels, MpiCheckpointPi, ::testing::ValuesIn(test::kResumedPiJobs),
                         [](const auto& p) { return std::string(p.param.kernel); });

TEST(MpiCheckpoint, SigtermToMpirunStopsTheJobAndAResumeIsExact) {
  test::TempDir dir;
  const std::string ckpt = dir.file("term.ckpt");
  test::RunningCommand job = start_job(ckpt, "static", 2);
  const int before = test::checkpoint_records(ckpt);
  ::kill(job.pid, SIGTERM);  // mpirun: SIGTERM to every rank, SIGKILL a second later
  const CommandResult r = test::wait_command(job, 60);
  EXPECT_NE(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  wait_for_ranks_to_end(ckpt);
  expect_resume_finishes(ckpt, "static", 3, before);
}

TEST(MpiCheckpoint, SigusrToAnyOneRankStopsEveryRankWithStatus3) {
  for (int target : {2, 0}) {
    SCOPED_TRACE("SIGUSR1 to rank " + std::to_string(target));
    test::TempDir dir;
    const std::string ckpt = dir.file("usr1.ckpt");
    test::RunningCommand job = start_job(ckpt, "dynamic", 3, {"--quiet"});
    const std::vector<int> ranks = ranks_of(ckpt, 3);
    ASSERT_EQ(ranks.size(), 3u);
    ::kill(ranks[static_cast<std::size_t>(target)], SIGUSR1);
    const CommandResult r = test::wait_command(job, 60);
    EXPECT_EQ(r.status, 3) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_TRUE(r.err.starts_with("primes-mpi: stopped early")) << r.err;
    EXPECT_NE(r.err.find("run the same command to continue"), std::string::npos) << r.err;
    expect_resume_finishes(ckpt, "dynamic", 2, test::checkpoint_records(ckpt));
  }
}

TEST(MpiCheckpoint, ASilentRankEndsTheJobAfterTheStallTimeoutAndAResumeIsExact) {
  test::TempDir dir;
  const std::string ckpt = dir.file("stall.ckpt");
  std::vector<std::string> args = job_args(ckpt, "dynamic");
  args.insert(args.end(), {"--stall-timeout", "2"});
  test::RunningCommand job = test::start_command(test::mpi_command(3, args), test::mpi_env());
  ASSERT_TRUE(test::wait_for_records(ckpt, 3, 60));
  const std::vector<int> ranks = ranks_of(ckpt, 3);
  ASSERT_EQ(ranks.size(), 3u);
  ::kill(ranks[2], SIGSTOP);  // alive, but silent: as a rank whose host stopped answering
  const double stopped_at = now();
  const CommandResult r = test::wait_command(job, 60);
  EXPECT_NE(r.status, 0);
  EXPECT_LT(job.started + r.seconds - stopped_at, 10.0) << "a 2 s stall must end the job soon";
  EXPECT_NE(r.err.find("rank 2 ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("has sent nothing for 2 s (--stall-timeout): ending the job; every "
                       "finished chunk is in"),
            std::string::npos)
      << r.err;
  ::kill(ranks[2], SIGKILL);  // in case the launcher left it behind
  wait_for_ranks_to_end(ckpt);
  expect_resume_finishes(ckpt, "dynamic", 3, test::checkpoint_records(ckpt));
}

TEST(MpiCheckpoint, BadCheckpointsEndEveryRankWithTheirStatus) {
  test::TempDir dir;
  const std::string ckpt = dir.file("notes.ckpt");
  std::ofstream(ckpt) << "not mine\n";
  const CommandResult r = test::run_mpi(3, {"1e8", "--checkpoint", ckpt}, {"--quiet"});
  EXPECT_EQ(r.status, 2);
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("exists and is not a checkpoint"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace primes
