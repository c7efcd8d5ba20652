// Tests of the checkpoint journal: what it writes, what it resumes, and every kind of bad file:
// another job's, not a checkpoint at all, damaged (checksum, duplicate, out of plan, garbage),
// torn at the end, held by another job.
#include "primes/checkpoint.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "primes/errors.hpp"

namespace primes {
namespace {

namespace fs = std::filesystem;

class CheckpointTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("primes-ckpt-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "job.ckpt").string();
    job_.range = {0, 999};
    job_.kernel = KernelKind::sieve;
    job_.checkpointed = true;
    job_.chunk_size = 100;  // 10 chunks
  }
  void TearDown() override { fs::remove_all(dir_); }

  Checkpoint open() { return Checkpoint::open(path_, job_, std::chrono::seconds(10), warnings_); }
  std::string contents() const {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void write(const std::string& text) const {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << text;
  }
  // The plan's chunk `i` as its result.
  static ChunkResult result(std::uint64_t i, std::uint64_t primes) {
    return {0, i, {i * 100, i * 100 + 99}, {primes}, 0.0};
  }
  std::string error_of_open() {
    try {
      open();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(opened)";
  }

  // A line of the file, sealed with its checksum as the program writes it.
  static std::string sealed(const std::string& line) {
    char crc[16];
    std::snprintf(crc, sizeof crc, " crc=%08x\n", crc32(line));
    return line + crc;
  }

  fs::path dir_;
  std::string path_;
  Job job_;
  std::vector<std::string> warnings_;
};

TEST(Crc32, KnownValues) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // the standard check value of CRC-32
  EXPECT_EQ(crc32(""), 0u);
}

TEST_F(CheckpointTest, ANewFileHoldsAHeaderNamingTheJob) {
  Checkpoint c = open();
  EXPECT_TRUE(c.work().todo.size() == 10);
  EXPECT_EQ(c.work().resumed_chunks, 0u);
  const std::string text = contents();
  EXPECT_TRUE(
      text.starts_with("primes-checkpoint v2 first=0 last=999 kernel=sieve chunk_size=100 "
                       "chunks=10 crc="))
      << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_TRUE(warnings_.empty());
}

TEST_F(CheckpointTest, RecordedChunksAreResumedAndNotCountedAgain) {
  {
    Checkpoint c = open();
    c.record({result(0, 25), result(7, 10)});
    c.record({result(3, 16)});
    EXPECT_TRUE(c.recorded() == 3);
  }
  Checkpoint again = open();
  const Work& w = again.work();
  EXPECT_EQ(w.resumed_chunks, 3u);
  EXPECT_EQ(w.resumed_primes, 51u);
  EXPECT_TRUE(w.resumed_numbers == 300);
  EXPECT_TRUE(w.resumed_work == 300) << "the sieve's work is its numbers";
  EXPECT_EQ(w.todo.indices(), (std::vector<std::uint64_t>{1, 2, 4, 5, 6, 8, 9}));
  EXPECT_TRUE(w.plan.chunk_size() == 100);
}

TEST_F(CheckpointTest, ARecordHoldsTheChunksValueInDecimal) {
  {
    Checkpoint c = open();
    c.record({result(3, 17), {0, 4, {400, 499}, {5, 18446744073709551615ull}, 0.0}});
  }
  const std::string text = contents();
  EXPECT_NE(text.find("\nchunk 3 300 399 17 crc="), std::string::npos) << text;
  EXPECT_NE(text.find("\nchunk 4 400 499 5,18446744073709551615 crc="), std::string::npos) << text;
}

TEST_F(CheckpointTest, AFileOfFormatV1IsResumedAndContinued) {
  // v1 wrote a count's record as v2 does, and a piece of pi(x) as "0 part=" and hex words.
  write(sealed("primes-checkpoint v1 first=0 last=999 kernel=sieve chunk_size=100 chunks=10") +
        sealed("chunk 0 0 99 25") + sealed("chunk 2 200 299 16"));
  {
    Checkpoint c = open();
    EXPECT_EQ(c.work().resumed_chunks, 2u);
    EXPECT_EQ(c.work().resumed_primes, 41u);
    c.record({result(1, 21)});
  }
  Checkpoint c = open();
  EXPECT_EQ(c.work().resumed_chunks, 3u);
  EXPECT_EQ(c.work().join->count(), 62u);

  // A v1 file of the lmo kernel: its parts join as they did.
  Job pi;
  pi.range = {0, 100000};
  pi.kernel = KernelKind::lmo;
  pi.schedule = Schedule::dynamic_chunks;
  pi.checkpointed = true;
  const ChunkPlan plan = pi.plan();
  auto kernel = pi.new_kernel();
  std::string file =
      sealed("primes-checkpoint v1 first=0 last=100000 kernel=lmo chunk_size=1 chunks=" +
             to_decimal(plan.count()));
  for (std::uint64_t i = 0; i < plan.count(); ++i) {
    const ChunkValue part = kernel->chunk_value(kernel->count(plan.chunk(i)));
    std::string hex;
    for (std::uint64_t w : part) {
      char word[24];
      std::snprintf(word, sizeof word, hex.empty() ? "%llx" : ",%llx",
                    static_cast<unsigned long long>(w));
      hex += word;
    }
    file += sealed("chunk " + std::to_string(i) + " " + std::to_string(i) + " " +
                   std::to_string(i) + " 0 part=" + hex);
  }
  const std::string pi_path = (dir_ / "pi.ckpt").string();
  std::ofstream(pi_path, std::ios::binary) << file;
  const Checkpoint p = Checkpoint::open(pi_path, pi, std::chrono::seconds(10), warnings_);
  EXPECT_TRUE(p.work().todo.empty());
  EXPECT_EQ(p.work().join->count(), 9592u);  // pi(10^5)
}

TEST_F(CheckpointTest, AnUnknownFormatIsAUsageErrorNamingTheFormatsRead) {
  write(sealed("primes-checkpoint v9 first=0 last=999 kernel=sieve chunk_size=100 chunks=10"));
  EXPECT_NE(error_of_open().find("has format v9; this program reads v2 and v1"), std::string::npos)
      << error_of_open();
}

TEST_F(CheckpointTest, TheFilesChunkSizeWinsWhenNoneIsGiven) {
  { open(); }
  job_.chunk_size.reset();  // automatic: the file's 100 is kept, whatever the workers now
  job_.threads = 7;
  Checkpoint c = open();
  EXPECT_TRUE(c.work().plan.chunk_size() == 100);
}

TEST_F(CheckpointTest, AFinishedFileLeavesNothingToDo) {
  {
    Checkpoint c = open();
    std::vector<ChunkResult> all;
    for (std::uint64_t i = 0; i < 10; ++i)
      all.push_back(result(i, 1));
    c.record(all);
  }
  Checkpoint c = open();
  EXPECT_TRUE(c.work().todo.empty());
  EXPECT_EQ(c.work().resumed_primes, 10u);
}

TEST_F(CheckpointTest, ATornLastRecordIsDroppedWithAWarningAndCountedAgain) {
  {
    Checkpoint c = open();
    c.record({result(0, 25), result(1, 21)});
  }
  const std::string whole = contents();
  std::ofstream(path_, std::ios::binary | std::ios::app) << "chunk 2 200 299 1";  // no newline
  Checkpoint c = open();
  ASSERT_EQ(warnings_.size(), 1u);
  EXPECT_NE(warnings_[0].find("dropped a torn last record at byte " + std::to_string(whole.size())),
            std::string::npos)
      << warnings_[0];
  EXPECT_EQ(c.work().resumed_chunks, 2u);
  EXPECT_EQ(c.work().todo.at(0), 2u) << "the torn chunk is counted again";
  EXPECT_EQ(contents(), whole) << "the torn bytes are cut off before appending";
  c.record({result(2, 20)});
  const std::string after = contents();
  EXPECT_EQ(std::count(after.begin(), after.end(), '\n'), 4);
}

TEST_F(CheckpointTest, AFileOfAnotherJobIsRefusedNamingTheDifference) {
  { open(); }
  job_.range.last = 1999;
  EXPECT_NE(error_of_open().find("was written for LAST 999, not 1999"), std::string::npos)
      << error_of_open();
  EXPECT_THROW(open(), UsageError);
  job_.range.last = 999;
  job_.kernel = KernelKind::trial;
  EXPECT_NE(error_of_open().find("--kernel sieve, not trial"), std::string::npos);
  job_.kernel = KernelKind::sieve;
  job_.chunk_size = 50;
  EXPECT_NE(error_of_open().find("--chunk-size 100, not 50"), std::string::npos);
  job_.range.first = 1;
  EXPECT_NE(error_of_open().find("FIRST 0, not 1"), std::string::npos);
}

TEST_F(CheckpointTest, ADoubleCheckedCountIsAnotherJob) {
  job_.range = {0, 100000000000ull};
  job_.kernel = KernelKind::gourdon;
  job_.chunk_size.reset();
  job_.double_check = true;
  { open(); }
  EXPECT_NE(contents().find(" kernel=gourdon+double-check "), std::string::npos) << contents();
  job_.double_check = false;
  EXPECT_NE(error_of_open().find("was written by a count with --double-check (add it, or give "
                                 "another file)"),
            std::string::npos)
      << error_of_open();
  job_.double_check = true;
  EXPECT_TRUE(open().work().todo.size() == job_.plan().count()) << "resumed by the same job";
}

TEST_F(CheckpointTest, AFileThatIsNotACheckpointIsRefusedAndLeftUntouched) {
  write("my precious notes\n");
  EXPECT_THROW(open(), UsageError);
  EXPECT_NE(error_of_open().find("exists and is not a checkpoint: it is left untouched"),
            std::string::npos);
  EXPECT_EQ(contents(), "my precious notes\n");
  write("");
  EXPECT_THROW(open(), UsageError) << "an empty file is not a checkpoint either";
  EXPECT_EQ(contents(), "");
}

TEST_F(CheckpointTest, ADirectoryOrAnUnwritablePlaceIsAUsageError) {
  path_ = dir_.string();
  EXPECT_THROW(open(), UsageError);
  EXPECT_NE(error_of_open().find("is a directory"), std::string::npos);
  path_ = (dir_ / "no-such-dir" / "job.ckpt").string();
  EXPECT_THROW(open(), UsageError);
  EXPECT_NE(error_of_open().find("cannot create checkpoint"), std::string::npos);
}

TEST_F(CheckpointTest, DamageIsAnErrorThatSaysWhere) {
  {
    Checkpoint c = open();
    c.record({result(0, 25), result(1, 21), result(2, 16)});
  }
  const std::string good = contents();
  const std::size_t second = good.find('\n', good.find('\n') + 1) + 1;  // record 2's byte
  // A changed digit: the checksum no longer holds.
  std::string bad = good;
  bad[second + 6] = '9';
  write(bad);
  EXPECT_THROW(open(), CheckpointDamaged);
  EXPECT_NE(
      error_of_open().find("record 2 (byte " + std::to_string(second) + ") fails its checksum"),
      std::string::npos)
      << error_of_open();
  // Garbage in the middle, good records after it.
  write(good.substr(0, second) + "garbage\n" + good.substr(second));
  EXPECT_NE(error_of_open().find("record 2 (byte " + std::to_string(second) + ")"),
            std::string::npos);
  EXPECT_THROW(open(), CheckpointDamaged);
}

TEST_F(CheckpointTest, DuplicateAndOutOfPlanRecordsAreDamage) {
  {
    Checkpoint c = open();
    c.record({result(4, 10), result(4, 10)});
  }
  EXPECT_NE(error_of_open().find("record 2 (byte"), std::string::npos);
  EXPECT_NE(error_of_open().find("repeats chunk 4"), std::string::npos);
  fs::remove(path_);
  {
    Checkpoint c = open();
    c.record({{0, 12, {1200, 1299}, {3}, 0.0}});  // there are 10 chunks
  }
  EXPECT_NE(error_of_open().find("names chunk 12, outside the plan of 10 chunks"),
            std::string::npos);
  fs::remove(path_);
  {
    Checkpoint c = open();
    c.record({{0, 2, {200, 250}, {3}, 0.0}});  // not the plan's chunk 2
  }
  EXPECT_NE(error_of_open().find("does not match chunk 2 of the plan"), std::string::npos);
}

TEST_F(CheckpointTest, AFileInUseByAnotherJobIsRefused) {
  Checkpoint first = open();
  EXPECT_THROW(open(), UsageError);
  EXPECT_NE(error_of_open().find("is in use by another running job"), std::string::npos);
}

TEST_F(CheckpointTest, TooManyChunksIsAUsageError) {
  job_.range = {0, 999999999};
  job_.chunk_size = 10;
  EXPECT_THROW(open(), UsageError);
  EXPECT_FALSE(fs::exists(path_)) << "nothing is created for a job that cannot be journaled";
}

}  // namespace
}  // namespace primes
