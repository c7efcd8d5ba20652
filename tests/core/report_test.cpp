// Tests of the report renderings: the seed's text line, the JSON schema and the CSV row.
#include "primes/report.hpp"

#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "primes/version.hpp"
#include "support/run_command.hpp"

namespace primes {
namespace {

Report sample(Frontend mode) {
  Report r;
  r.mode = mode;
  r.range = {1, 300000};
  r.count = 25997;
  r.kernel = KernelKind::trial;
  r.schedule = Schedule::static_blocks;
  r.chunk_size = 150000;
  r.workers = 2;
  r.ranks = mode == Frontend::threads ? 1 : 2;
  r.threads_per_rank = mode == Frontend::threads ? 2 : 1;
  r.chunks = 2;
  r.seconds = 0.0042;
  const bool threads = mode == Frontend::threads;
  r.per_worker = {{0, "node-a", 1, 150000, 13848, 0.0021, 0, 0},
                  {1, "node-b", 1, 150000, 12149, 0.0040, threads ? 0u : 1u, threads ? 1u : 0u}};
  return r;
}

TEST(Report, TextIsTheSeedsLine) {
  Report r = sample(Frontend::threads);
  r.seconds = 1.23456;
  EXPECT_EQ(render(r, Format::text), "Threads: 25997 primes in 1.235 s with 2 threads\n");
  r = sample(Frontend::processes);
  r.seconds = 1.23456;
  EXPECT_EQ(render(r, Format::text), "Processes: 25997 primes in 1.235 s with 2 processes\n");
  r.workers = 1;
  r.ranks = 1;
  r.count = 1;
  EXPECT_EQ(render(r, Format::text), "Processes: 1 prime in 1.235 s with 1 process\n");
}

// The text line of the sample report of `mode`, counted in 1.23456 s, once `change` is made.
std::string text_after(Frontend mode, const std::function<void(Report&)>& change) {
  Report r = sample(mode);
  r.seconds = 1.23456;
  change(r);
  return render(r, Format::text);
}

TEST(Report, TextNamesThreadsPerProcessWhenThereAreSeveral) {
  EXPECT_EQ(text_after(Frontend::processes,
                       [](Report& r) {
                         r.workers = 4;
                         r.threads_per_rank = 2;
                       }),
            "Processes: 25997 primes in 1.235 s with 2 processes \u00d7 2 threads\n");
}

TEST(Report, TextSaysWhatCameFromTheCheckpoint) {
  auto resumed = [](Report& r) {
    r.resumed_chunks = 3;
    r.resumed_primes = 1000;
  };
  EXPECT_EQ(text_after(Frontend::threads, resumed),
            "Threads: 25997 primes in 1.235 s with 2 threads (3 chunks and 1000 primes from the "
            "checkpoint)\n");
  Report r = sample(Frontend::threads);
  resumed(r);
  const auto j = nlohmann::json::parse(render(r, Format::json));
  EXPECT_EQ(j["resumed_chunks"], 3);
  EXPECT_EQ(j["resumed_primes"], 1000);
}

TEST(Report, TextShowsMicrosecondsForShortRuns) {
  Report r = sample(Frontend::threads);
  r.seconds = 0.0000456;
  EXPECT_EQ(render(r, Format::text), "Threads: 25997 primes in 0.000046 s with 2 threads\n");
}

// Each field of `object` named in `expected` has the value given there.
void expect_fields(const nlohmann::json& object, const nlohmann::json& expected) {
  for (const auto& [key, value] : expected.items()) {
    if (value.is_number_float()) {
      EXPECT_DOUBLE_EQ(object[key].get<double>(), value.get<double>()) << key;
    } else {
      EXPECT_EQ(object[key], value) << key;
    }
  }
}

TEST(Report, JsonHasEveryDocumentedField) {
  const auto j = nlohmann::json::parse(render(sample(Frontend::processes), Format::json));
  expect_fields(j, {{"mode", "processes"},
                    {"first", 1},
                    {"last", 300000},
                    {"count", 25997},
                    {"kernel", "trial"},
                    {"schedule", "static"},
                    {"chunk_size", 150000},
                    {"workers", 2},
                    {"ranks", 2},
                    {"threads_per_rank", 1},
                    {"chunks", 2},
                    {"seconds", 0.0042},
                    {"busy_min_seconds", 0.0021},
                    {"busy_max_seconds", 0.0040},
                    {"version", kVersion}});
  ASSERT_EQ(j["per_worker"].size(), 2u);
  expect_fields(j["per_worker"][1], {{"id", 1},
                                     {"host", "node-b"},
                                     {"rank", 1},
                                     {"thread", 0},
                                     {"chunks", 1},
                                     {"numbers", 150000},
                                     {"primes", 12149},
                                     {"busy_seconds", 0.0040}});
}

TEST(Report, JsonKeepsExact64BitValues) {
  Report r = sample(Frontend::threads);
  r.range = {0, kMaxU64};
  r.per_worker = {{0, "h", 1, u128{1} << 64, 0, 0.0}};
  r.chunk_size = u128{1} << 64;
  const auto j = nlohmann::json::parse(render(r, Format::json));
  EXPECT_EQ(j["last"].get<std::uint64_t>(), kMaxU64);
  // 2^64 does not fit a JSON integer of 64 bits: it is written as an exact decimal string.
  EXPECT_EQ(j["chunk_size"], "18446744073709551616");
  EXPECT_EQ(j["per_worker"][0]["numbers"], "18446744073709551616");
}

// pi(10^22) (OEIS A006880): its x and its count past 2^64, in every format, all their digits.
TEST(Report, APiXPast2e64IsWrittenWithAllItsDigits) {
  Report r = sample(Frontend::threads);
  const u128 x = u128{10'000'000'000'000ull} * 1'000'000'000ull;
  r.range = {0, static_cast<std::uint64_t>(x), static_cast<std::uint64_t>(x >> 64)};
  r.count = u128{201467286689ull} * 1'000'000'000ull + 315906290ull;
  r.kernel = KernelKind::gourdon;
  EXPECT_EQ(render(r, Format::text).rfind("Threads: 201467286689315906290 primes in", 0), 0u);
  const auto j = nlohmann::json::parse(render(r, Format::json));
  EXPECT_EQ(j["first"], 0u);
  EXPECT_EQ(j["last"], "10000000000000000000000");
  EXPECT_EQ(j["count"], "201467286689315906290");
  const auto lines = test::lines_of(render(r, Format::csv));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].rfind("threads,0,10000000000000000000000,201467286689315906290,gourdon,", 0),
            0u)
      << lines[1];
}

TEST(Report, CsvIsAHeaderAndOneRow) {
  const auto lines = test::lines_of(render(sample(Frontend::threads), Format::csv));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "mode,first,last,count,kernel,schedule,chunk_size,workers,chunks,seconds,"
            "busy_min_seconds,busy_max_seconds,version,ranks,threads_per_rank,resumed_chunks,"
            "resumed_primes");
  EXPECT_EQ(lines[1],
            std::string("threads,1,300000,25997,trial,static,150000,2,2,0.004200000,0.002100000,"
                        "0.004000000,") +
                kVersion + ",1,2,0,0");
}

}  // namespace
}  // namespace primes
