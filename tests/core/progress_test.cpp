// Tests of the progress line and of how the meter draws and ends it.
#include "primes/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

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
