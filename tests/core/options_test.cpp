// Tests of the shared command line: defaults, positionals, every option, every bad input.
#include "primes/options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "primes/errors.hpp"
#include "primes/gourdon.hpp"
#include "support/argv_shapes.hpp"
#include "support/malformed.hpp"

namespace primes {
namespace {

Options parse(Frontend f, std::vector<std::string> args) {
  return parse_options(f, args);
}
Options parse(std::vector<std::string> args) {
  return parse(Frontend::threads, std::move(args));
}

std::string error_of(Frontend f, std::vector<std::string> args) {
  try {
    parse(f, std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(accepted)";
}
std::string error_of(std::vector<std::string> args) {
  return error_of(Frontend::threads, std::move(args));
}

TEST(Options, NoArgumentsMeansTheSeedsWorkload) {
  const Options o = parse({});
  EXPECT_EQ(o.range, (Range{1, 300000}));
  EXPECT_FALSE(o.kernel.has_value()) << "auto: chosen per range";
  EXPECT_EQ(o.schedule, Schedule::static_blocks);
  EXPECT_FALSE(o.schedule_given);
  EXPECT_EQ(o.format, Format::text);
  EXPECT_EQ(o.progress, ProgressMode::automatic);
  EXPECT_EQ(o.threads, 0u);
  EXPECT_FALSE(o.chunk_size.has_value());
}

TEST(Options, OnePositionalIsLast) {
  EXPECT_EQ(parse({"1e9"}).range, (Range{0, 1000000000}));
  EXPECT_EQ(parse({"0"}).range, (Range{0, 0}));
}

// LAST past 2^64 - 1 is a count from zero (pi(LAST), gourdon's), up to 10^30.
TEST(Options, ALastPast2e64IsACountFromZero) {
  const Range r = parse({"1e21"}).range;
  EXPECT_TRUE(r.wide());
  EXPECT_EQ(r.first, 0u);
  EXPECT_TRUE(r.top() == u128{1'000'000'000'000'000ull} * 1'000'000);
  EXPECT_TRUE(r.size() == r.top() + 1);
  EXPECT_TRUE(parse({"0", "2^64"}).range.top() == u128{1} << 64);
  EXPECT_TRUE(parse({"10^30"}).range.top() == kGourdonMax);
  EXPECT_TRUE(parse({"1e30"}).range.top() == kGourdonMax);
  EXPECT_TRUE(parse({"2^80+7"}).range.top() == (u128{1} << 80) + 7);
  EXPECT_FALSE(parse({"2^64-1"}).range.wide());
  EXPECT_EQ(parse({"1e21", "--kernel", "gourdon"}).kernel, KernelKind::gourdon);
}

TEST(Options, TwoPositionalsAreFirstAndLast) {
  EXPECT_EQ(parse({"2^64-1e9", "2^64-1"}).range,
            (Range{18446744072709551616ull, 18446744073709551615ull}));
  EXPECT_EQ(parse({"5", "5"}).range, (Range{5, 5}));
}

TEST(Options, EveryOption) {
  const Options o = parse({"10", "--threads", "3", "--kernel", "trial", "--schedule=dynamic",
                           "--chunk-size", "1e6", "--format", "json", "--no-progress"});
  EXPECT_EQ(o.threads, 3u);
  EXPECT_EQ(o.kernel, KernelKind::trial);
  EXPECT_EQ(o.schedule, Schedule::dynamic_chunks);
  EXPECT_EQ(o.chunk_size, 1000000u);
  EXPECT_EQ(o.format, Format::json);
  EXPECT_EQ(o.progress, ProgressMode::off);
  EXPECT_EQ(parse({"-t", "2", "-k", "trial", "-f", "csv", "--progress"}).progress,
            ProgressMode::on);
  EXPECT_EQ(parse({"--format", "csv"}).format, Format::csv);
  EXPECT_EQ(parse({"--kernel", "sieve"}).kernel, KernelKind::sieve);
  EXPECT_EQ(parse({"--kernel", "lmo"}).kernel, KernelKind::lmo);
  EXPECT_EQ(parse({"--kernel", "gourdon"}).kernel, KernelKind::gourdon);
  EXPECT_FALSE(parse({"--kernel", "auto"}).kernel.has_value());
  EXPECT_TRUE(parse({"--schedule", "static"}).schedule_given);
}

TEST(Options, AChunkSizeAloneMeansTheDynamicSchedule) {
  const Options o = parse({"1e9", "--chunk-size", "1e6"});
  EXPECT_EQ(o.schedule, Schedule::dynamic_chunks);
  EXPECT_EQ(o.chunk_size, 1000000u);
  EXPECT_EQ(parse({"1e9", "--chunk-size", "1e6", "--checkpoint", "f"}).schedule,
            Schedule::dynamic_chunks);
  EXPECT_EQ(parse({"1e9", "--chunk-size", "1e6", "--schedule", "static", "--print"}).schedule,
            Schedule::static_blocks);
}

TEST(Options, HelpAndVersion) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"-h"}).help);
  EXPECT_TRUE(parse({"--version"}).version);
  EXPECT_TRUE(parse(Frontend::processes, {"--version"}).version);
  EXPECT_NE(help_text(Frontend::threads).find("--threads"), std::string::npos);
  EXPECT_NE(help_text(Frontend::processes).find("worker threads in each process"),
            std::string::npos);
  EXPECT_NE(help_text(Frontend::processes).find("mpirun -np N"), std::string::npos);
}

struct BadInput {
  std::vector<std::string> args;
  const char* message;
};

TEST(Options, EachBadInputHasItsOwnMessage) {
  const BadInput cases[] = {
      {{"abc"}, "LAST: 'abc' is not a number"},
      {{""}, "LAST: empty value"},
      {{"-5"}, "'-5' is negative"},
      {{"1", "-5"}, "'-5' is negative"},
      {{"0", "1-2"}, "LAST: '1-2' is negative"},
      {{"1.5"}, "LAST: '1.5' is not a whole number"},
      {{"10", "5"}, "FIRST (10) is greater than LAST (5)"},
      {{"1e31"}, "LAST: '1e31' is larger than 10^30"},
      {{"10^30+1"}, "LAST: '10^30+1' is larger than 10^30"},
      {{"2^64", "2^65"}, "FIRST: '2^64' is larger than 2^64-1"},
      {{"1", "2^64"}, "LAST (18446744073709551616) is past 2^64-1"},
      {{"2^64", "--kernel", "lmo"}, "--kernel lmo stops at 2^64-1"},
      {{"2^64", "--print"}, "--print lists primes up to 2^64-1 only"},
      {{"1e20", "1e21"}, "FIRST: '1e20' is larger than 2^64-1"},
      {{"1", "2", "3"}, "too many arguments: '1' '2' '3'"},
      {{"--threads", "0"}, "--threads must be at least 1"},
      {{"--threads", "x"}, "--threads: 'x' is not a number"},
      {{"--threads=-2"}, "--threads: '-2' is negative"},
      {{"--threads", "1e9"}, "is more than the limit of 4096"},
      {{"--threads"}, "option '--threads' needs a value"},
      {{"--schedule", "dynamic", "--chunk-size", "0"}, "--chunk-size must be at least 1"},
      {{"--schedule", "static", "--chunk-size", "100"},
       "--chunk-size applies to --schedule dynamic only"},
      {{"--kernel", "magic"},
       "unknown kernel 'magic' (expected auto, gourdon, lmo, sieve, primality or trial)"},
      {{"--kernel", "lmo", "--print"}, "--print needs a kernel that finds each prime"},
      {{"--kernel", "lmo", "--schedule", "dynamic", "--chunk-size", "5"},
       "--chunk-size does not apply to --kernel lmo"},
      {{"--kernel", "gourdon", "--print"}, "the gourdon kernel counts them without listing them"},
      {{"--kernel", "gourdon", "--chunk-size", "5"},
       "--chunk-size does not apply to --kernel gourdon"},
      {{"--double-check", "--kernel", "sieve"}, "--double-check applies to --kernel gourdon"},
      {{"--double-check", "--kernel", "lmo"}, "--double-check applies to --kernel gourdon"},
      {{"--double-check", "--print"}, "--double-check applies to --kernel gourdon (or auto) only"},
      {{"--double-check", "--chunk-size", "5"}, "--chunk-size does not apply to --kernel gourdon"},
      {{"--input", "-", "--double-check"}, "--double-check does not apply to --input"},
      {{"--schedule", "guided"}, "unknown schedule 'guided' (expected static or dynamic)"},
      {{"--format", "xml"}, "unknown format 'xml' (expected text, json or csv)"},
      {{"--frobnicate"}, "unknown option '--frobnicate'"},
      {{"--thread", "2"}, "unknown option '--thread'"},  // no guessing of abbreviations
      {{"--progress", "--no-progress"}, "contradict"},
      {{"--kernel", "trial", "--kernel", "sieve"}, "'--kernel' is given more than once"},
  };
  for (const BadInput& c : cases) {
    std::string joined;
    for (const auto& a : c.args)
      joined += a + " ";
    const std::string message = error_of(c.args);
    EXPECT_NE(message.find(c.message), std::string::npos) << joined << "-> " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

TEST(Options, TheMpiProgramTakesThreadsPerProcess) {
  EXPECT_EQ(parse(Frontend::processes, {"--threads", "2"}).threads, 2u);
  EXPECT_EQ(parse(Frontend::processes, {}).threads, 0u) << "0: the front end's default";
  EXPECT_NE(error_of(Frontend::processes, {"--threads", "0"}).find("--threads must be at least 1"),
            std::string::npos);
}

TEST(Options, AnOptionsEndMakesWhatFollowsNumbers) {
  EXPECT_EQ(parse({"--", "10"}).range, (Range{0, 10}));
  EXPECT_EQ(parse({"5", "--", "10"}).range, (Range{5, 10}));
  EXPECT_NE(error_of({"--", "-5"}).find("'-5' is negative"), std::string::npos);
  EXPECT_EQ(error_of({"--", "-5"}).find(": '-5'"), std::string::npos) << "no option owns it";
  EXPECT_NE(error_of({"-t", "--", "-5"}).find("'-5' is negative"), std::string::npos);
  EXPECT_NE(error_of({"--", "--threads"}).find("LAST: '--threads' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of({"-"}).find("LAST: '-' is not a number"), std::string::npos);
}

// Every shape of argv, for both programs: parse_options returns or throws a UsageError of one
// line, nothing else (a Boost exception escaping here would abort the program).
TEST(Options, EveryShapeOfArgvIsAcceptedOrAUsageErrorOfOneLine) {
  for (const Frontend f : {Frontend::threads, Frontend::processes}) {
    test::ArgvShapes shapes(test::option_names_in(help_text(f)), test::fuzz_seed());
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
      const std::vector<std::string> args = shapes.next();
      std::string joined;
      for (const auto& a : args)
        joined += primes::quoted(a) + " ";
      try {
        parse(f, args);
        ++accepted;
      } catch (const UsageError& e) {
        ASSERT_EQ(std::string(e.what()).find('\n'), std::string::npos) << joined << e.what();
      } catch (const std::exception& e) {
        FAIL() << "case " << i << ": " << joined << "threw " << e.what();
      }
    }
    EXPECT_GT(accepted, 100) << "the shapes should hold correct command lines too";
  }
}

}  // namespace
}  // namespace primes
