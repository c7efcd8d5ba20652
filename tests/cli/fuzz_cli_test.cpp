// Fuzzing the command line of both programs: 500 generated malformed command lines each (seeded:
// PRIMES_FUZZ_SEED replays a run), every one answered with status 2, exactly one line on stderr,
// nothing on stdout, no crash, within a second. primes-mpi runs on its own (an MPI job of one
// rank); a sample under mpirun is in the mpi tests.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "support/argv_shapes.hpp"
#include "support/bad_inputs.hpp"
#include "support/malformed.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

constexpr int kCases = 500;

// Shows an argument vector with its control bytes escaped, for failure messages.
std::string shown(const std::vector<std::string>& args) {
  std::string s;
  for (const std::string& a : args) {
    s += '\'';
    for (std::size_t i = 0; i < a.size() && i < 60; ++i) {
      const auto c = static_cast<unsigned char>(a[i]);
      if (c < 0x20 || c >= 0x7f) {
        std::array<char, 8> hex{};
        std::snprintf(hex.data(), hex.size(), "\\x%02x", c);
        s.append(hex.data());
      } else {
        s.push_back(a[i]);
      }
    }
    s.append(a.size() > 60 ? "...' " : "' ");
  }
  return s;
}

// Runs `exe` with `args` once; checks that it ended with status 0 (when `may_count`) or with
// status 2, one line on stderr naming the program, nothing on stdout, within a second. Returns
// the status, or -1 when a check failed.
int run_case(const std::string& exe, const std::string& name, std::vector<std::string> args,
             const std::string& what, bool may_count) {
  args.insert(args.begin(), exe);
  const test::CommandResult r = test::run_command(args, {}, 20);
  if (may_count && r.status == 0) return 0;
  const auto err = test::lines_of(r.err);
  const bool ok = r.status == 2 && r.out.empty() && err.size() == 1 &&
                  err[0].starts_with(name + ": ") && r.seconds < 1.0;
  EXPECT_EQ(r.status, 2) << what << "\n" << r.err.substr(0, 400);
  EXPECT_TRUE(r.out.empty()) << what << "\nstdout: " << r.out.substr(0, 200);
  EXPECT_EQ(err.size(), 1u) << what << "\nstderr: " << r.err.substr(0, 400);
  if (!err.empty()) {
    EXPECT_TRUE(err[0].starts_with(name + ": ")) << what << "\n" << err[0];
  }
  EXPECT_LT(r.seconds, 1.0) << what;
  return ok ? 2 : -1;
}

void fuzz(const std::string& exe, const std::string& name) {
  const std::uint64_t seed = test::fuzz_seed();
  test::MalformedCommandLines lines(seed);
  int failures = 0;
  for (int i = 0; i < kCases && failures < 10; ++i) {
    const std::vector<std::string> args = lines.next();
    const std::string what =
        "case " + std::to_string(i) + " of seed " + std::to_string(seed) + ": " + shown(args);
    failures += run_case(exe, name, args, what, false) < 0 ? 1 : 0;
  }
}

// Command lines of every shape (argv_shapes.hpp), correct or not, from the option names of the
// program's own --help: status 0 or 2, never a signal, and a status 2 as above. Runs in a
// directory of its own: a shape may name a checkpoint file.
void fuzz_shapes(const std::string& exe, const std::string& name, int cases) {
  const test::TempDir dir;
  ASSERT_EQ(::chdir(dir.file("").c_str()), 0);
  const test::CommandResult help = test::run_command({exe, "--help"}, {}, 10);
  const std::vector<std::string> options = test::option_names_in(help.out);
  ASSERT_GE(options.size(), 10u) << help.out;
  const std::uint64_t seed = test::fuzz_seed();
  test::ArgvShapes shapes(options, seed);
  int failures = 0;
  int accepted = 0;
  for (int i = 0; i < cases && failures < 10; ++i) {
    const std::vector<std::string> args = shapes.next();
    const std::string what =
        "shape " + std::to_string(i) + " of seed " + std::to_string(seed) + ": " + shown(args);
    const int status = run_case(exe, name, args, what, true);
    failures += status < 0 ? 1 : 0;
    accepted += status == 0 ? 1 : 0;
  }
  EXPECT_GT(accepted, 0) << "the shapes should hold correct command lines too";
  ASSERT_EQ(::chdir("/"), 0);
}

TEST(Fuzz, PrimesThreadsAnswersEveryShapeOfCommandLineWithStatus0Or2) {
  fuzz_shapes(PRIMES_THREADS_EXE, "primes-threads", 600);
}

#if defined(PRIMES_MPI_EXE)
TEST(Fuzz, PrimesMpiAloneAnswersEveryShapeOfCommandLineWithStatus0Or2) {
  fuzz_shapes(PRIMES_MPI_EXE, "primes-mpi", 150);  // a correct one starts MPI: 0.4 s each
}
#endif

TEST(Fuzz, PrimesThreadsAnswersEveryMalformedCommandLineWithOneLineAndStatus2) {
  fuzz(PRIMES_THREADS_EXE, "primes-threads");
}

#if defined(PRIMES_MPI_EXE)
TEST(Fuzz, PrimesMpiAloneAnswersEveryMalformedCommandLineWithOneLineAndStatus2) {
  fuzz(PRIMES_MPI_EXE, "primes-mpi");
}
#endif

TEST(Fuzz, TheGeneratorIsReplayable) {
  test::MalformedCommandLines a(7);
  test::MalformedCommandLines b(7);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(a.next(), b.next());
}

}  // namespace
}  // namespace primes
