// primes-threads --input end to end: lists of numbers tested against an independent Miller-Rabin
// (other bases, other arithmetic): random 64-bit and 32-bit numbers, all primes and all
// composites near 2^64, the numbers that fool weaker tests, duplicates, empty and commented
// input, a trailing garbage token, a missing final newline, and a long stream through a pipe in
// bounded memory.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/oracle.hpp"
#include "support/run_command.hpp"
#include "support/sanitizer.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

using test::CommandResult;
using test::lines_of;

class ThreadsList : public testing::Test {
 protected:
  std::string write(const std::vector<std::uint64_t>& numbers, const std::string& end = "\n") {
    const std::string path = dir_.file("list.txt");
    std::ofstream out(path);
    for (std::size_t i = 0; i < numbers.size(); ++i)
      out << numbers[i] << (i + 1 < numbers.size() ? (i % 5 == 4 ? "\n" : " ") : end);
    return path;
  }
  nlohmann::json run_json(const std::string& path, const std::string& threads = "2") {
    const CommandResult r = test::run_command(
        {PRIMES_THREADS_EXE, "--input", path, "--format", "json", "--threads", threads});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    return nlohmann::json::parse(r.out);
  }
  static std::uint64_t oracle(const std::vector<std::uint64_t>& numbers) {
    std::uint64_t n = 0;
    for (std::uint64_t x : numbers)
      n += test::is_prime_miller_rabin(x) ? 1u : 0u;
    return n;
  }
  test::TempDir dir_;
};

TEST_F(ThreadsList, RandomNumbersOfEverySize) {
  std::mt19937_64 rng(13);
  std::vector<std::uint64_t> numbers;
  for (int i = 0; i < 60000; ++i)
    numbers.push_back(i % 3 == 0 ? rng() : i % 3 == 1 ? rng() >> 32 : rng() >> 50);
  for (const std::string threads : {"1", "3"}) {
    const auto j = run_json(write(numbers), threads);
    EXPECT_EQ(j["count"], oracle(numbers));
    EXPECT_EQ(j["numbers"], numbers.size());
    EXPECT_EQ(j["kernel"], "miller-rabin");
    EXPECT_EQ(j["batches"], 4) << "60000 numbers in batches of 16384";
  }
}

TEST_F(ThreadsList, AllPrimesAndAllCompositesNearTheTop) {
  std::vector<std::uint64_t> primes_near_top;
  std::vector<std::uint64_t> composites_near_top;
  for (std::uint64_t n = ~0ull - 20000; n != 0; ++n)
    (test::is_prime_miller_rabin(n) ? primes_near_top : composites_near_top).push_back(n);
  ASSERT_GT(primes_near_top.size(), 100u);
  EXPECT_EQ(run_json(write(primes_near_top))["count"], primes_near_top.size());
  EXPECT_EQ(run_json(write(composites_near_top))["count"], 0);
}

TEST_F(ThreadsList, NumbersThatFoolWeakerTestsAreComposite) {
  const std::vector<std::uint64_t> tricky = {
      // strong pseudoprimes to the prime bases up to 2, 3, 5, 7, 11, 13, 17, 23 (A014233)
      2047, 1373653, 25326001, 3215031751, 2152302898747, 3474749660383, 341550071728321,
      3825123056546413051,
      // Carmichael numbers
      561, 1105, 1729, 2465, 2821, 6601, 8911, 41041, 9746347772161,
      // squares and products of the largest primes below 2^32
      18446744030759878681ull, 18446743979220271189ull, 18446743927680663729ull};
  EXPECT_EQ(run_json(write(tricky))["count"], 0);
}

TEST_F(ThreadsList, DuplicatesCountEveryTimeAndTheFormatIsFree) {
  const std::string path = dir_.file("free.txt");
  std::ofstream(path) << "# primes, twice over\n7 7\t11\n\n  # nothing here\n13 # and 17\n"
                      << "18446744073709551557 0 1\r\n7";  // no final newline
  const auto j = run_json(path);
  EXPECT_EQ(j["count"], 6);    // 7, 7, 11, 13, 2^64-59 and 7 (17 is in a comment)
  EXPECT_EQ(j["numbers"], 8);  // and 0 and 1
}

TEST_F(ThreadsList, EmptyInputIsZeroOfZero) {
  for (const std::string text : {"", "# just a comment\n", "\n\n  \n"}) {
    const std::string path = dir_.file("empty.txt");
    std::ofstream(path) << text;
    const CommandResult r = test::run_command({PRIMES_THREADS_EXE, "--input", path});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("Threads: 0 primes among 0 numbers in ")) << r.out;
  }
}

TEST_F(ThreadsList, BadInputNeverGivesACount) {
  const std::string path = dir_.file("bad.txt");
  std::ofstream(path) << "2 3 5\n7 11 13\n17 19 twenty-three";
  const CommandResult r = test::run_command({PRIMES_THREADS_EXE, "--input", path});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("line 3, column 7: 'twenty-three' is not a whole number from 0 to 2^64-1"),
            std::string::npos)
      << r.err;
  const CommandResult missing =
      test::run_command({PRIMES_THREADS_EXE, "--input", dir_.file("missing.txt")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("cannot read input"), std::string::npos) << missing.err;
  const CommandResult both = test::run_command({PRIMES_THREADS_EXE, "1e6", "--input", path});
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--input and a range exclude each other"), std::string::npos);
}

TEST_F(ThreadsList, ALongStreamThroughAPipeInBoundedMemory) {
  // Ten million numbers (about 80 MB of them) pass through; the program holds a few batches.
  const CommandResult r = test::run_command(
      {"/bin/sh", "-c", "seq 1 10000000 | exec \"$0\" --input - --format json", PRIMES_THREADS_EXE},
      {}, 300);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["count"], 664579);  // pi(10^7)
  EXPECT_EQ(j["numbers"], 10000000);
  // The shell's exec makes primes-threads the child whose peak memory is measured. The
  // sanitizers' shadow memory and quarantine make the figure meaningless there.
  if (!test::kAnySanitizer) {
    EXPECT_LT(r.max_rss_kib, 64 * 1024) << "peak memory " << r.max_rss_kib << " KiB";
  }
}

}  // namespace
}  // namespace primes
