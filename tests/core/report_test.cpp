// Tests of the report renderings: the seed's text line, the JSON schema and the CSV row.
#include "primes/report.hpp"

#include <gtest/gtest.h>

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

TEST(Report, TextNamesThreadsPerProcessWhenThereAreSeveral) {
  Report r = sample(Frontend::processes);
  r.seconds = 1.23456;
  r.workers = 4;
  r.threads_per_rank = 2;
  EXPECT_EQ(render(r, Format::text),
            "Processes: 25997 primes in 1.235 s with 2 processes \u00d7 2 threads\n");
}

TEST(Report, TextSaysWhatCameFromTheCheckpoint) {
  Report r = sample(Frontend::threads);
  r.seconds = 1.23456;
  r.resumed_chunks = 3;
  r.resumed_primes = 1000;
  EXPECT_EQ(render(r, Format::text),
            "Threads: 25997 primes in 1.235 s with 2 threads (3 chunks and 1000 primes from the "
            "checkpoint)\n");
  const auto j = nlohmann::json::parse(render(r, Format::json));
  EXPECT_EQ(j["resumed_chunks"], 3);
  EXPECT_EQ(j["resumed_primes"], 1000);
}

TEST(Report, TextShowsMicrosecondsForShortRuns) {
  Report r = sample(Frontend::threads);
  r.seconds = 0.0000456;
  EXPECT_EQ(render(r, Format::text), "Threads: 25997 primes in 0.000046 s with 2 threads\n");
}

TEST(Report, JsonHasEveryDocumentedField) {
  const auto j = nlohmann::json::parse(render(sample(Frontend::processes), Format::json));
  EXPECT_EQ(j["mode"], "processes");
  EXPECT_EQ(j["first"], 1);
  EXPECT_EQ(j["last"], 300000);
  EXPECT_EQ(j["count"], 25997);
  EXPECT_EQ(j["kernel"], "trial");
  EXPECT_EQ(j["schedule"], "static");
  EXPECT_EQ(j["chunk_size"], 150000);
  EXPECT_EQ(j["workers"], 2);
  EXPECT_EQ(j["ranks"], 2);
  EXPECT_EQ(j["threads_per_rank"], 1);
  EXPECT_EQ(j["chunks"], 2);
  EXPECT_DOUBLE_EQ(j["seconds"].get<double>(), 0.0042);
  EXPECT_DOUBLE_EQ(j["busy_min_seconds"].get<double>(), 0.0021);
  EXPECT_DOUBLE_EQ(j["busy_max_seconds"].get<double>(), 0.0040);
  EXPECT_EQ(j["version"], kVersion);
  ASSERT_EQ(j["per_worker"].size(), 2u);
  const auto& w = j["per_worker"][1];
  EXPECT_EQ(w["id"], 1);
  EXPECT_EQ(w["host"], "node-b");
  EXPECT_EQ(w["rank"], 1);
  EXPECT_EQ(w["thread"], 0);
  EXPECT_EQ(w["chunks"], 1);
  EXPECT_EQ(w["numbers"], 150000);
  EXPECT_EQ(w["primes"], 12149);
  EXPECT_DOUBLE_EQ(w["busy_seconds"].get<double>(), 0.0040);
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
