// Tests of the progress line and of how the meter draws and ends it.
#include "primes/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace primes {
namespace {

// Captures what a meter writes, through a memory stream.
class Captured {
 public:
  Captured() : file_(open_memstream(&buf_, &size_)) {}
  ~Captured() {
    if (file_ != nullptr) std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

TEST(Progress, EnabledByFlagOrByTerminal) {
  EXPECT_TRUE(progress_enabled(ProgressMode::on, false));
  EXPECT_FALSE(progress_enabled(ProgressMode::off, true));
  EXPECT_TRUE(progress_enabled(ProgressMode::automatic, true));
  EXPECT_FALSE(progress_enabled(ProgressMode::automatic, false));
}

TEST(Progress, LineShowsPercentRateElapsedAndEta) {
  const std::string line = progress_line(250, 1000, 2.0);
  EXPECT_NE(line.find(" 25.0%"), std::string::npos) << line;
  EXPECT_NE(line.find("250 of 1000 numbers"), std::string::npos) << line;
  EXPECT_NE(line.find("125/s"), std::string::npos) << line;
  EXPECT_NE(line.find("elapsed 2.0 s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 6.0 s"), std::string::npos) << line;
  EXPECT_NE(progress_line(1000, 1000, 4.0).find("100.0%"), std::string::npos);
  EXPECT_NE(progress_line(0, 1000, 0.0).find("ETA ?"), std::string::npos);
  EXPECT_NE(progress_line(u128{1} << 63, u128{1} << 64, 10.0).find(" 50.0%"), std::string::npos);
}

TEST(Progress, AResumedRunTakesItsRateFromWhatItDidItself) {
  // 600 of 1000 done, 500 of them before this run: 100 in 10 s, so 400 more take 40 s.
  const std::string line = progress_line(600, 1000, 10.0, "pieces", 500);
  EXPECT_NE(line.find(" 60.0%"), std::string::npos) << line;
  EXPECT_NE(line.find("600 of 1000 pieces"), std::string::npos) << line;
  EXPECT_NE(line.find("10/s"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 40.0 s"), std::string::npos) << line;
}

TEST(Progress, UnitsWithoutANameShowTheShareAndTheTimesOnly) {
  const std::string line = progress_line(u128{3} << 60, u128{1} << 63, 30.0, "");
  EXPECT_EQ(line, "[ 37.5%] of the work  elapsed 30.0 s  ETA 50.0 s");
}

TEST(Progress, EachTermShowsItsShareRoundedDownAndTermsWithoutWorkAreLeftOut) {
  const std::vector<WorkTerm> terms = {
      {"hard leaves", 1, 3}, {"easy leaves", 999, 1000}, {"none", 0, 0}, {"P2", 7, 7}};
  EXPECT_EQ(progress_line(u128{3} << 60, u128{1} << 63, 30.0, "", 0, terms),
            "[ 37.5%] of the work (hard leaves 33%, easy leaves 99%, P2 100%)  elapsed 30.0 s  "
            "ETA 50.0 s");
  EXPECT_EQ(progress_line(50, 100, 2.0, "numbers", 0, terms),
            "[ 50.0%] 50 of 100 numbers (hard leaves 33%, easy leaves 99%, P2 100%)  25/s  "
            "elapsed 2.0 s  ETA 2.0 s");
  const std::vector<WorkTerm> empty = {{"P2", 0, 0}};
  EXPECT_EQ(progress_line(u128{3} << 60, u128{1} << 63, 30.0, "", 0, empty),
            progress_line(u128{3} << 60, u128{1} << 63, 30.0, ""));
}

TEST(Progress, TerminalRedrawsInPlaceAndErasesAtTheEnd) {
  Captured out;
  {
    ProgressMeter meter(out.file(), 100, true, true);
    meter.update(10, 1.0);
    meter.update(60, 2.0);
    meter.finish();
  }
  const std::string text = out.text();
  EXPECT_EQ(text.front(), '\r');
  EXPECT_NE(text.find(" 60.0%"), std::string::npos);
  EXPECT_EQ(text.find('\n'), std::string::npos) << "a terminal line is erased, not ended";
  EXPECT_EQ(text.back(), '\r');
}

TEST(Progress, ElsewhereTheLastStateEndsWithANewline) {
  Captured out;
  {
    ProgressMeter meter(out.file(), 100, true, false);
    meter.update(100, 2.0);
  }  // the destructor finishes
  const std::string text = out.text();
  EXPECT_NE(text.find("100.0%"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(Progress, DisabledMeterWritesNothing) {
  Captured out;
  {
    ProgressMeter meter(out.file(), 100, false, true);
    meter.update(50, 1.0);
  }
  EXPECT_TRUE(out.text().empty());
}

}  // namespace
}  // namespace primes
