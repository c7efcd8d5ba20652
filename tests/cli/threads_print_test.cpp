// primes-threads --print end to end: the primes themselves, one per line in increasing order (in
// input order for a list), equal to an independent list (Miller-Rabin on every number, and
// primesieve -p when installed) at the edges 0..2, around 2^32 and at the top of 2^64, with both
// schedules; the summary goes to stderr so that stdout is the list alone.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/oracle.hpp"
#include "support/run_command.hpp"
#include "support/sanitizer.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

using test::CommandResult;

// The primes of [first, last] as primes-threads --print writes them, from Miller-Rabin.
std::string expected_lines(std::uint64_t first, std::uint64_t last) {
  std::string s;
  for (std::uint64_t n = first;; ++n) {
    if (test::is_prime_miller_rabin(n)) s += std::to_string(n) + "\n";
    if (n == last) break;
  }
  return s;
}

// primesieve -p's list, when primesieve is installed (else nothing).
std::optional<std::string> primesieve_lines(std::uint64_t first, std::uint64_t last) {
  const CommandResult r = test::run_command(
      {"/bin/sh", "-c", "command -v primesieve >/dev/null && exec primesieve \"$0\" \"$1\" -p",
       std::to_string(first), std::to_string(last)});
  if (r.status != 0) return std::nullopt;
  return r.out;
}

struct Case {
  std::string first, last;
  std::uint64_t a, b;
};

TEST(ThreadsPrint, ThePrimesInOrderEqualAnIndependentList) {
  std::vector<Case> cases = {{"0", "2", 0, 2},
                             {"0", "100000", 0, 100000},
                             {"2^32-50000", "2^32+50000", 4294917296, 4295017296}};
  if (!test::kThreadSanitizer) cases.push_back({"2^64-30000", "2^64-1", kMaxU64 - 29999, kMaxU64});
  for (const Case& c : cases) {
    const std::string expected = expected_lines(c.a, c.b);
    if (const auto ps = primesieve_lines(c.a, c.b)) {
      EXPECT_EQ(*ps, expected) << "the oracles disagree on " << c.first;
    }
    for (const auto& [schedule, threads] :
         {std::pair<std::string, std::string>{"static", "1"}, {"dynamic", "2"}}) {
      {
        const CommandResult r =
            test::run_command({PRIMES_THREADS_EXE, c.first, c.last, "--print", "--schedule",
                               schedule, "--threads", threads, "--format", "json"});
        ASSERT_EQ(r.status, 0) << r.err;
        EXPECT_TRUE(r.out == expected)
            << c.first << " " << schedule << " " << threads << ": the printed list differs";
        // The summary, on stderr, counts what was printed.
        const auto j = nlohmann::json::parse(r.err);
        EXPECT_EQ(j["count"], std::count(expected.begin(), expected.end(), '\n'));
      }
    }
  }
}

TEST(ThreadsPrint, ALongerRangeWithSmallChunksStaysInOrder) {
  // Many chunks finishing out of order (3 threads, chunks of 10^5): the writer must reorder them.
  const CommandResult r =
      test::run_command({PRIMES_THREADS_EXE, "0", "3e6", "--print", "--schedule", "dynamic",
                         "--chunk-size", "1e5", "--threads", "3"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out == expected_lines(0, 3000000));
  EXPECT_TRUE(r.err.starts_with("Threads: 216816 primes in ")) << r.err;  // pi(3*10^6)
}

TEST(ThreadsPrint, AListPrintsItsPrimesInInputOrder) {
  test::TempDir dir;
  const std::string path = dir.file("list.txt");
  std::ofstream(path) << "97 4 2 18446744073709551557 1 97 561 7\n";
  const CommandResult r =
      test::run_command({PRIMES_THREADS_EXE, "--input", path, "--print", "--threads", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "97\n2\n18446744073709551557\n97\n7\n");
  EXPECT_TRUE(r.err.starts_with("Threads: 5 primes among 8 numbers")) << r.err;
}

TEST(ThreadsPrint, PrintAndCheckpointExcludeEachOther) {
  test::TempDir dir;
  const CommandResult r =
      test::run_command({PRIMES_THREADS_EXE, "1e6", "--print", "--checkpoint", dir.file("c.ckpt")});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--print and --checkpoint exclude each other"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace primes
