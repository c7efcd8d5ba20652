// End-to-end tests of primes-mpi under mpiexec, as a user runs it: the seed's line, the same
// counts as primes-threads, bad input that ends every rank quickly with status 2, and a killed
// rank that ends the job with a failure status.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mpi_run.hpp"
#include "primes/pmath.hpp"
#include "support/bad_inputs.hpp"
#include "support/malformed.hpp"
#include "support/oracle.hpp"
#include "support/run_command.hpp"
#include "support/sanitizer.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

using test::CommandResult;
using test::lines_of;
using test::run_command;

using test::mpi_command;
using test::mpi_env;
using test::run_mpi;

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

class MpiCli : public testing::TestWithParam<int> {};

std::string expected_primes_to_100() {
  std::string s;
  for (int n : {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97})
    s += std::to_string(n) + "\n";
  return s;
}

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

TEST_P(MpiCli, ExactCountsWithEveryKernelAndSchedule) {
  const int np = GetParam();
  const std::vector<std::vector<std::string>> ranges = {{"1", "300000"}, {"2^32-1e5", "2^32+1e5"}};
  const std::vector<Range> numeric = {{1, 300000}, {4294867296, 4295067296}};
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const std::uint64_t expected = test::independent_count(numeric[i]);
    for (const std::string kernel : {"trial", "sieve"}) {
      for (const std::string schedule : {"static", "dynamic"}) {
        std::vector<std::string> args = ranges[i];
        args.insert(args.end(), {"--kernel", kernel, "--schedule", schedule, "--format", "json"});
        const CommandResult m = run_mpi(np, args);
        ASSERT_EQ(m.status, 0) << m.err;
        const auto mj = nlohmann::json::parse(m.out);
        EXPECT_EQ(mj["count"], expected) << ranges[i][0] << " " << kernel << " " << schedule;
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

TEST_P(MpiCli, PiPiecesFromEveryRankJoinIntoTheExactCount) {
  const int np = GetParam();
  const CommandResult m = run_mpi(np, {"1e12", "--format", "json"});
  ASSERT_EQ(m.status, 0) << m.err;
  const auto j = nlohmann::json::parse(m.out);
  EXPECT_EQ(j["count"], 37607912018u);  // pi(10^12)
  EXPECT_EQ(j["kernel"], "gourdon");
  EXPECT_EQ(j["ranks"], np);
  // FIRST > 1: pi(LAST) - pi(FIRST - 1), two targets' pieces; ranks x threads; static too.
  for (const std::string kernel : {"gourdon", "lmo"}) {
    for (const std::string schedule : {"static", "dynamic"}) {
      const CommandResult d = run_mpi(np, {"1e10", "1e12", "--kernel", kernel, "--threads", "2",
                                           "--schedule", schedule, "--format", "json"});
      ASSERT_EQ(d.status, 0) << d.err;
      EXPECT_EQ(nlohmann::json::parse(d.out)["count"], 37152859507u) << kernel << " " << schedule;
    }
  }
  // --double-check: both tunings' pieces spread over the ranks, compared on rank 0.
  const CommandResult c =
      run_mpi(np, {"1e10", "1e12", "--double-check", "--threads", "2", "--format", "json"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_EQ(nlohmann::json::parse(c.out)["count"], 37152859507u);
  EXPECT_EQ(nlohmann::json::parse(c.out)["double_check"], true);
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

TEST_P(MpiCli, ListsAreExactAndBadListsNeverCount) {
  const int np = GetParam();
  test::TempDir dir;
  const std::string path = dir.file("list.txt");
  std::mt19937_64 rng(static_cast<std::uint64_t>(np));
  std::uint64_t expected = 0;
  {
    std::ofstream out(path);
    out << "# random numbers of every size, and the largest prime below 2^64 twice\n";
    for (int i = 0; i < 50000; ++i) {
      const std::uint64_t n = i % 2 == 0 ? rng() : rng() >> 33;
      expected += test::is_prime_miller_rabin(n) ? 1u : 0u;
      out << n << (i % 7 == 6 ? "\n" : " ");
    }
    out << "18446744073709551557 18446744073709551557";
    expected += 2;
  }
  const CommandResult r = run_mpi(np, {"--input", path, "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["count"], expected);
  EXPECT_EQ(j["numbers"], 50002);
  EXPECT_EQ(j["ranks"], np);
  // Through a pipe, as the tutorial's list would come from another program. Open MPI 4's mpirun
  // itself now and then crashes while forwarding its standard input (a segfault in
  // orte_iof_hnp_read_local_handler, open-mpi/ompi#7483, fixed in 5.0; seen once in CI with -np 3):
  // then, and only then, the run is tried again.
  auto run_piped = [np] {
    return test::run_command({"/bin/sh", "-c", "seq 1 1000000 | exec \"$0\" \"$@\"", PRIMES_MPIEXEC,
                              PRIMES_MPIEXEC_NUMPROC_FLAG, std::to_string(np), "--oversubscribe",
                              PRIMES_MPI_EXE, "--input", "-", "--format", "json"},
                             test::mpi_env(), 120);
  };
  CommandResult piped = run_piped();
  for (int retry = 0; retry < 2 && piped.status != 0 &&
                      piped.err.find("orte_iof_hnp_read_local_handler") != std::string::npos;
       ++retry)
    piped = run_piped();
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(nlohmann::json::parse(piped.out)["count"], 78498);  // pi(10^6)
  // A bad token: every rank stops with status 2, rank 0 says where.
  std::ofstream(path, std::ios::app) << " 12abc";
  const CommandResult bad = run_mpi(np, {"--input", path}, {"--quiet"});
  EXPECT_EQ(bad.status, 2) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
  ASSERT_EQ(lines_of(bad.err).size(), 1u) << bad.err;
  EXPECT_NE(bad.err.find("'12abc' is not a whole number"), std::string::npos) << bad.err;
}

TEST_P(MpiCli, PrintWritesThePrimesInOrder) {
  const int np = GetParam();
  // Against Miller-Rabin on every number: the edges, around 2^32, the top of 2^64.
  // Small chunks (finishing out of order) where they are cheap; near 2^64 every chunk pays the
  // sieve's set-up, so there one chunk.
  struct Case {
    std::string first, last;
    std::uint64_t a, b;
    std::string chunk;
  };
  for (const Case& c :
       {Case{"0", "2", 0, 2, "1"}, Case{"2^32-30000", "2^32+30000", 4294937296, 4294997296, "7777"},
        Case{"2^64-20000", "2^64-1", kMaxU64 - 19999, kMaxU64, "20000"}}) {
    std::string expected;
    for (std::uint64_t n = c.a;; ++n) {
      if (test::is_prime_miller_rabin(n)) expected += std::to_string(n) + "\n";
      if (n == c.b) break;
    }
    for (const std::string schedule : {"static", "dynamic"}) {
      const CommandResult r = run_mpi(
          np, {c.first, c.last, "--print", "--schedule", schedule, "--chunk-size", c.chunk});
      ASSERT_EQ(r.status, 0) << r.err;
      EXPECT_TRUE(r.out == expected) << c.first << " " << schedule << ": the list differs";
    }
  }
  // To a file, followed by other output of the same shell: nothing is overwritten, in order.
  test::TempDir dir;
  const std::string file = dir.file("out.txt");
  std::string line;
  for (const std::string& w : test::mpi_command(np, {"100", "--print"}, {"--quiet"}))
    line += "'" + w + "' ";
  const CommandResult shell = test::run_command(
      {"/bin/sh", "-c", "{ echo before; " + line + "; echo after; } > '" + file + "' 2>/dev/null"},
      test::mpi_env(), 120);
  ASSERT_EQ(shell.status, 0) << shell.err;
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "before\n" + expected_primes_to_100() + "after\n");
}

INSTANTIATE_TEST_SUITE_P(Np, MpiCli, testing::Values(1, 2, 3, 4),
                         [](const testing::TestParamInfo<int>& p) {
                           return "np_" + std::to_string(p.param);
                         });

TEST(MpiGourdon, RandomXAndRangesOnThreeRanksOfTwoThreadsAgreeWithPrimecount) {
  if (!test::primecount_pi(1000)) GTEST_SKIP() << "primecount is not installed";
  std::mt19937_64 rng(3);
  const int n = test::kAnySanitizer ? 2 : 6;
  for (int i = 0; i < n; ++i) {
    // x below 1e12, and every third up to 1e14; every other one a range away from zero.
    const std::uint64_t top = i % 3 == 2 ? 100000000000000ull : 1000000000000ull;
    const std::uint64_t last = 1000000 + rng() % top;
    const std::uint64_t first = i % 2 == 1 ? rng() % last : 0;
    const std::uint64_t want =
        *test::primecount_pi(last) - (first > 0 ? *test::primecount_pi(first - 1) : 0);
    const CommandResult r = run_mpi(3, {std::to_string(first), std::to_string(last), "--kernel",
                                        "gourdon", "--threads", "2", "--format", "json"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["count"], want) << first << ".." << last;
  }
}

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
    // Quickly means no waiting for a rank that gave up: mpirun's launch takes 0.3 s here; the
    // bound is generous so that only a hang (the test's 120 s timeout) or a wait can break it.
    EXPECT_LT(r.seconds, 30.0) << joined;
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

TEST(MpiCliStartup, RanksUseOb1UnlessTheUserNamesALayer) {
  // With ob1 chosen, Open MPI never opens its matching-transport (mtl) layers, whose hardware
  // probes cost 0.2 s per start; mtl_base_verbose makes their opening visible.
  const std::vector<std::string> verbose = {"--mca", "mtl_base_verbose", "10"};
  const CommandResult chosen = run_mpi(2, {"100"}, verbose);
  ASSERT_EQ(chosen.status, 0) << chosen.err;
  EXPECT_NE(chosen.out.find("Processes: 25 primes in"), std::string::npos) << chosen.out;
  EXPECT_EQ((chosen.out + chosen.err).find("opening mtl components"), std::string::npos)
      << chosen.out << chosen.err;
  // Named by the user, the choice is Open MPI's again: here it opens the mtl layers to try them.
  std::vector<std::string> named = verbose;
  named.insert(named.end(), {"--mca", "pml", "^ucx"});
  const CommandResult kept = run_mpi(2, {"100"}, named);
  ASSERT_EQ(kept.status, 0) << kept.err;
  EXPECT_NE((kept.out + kept.err).find("opening mtl components"), std::string::npos)
      << kept.out << kept.err;
}

TEST(MpiCliFailure, AKilledRankEndsTheJobWithAFailureStatus) {
  // A count long enough to be running when a rank is killed; the unusual LAST marks this job.
  const std::string marker = "1e13+4321";  // with the sieve: a count of minutes
  test::RunningCommand job =
      test::start_command(mpi_command(3, {"1e12", marker, "--kernel", "sieve"}), mpi_env());
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
  // mpirun ends the job 2 s after a kill here; generous so that a loaded machine cannot break it.
  EXPECT_LT(job.started + r.seconds - killed_at, 30.0) << "the job must end soon after the kill";
  EXPECT_TRUE(r.out.empty()) << "no result from a failed job: " << r.out;
}

}  // namespace
}  // namespace primes

namespace primes {
namespace {

// mpiexec with two programs (MPMD): rank 0 gets `first`, rank 1 gets `second`.
std::vector<std::string> mpmd(const std::vector<std::string>& first,
                              const std::vector<std::string>& second) {
  std::vector<std::string> cmd = test::mpi_command(1, first, {"--quiet"});
  cmd.push_back(":");
  cmd.insert(cmd.end(), {PRIMES_MPIEXEC_NUMPROC_FLAG, "1", PRIMES_MPI_EXE});
  cmd.insert(cmd.end(), second.begin(), second.end());
  return cmd;
}

TEST(MpiCliAgreement, RanksGivenDifferentCommandLinesAllStopWithStatus2) {
  // Before the agreement, the rank that saw --help exited 0 and the other waited forever.
  for (const auto& [first, second] :
       {std::pair<std::vector<std::string>, std::vector<std::string>>{{"1e6"}, {"--help"}},
        {{"--help"}, {"1e6"}},
        {{"1e6"}, {"2e6"}},
        {{"1e6"}, {"abc"}}}) {
    const CommandResult r = test::run_command(mpmd(first, second), test::mpi_env(), 60);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.status, 2) << test::joined(first) << ": " << test::joined(second) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("different command lines"), std::string::npos) << r.err;
  }
}

TEST(MpiCliFailure, AKernelThatFailsOnOneRankEndsTheJobWithOneLine) {
  // The chunk holding 10^10 fails, on whichever rank counts it.
  std::vector<std::string> cmd = {PRIMES_MPIEXEC, PRIMES_MPIEXEC_NUMPROC_FLAG, "3"};
  std::istringstream preflags(PRIMES_MPIEXEC_PREFLAGS);
  for (std::string f; std::getline(preflags, f, '|');) {
    if (!f.empty()) cmd.push_back(f);
  }
  cmd.insert(cmd.end(), {"--quiet", PRIMES_MPI_FAILING_EXE, "0", "2e10", "--chunk-size", "2e8",
                         "--schedule", "dynamic"});
  std::vector<std::string> env = test::mpi_env();
  env.push_back("PRIMES_TEST_FAIL_AT=10000000000");
  const CommandResult r = test::run_command(cmd, env, 60);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << "no result from a failed job: " << r.out;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.err.starts_with("primes-mpi: rank ")) << r.err;
  EXPECT_NE(r.err.find(": simulated failure at 10000000000"), std::string::npos) << r.err;
  // Generous for a loaded machine: the count alone would take several seconds more.
  EXPECT_LT(r.seconds, 20.0);
}

TEST(MpiCliMemory, AChunkSizeThatCannotFitStopsEveryRankWithOneLine) {
  PRIMES_SKIP_UNDER_SANITIZERS("a limit on address space defeats the sanitizers' shadow memory");
  // 2 ranks x 2 threads on this host, chunks of 2^29 numbers near 1e18: about 1 GiB of buckets,
  // more than 900 MB of address space leaves. Rank 0 says so before any rank counts.
  std::vector<std::string> cmd = {"/bin/sh", "-c", "ulimit -v 900000; exec \"$@\"", "sh"};
  for (const std::string& word : mpi_command(
           2,
           {"1e18", "1e18+2^31", "--threads", "2", "--schedule", "dynamic", "--chunk-size", "2^29"},
           {"--quiet"}))
    cmd.push_back(word);
  const CommandResult r = test::run_command(cmd, test::mpi_env(), 120);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.err.starts_with("primes-mpi: not enough memory: 4 workers counting chunks of "))
      << r.err;
  EXPECT_NE(r.err.find("use --chunk-size "), std::string::npos) << r.err;
  EXPECT_LT(r.seconds, 30.0) << "said before counting";
}

TEST(MpiCliOutput, AnUnwritableStdoutIsAFailureWithAReason) {
  std::string line;
  for (const std::string& word : test::mpi_command(2, {"1e6"}, {"--quiet"}))
    line += "'" + word + "' ";
  for (const auto& [redirect, reason] :
       {std::pair<std::string, std::string>{"> /dev/full", "No space left on device"},
        {">&-", "mpirun's standard output is closed"},
        {"| true", "Broken pipe"}}) {
    const CommandResult r = test::run_command(
        {"/bin/bash", "-o", "pipefail", "-c", line + redirect}, test::mpi_env(), 60);
    EXPECT_EQ(r.status, 1) << redirect << ": " << r.err;
    ASSERT_EQ(lines_of(r.err).size(), 1u) << redirect << ": " << r.err;
    EXPECT_NE(r.err.find("primes-mpi: cannot write the result to standard output: " + reason),
              std::string::npos)
        << redirect << ": " << r.err;
  }
}

}  // namespace
}  // namespace primes

namespace primes {
namespace {

TEST(MpiCliFuzz, ASampleOfMalformedCommandLinesUnderMpirun) {
  // The bulk runs primes-mpi on its own (tests/cli/fuzz_cli_test.cpp); here, as mpirun starts
  // it, every rank must agree and stop: status 2 and rank 0's one line.
  test::MalformedCommandLines lines(test::fuzz_seed() + 1);
  for (int i = 0; i < 10; ++i) {
    const std::vector<std::string> args = lines.next();
    const CommandResult r =
        test::run_command(test::mpi_command(2, args, {"--quiet"}), test::mpi_env(), 60);
    const std::string what = "case " + std::to_string(i) + ": " + test::joined(args).substr(0, 200);
    EXPECT_EQ(r.status, 2) << what << r.err;
    EXPECT_TRUE(r.out.empty()) << what << r.out;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << what << r.err;
    // mpirun's own launch takes 0.3 s here; generous for a loaded machine.
    EXPECT_LT(r.seconds, 15.0) << what;
  }
}

}  // namespace
}  // namespace primes
