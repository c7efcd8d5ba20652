// End-to-end tests of the primes-threads program: what a user sees on stdout and stderr, and the
// exit status, for normal runs and for every kind of bad input.
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/bad_inputs.hpp"
#include "support/oracle.hpp"
#include "support/run_command.hpp"
#include "support/sanitizer.hpp"

namespace primes {
namespace {

using test::CommandResult;
using test::lines_of;
using test::run_command;

CommandResult run(std::vector<std::string> args) {
  args.insert(args.begin(), PRIMES_THREADS_EXE);
  return run_command(args);
}

TEST(ThreadsCli, DefaultRunsTheSeedsWorkload) {
  const CommandResult r = run({});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ASSERT_EQ(lines_of(r.out).size(), 1u);
  EXPECT_TRUE(r.out.starts_with("Threads: 25997 primes in ")) << r.out;
  EXPECT_NE(r.out.find(" s with "), std::string::npos) << r.out;
}

TEST(ThreadsCli, TextLineNamesTheThreadCount) {
  const CommandResult r = run({"100", "--threads", "3"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.starts_with("Threads: 25 primes in ")) << r.out;
  EXPECT_TRUE(r.out.ends_with(" s with 3 threads\n")) << r.out;
}

TEST(ThreadsCli, JsonReport) {
  const CommandResult r =
      run({"1e6", "2e6", "--format", "json", "--threads", "2", "--kernel", "trial"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mode"], "threads");
  EXPECT_EQ(j["first"], 1000000);
  EXPECT_EQ(j["last"], 2000000);
  EXPECT_EQ(j["count"], 70435);
  EXPECT_EQ(j["kernel"], "trial");
  EXPECT_EQ(j["workers"], 2);
  EXPECT_EQ(j["per_worker"].size(), 2u);
}

TEST(ThreadsCli, CsvReportAtTheTopOfThe64BitRange) {
  PRIMES_SKIP_UNDER_TSAN("needs every prime below 2^32");
  const CommandResult r = run({"2^64-100", "2^64-1", "--format", "csv", "--kernel", "sieve"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].starts_with("mode,first,last,count,")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("threads,18446744073709551516,18446744073709551615,3,sieve,"))
      << lines[1];
  // Unless told, so short a range up there is tested number by number.
  const CommandResult tested = run({"2^64-100", "2^64-1", "--format", "csv"});
  ASSERT_EQ(tested.status, 0) << tested.err;
  const auto tested_lines = lines_of(tested.out);
  ASSERT_EQ(tested_lines.size(), 2u);
  EXPECT_TRUE(
      tested_lines[1].starts_with("threads,18446744073709551516,18446744073709551615,3,primality,"))
      << tested_lines[1];
}

TEST(ThreadsCli, AutoCountsFromZeroWithGourdonAndSaysWhy) {
  const CommandResult r = run({"1e12", "--threads", "2", "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["count"], 37607912018u);  // pi(10^12)
  EXPECT_EQ(j["kernel"], "gourdon");
  EXPECT_EQ(j["kernel_choice"], "auto");
  EXPECT_NE(j["kernel_reason"].get<std::string>().find("for the sieve"), std::string::npos);
  EXPECT_EQ(j["schedule"], "dynamic") << "pi(x)'s pieces differ in cost: dynamic unless told";
  EXPECT_GT(j["chunks"].get<std::uint64_t>(), 8u);
  EXPECT_GT(j["kernel_parameters"]["y"].get<std::uint64_t>(), 10000u);
  const CommandResult text = run({"0", "1e11"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("Threads: 4118054813 primes in ")) << text.out;
  EXPECT_NE(text.out.find(" by gourdon (combinatorial pi(x); auto: estimated "), std::string::npos)
      << text.out;
  const CommandResult narrow = run({"1e15", "1e15+1e6", "--format", "json"});
  ASSERT_EQ(narrow.status, 0) << narrow.err;
  EXPECT_EQ(nlohmann::json::parse(narrow.out)["kernel"], "sieve") << "a narrow range high up";
}

TEST(ThreadsCli, ADoubleCheckCountsByGourdonTwiceAndSaysSo) {
  const CommandResult r = run({"1e12", "--double-check", "--threads", "2", "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["count"], 37607912018u);
  EXPECT_EQ(j["kernel"], "gourdon");
  EXPECT_EQ(j["double_check"], true);
  EXPECT_EQ(j["kernel_reason"], "--double-check counts by gourdon");
  EXPECT_NE(j["kernel_parameters"]["double_check_y"], j["kernel_parameters"]["y"]);
  EXPECT_NE(j["kernel_parameters"]["double_check_z"], j["kernel_parameters"]["z"]);
  const CommandResult text = run({"1e9", "2e10", "--double-check", "--kernel", "gourdon"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("Threads: 831359182 primes in ")) << text.out;
  EXPECT_NE(text.out.find("; double-checked: two tunings agree)"), std::string::npos) << text.out;
  const CommandResult once = run({"1e12", "--format", "json"});
  ASSERT_EQ(once.status, 0) << once.err;
  EXPECT_EQ(nlohmann::json::parse(once.out)["double_check"], false);
}

TEST(ThreadsCli, TheCombinatorialKernelsAndTheSieveAgreeAwayFromZeroWithEitherSchedule) {
  PRIMES_SKIP_UNDER_TSAN("the sieve's count of 2e9 numbers");
  for (const std::vector<std::string>& range :
       {std::vector<std::string>{"123456789", "2^31+7"}, {"1e9", "1e9+1e6"}, {"3", "8"}}) {
    std::vector<std::string> sieve = range;
    sieve.insert(sieve.end(), {"--kernel", "sieve", "--format", "json"});
    const CommandResult s = run(sieve);
    ASSERT_EQ(s.status, 0) << s.err;
    for (const std::string kernel : {"lmo", "gourdon"}) {
      for (const std::string schedule : {"static", "dynamic"}) {
        std::vector<std::string> pi = range;
        pi.insert(pi.end(), {"--kernel", kernel, "--schedule", schedule, "--threads", "3",
                             "--format", "json"});
        const CommandResult l = run(pi);
        ASSERT_EQ(l.status, 0) << l.err;
        EXPECT_EQ(nlohmann::json::parse(l.out)["count"], nlohmann::json::parse(s.out)["count"])
            << range[0] << ".." << range[1] << " " << kernel << " " << schedule;
        EXPECT_EQ(nlohmann::json::parse(l.out)["kernel_choice"], "named");
      }
    }
  }
}

TEST(ThreadsCli, HelpAndVersionGoToStdout) {
  const CommandResult help = run({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("Usage: primes-threads [FIRST] LAST"), std::string::npos);
  EXPECT_TRUE(help.err.empty());
  const CommandResult version = run({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_TRUE(version.out.starts_with("primes-threads ")) << version.out;
}

TEST(ThreadsCli, EveryBadInputIsOneLineOnStderrAndStatus2) {
  const std::vector<test::BadInput>& cases = test::common_bad_inputs();
  for (const test::BadInput& c : cases) {
    const CommandResult r = run(c.args);
    const std::string joined = test::joined(c.args);
    EXPECT_EQ(r.status, 2) << joined;
    EXPECT_TRUE(r.out.empty()) << joined << "stdout: " << r.out;
    const auto lines = lines_of(r.err);
    ASSERT_EQ(lines.size(), 1u) << joined << "stderr: " << r.err;
    EXPECT_TRUE(lines[0].starts_with("primes-threads: ")) << lines[0];
    EXPECT_NE(lines[0].find(c.message), std::string::npos) << joined << "stderr: " << lines[0];
  }
}

TEST(ThreadsCli, ProgressGoesToStderrOnlyAndEndsWithANewlineWhenRedirected) {
  const CommandResult r = run({"3e8", "--progress", "--format", "json", "--threads", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["count"], 16252325) << "stdout stays pure JSON";
  EXPECT_NE(r.err.find("%] "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("100.0%"), std::string::npos) << r.err;
  EXPECT_TRUE(r.err.ends_with("\n")) << r.err;
}

TEST(ThreadsCli, AGourdonCountShowsTheShareOfEachTermOfItsSum) {
  const CommandResult r =
      run({"1e12", "--kernel", "gourdon", "--progress", "--format", "json", "--threads", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["count"], 37607912018) << r.out;
  // Redirected, the last state stays: every term done.
  EXPECT_NE(r.err.find("[100.0%] of the work (hard leaves 100%, easy leaves 100%, P2 100%)  "),
            std::string::npos)
      << r.err;
}

TEST(ThreadsCli, OnATerminalProgressIsDrawnInPlaceAndErased) {
  // stderr is a pseudo-terminal, as in an interactive shell; no --progress needed.
  const CommandResult r = run_command({PRIMES_THREADS_EXE, "3e8", "--threads", "2"}, {}, 120, true);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("Threads: 16252325 primes in ")) << "stdout holds the result only";
  EXPECT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_NE(r.err.find("\r[100.0%] "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), std::string::npos) << "erased, not left behind: " << r.err;
  EXPECT_TRUE(r.err.ends_with("\r")) << r.err;
  const CommandResult off =
      run_command({PRIMES_THREADS_EXE, "3e8", "--no-progress"}, {}, 120, true);
  EXPECT_TRUE(off.err.empty()) << off.err;
}

TEST(ThreadsCli, AnInterruptErasesTheProgressLineOnATerminal) {
  test::RunningCommand run = test::start_command(
      {PRIMES_THREADS_EXE, "1e13", "--threads", "2", "--kernel", "sieve"}, {}, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(run.pid, SIGINT);
  const CommandResult r = test::wait_command(run, 60);
  EXPECT_EQ(r.status, 128 + SIGINT) << "ends as interrupted: " << r.err;
  EXPECT_NE(r.err.find("%] "), std::string::npos) << "progress was drawn: " << r.err;
  EXPECT_TRUE(r.err.ends_with("\r\033[K")) << "and erased: " << r.err;
  EXPECT_TRUE(r.out.empty()) << "no result for an interrupted count: " << r.out;
}

TEST(ThreadsCli, AnInheritedIgnoreOfSigintIsKept) {
  // As under nohup, or from a script that ignores SIGINT: the progress line's handler must not
  // turn the ignored signal into a deadly one. A count of hours, on a terminal (so that the
  // progress line and its handler are there); SIGINT must leave it running, SIGTERM ends it.
  test::RunningCommand run = test::start_command(
      {"/bin/sh", "-c", "trap '' INT; exec \"$0\" 1e13 --threads 2 --kernel sieve",
       PRIMES_THREADS_EXE},
      {}, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(run.pid, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  int status = 0;
  EXPECT_EQ(::waitpid(run.pid, &status, WNOHANG), 0) << "SIGINT ended a process that ignored it";
  ::kill(run.pid, SIGTERM);
  const CommandResult r = test::wait_command(run, 60);
  EXPECT_EQ(r.status, 128 + SIGTERM) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(ThreadsCli, AChunkSizeThatCannotFitIsOneLineSayingWhatWould) {
  PRIMES_SKIP_UNDER_SANITIZERS("a limit on address space defeats the sanitizers' shadow memory");
  // Near 1e18 each of 4 workers would want about 200 MiB of buckets for chunks of 2^29 numbers;
  // 900 MB of address space is not enough for them all, which the program says before it starts.
  const CommandResult r =
      run_command({"/bin/sh", "-c",
                   "ulimit -v 900000; exec \"$0\" 1e18 1e18+2^31 --threads 4 --schedule dynamic "
                   "--chunk-size 2^29",
                   PRIMES_THREADS_EXE},
                  {}, 300);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(
      r.err.starts_with("primes-threads: not enough memory: 4 workers counting chunks of "
                        "536870912 numbers"))
      << r.err;
  EXPECT_NE(r.err.find("the address-space limit (ulimit -v) leaves"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("use --chunk-size "), std::string::npos) << r.err;
  EXPECT_LT(r.seconds, 30.0) << "said before counting (counting takes minutes here)";
}

// The command line takes a count from zero up to 10^30; there the tables need about 160 GiB per
// rank (64-bit primes up to y = 1.08e11, 32-bit codes up to z), which the program says at once
// where they do not fit (here 16 GB of address space), naming the need and what would fit.
TEST(ThreadsCli, PiOf1e30IsTakenAndRefusedAtOnceWhereItsTablesDoNotFit) {
  PRIMES_SKIP_UNDER_SANITIZERS("a limit on address space defeats the sanitizers' shadow memory");
  const CommandResult r = run_command(
      {"/bin/sh", "-c", "ulimit -v 16000000; exec \"$0\" 1e30 --threads 2", PRIMES_THREADS_EXE}, {},
      300);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.err.starts_with("primes-threads: not enough memory: pi(1" + std::string(30, '0') +
                                ") by gourdon needs about "))
      << r.err;
  EXPECT_NE(r.err.find(" MiB of tables per rank and "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not even one rank of 2 threads fits"), std::string::npos) << r.err;
  EXPECT_LT(r.seconds, 30.0) << "said before building anything";
}

TEST(ThreadsCli, AnAutomaticChunkSizeShrinksToFitTheMemory) {
  PRIMES_SKIP_UNDER_SANITIZERS("a limit on address space defeats the sanitizers' shadow memory");
  const Range range{1000000000000000000, 1000000000000000000 + (std::uint64_t{1} << 31)};
  auto count = [&](const std::string& limit) {
    return run_command(
        {"/bin/sh", "-c",
         limit + "exec \"$0\" 1e18 1e18+2^31 --threads 4 --schedule static --format json",
         PRIMES_THREADS_EXE},
        {}, 300);
  };
  const CommandResult free = count("");
  const CommandResult tight = count("ulimit -v 900000; ");
  ASSERT_EQ(free.status, 0) << free.err;
  ASSERT_EQ(tight.status, 0) << tight.err;
  const auto a = nlohmann::json::parse(free.out);
  const auto b = nlohmann::json::parse(tight.out);
  EXPECT_EQ(b["count"], test::independent_count(range));
  EXPECT_EQ(a["count"], b["count"]);
  EXPECT_LT(b["chunk_size"].get<std::uint64_t>(), a["chunk_size"].get<std::uint64_t>());
  EXPECT_EQ(b["chunks"].get<std::uint64_t>() % 4, 0u) << "still an equal share per worker";
  EXPECT_LT(b["memory_per_worker_bytes"].get<std::uint64_t>(),
            a["memory_per_worker_bytes"].get<std::uint64_t>());
  EXPECT_LT(tight.max_rss_kib, free.max_rss_kib);
}

TEST(ThreadsCli, PeakMemoryStaysUnderTheEstimate) {
  PRIMES_SKIP_UNDER_SANITIZERS("shadow memory and quarantine are not the program's");
  // The estimate is what the memory check relies on: it must not fall short of the real peak
  // (the process itself, a few MiB, comes on top of it).
  for (const auto& [first, last] : {std::pair{"2^64-1e8", "2^64-1"}, {"1e15", "1e15+1e8"}}) {
    const CommandResult r = run_command(
        {PRIMES_THREADS_EXE, first, last, "--threads", "1", "--format", "json"}, {}, 300);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const std::uint64_t estimate_kib = j["memory_per_worker_bytes"].get<std::uint64_t>() / 1024;
    EXPECT_LT(r.max_rss_kib, estimate_kib + 8 * 1024) << first;
    EXPECT_GT(r.max_rss_kib * 2, estimate_kib) << first << ": the estimate is not far off either";
  }
}

TEST(ThreadsCli, NoProgressWhenStderrIsNotATerminalOrWhenTurnedOff) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"3e8"}, std::vector<std::string>{"3e8", "--no-progress"}}) {
    const CommandResult r = run(args);
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(r.err.empty()) << r.err;
  }
}

}  // namespace
}  // namespace primes
