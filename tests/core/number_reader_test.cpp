// Tests of the list reader: separators, comments, batches across buffer boundaries, the edges
// of 64 bits, and errors that name the line, the column and the text.
#include "primes/number_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "primes/pmath.hpp"
#include "support/temp_dir.hpp"

namespace primes {
namespace {

std::vector<std::uint64_t> read_all(const std::string& path, std::size_t batch = 3) {
  NumberReader reader(path);
  std::vector<std::uint64_t> all;
  std::vector<std::uint64_t> part;
  while (reader.next(part, batch)) {
    EXPECT_LE(part.size(), batch);
    all.insert(all.end(), part.begin(), part.end());
  }
  EXPECT_TRUE(part.empty());
  EXPECT_EQ(reader.count(), all.size());
  return all;
}

std::string error_of(const std::string& path) {
  try {
    read_all(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

class NumberReaderTest : public testing::Test {
 protected:
  std::string write(const std::string& text) {
    const std::string path = dir_.file("input.txt");
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  test::TempDir dir_;
};

TEST_F(NumberReaderTest, WhitespaceNewlinesAndComments) {
  const std::string path = write("2 3\t5\n7\r\n# a comment 11 13\n17 # 19\n\n  23\v29\f31");
  EXPECT_EQ(read_all(path), (std::vector<std::uint64_t>{2, 3, 5, 7, 17, 23, 29, 31}));
}

TEST_F(NumberReaderTest, TheEdgesOf64BitsAndLeadingZeros) {
  const std::string path = write("0\n18446744073709551615\n007\n");
  EXPECT_EQ(read_all(path), (std::vector<std::uint64_t>{0, kMaxU64, 7}));
}

TEST_F(NumberReaderTest, AMissingFinalNewlineAndAnEmptyInput) {
  EXPECT_EQ(read_all(write("1 2 3")), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_TRUE(read_all(write("")).empty());
  EXPECT_TRUE(read_all(write("# only a comment\n\n   \n")).empty());
}

TEST_F(NumberReaderTest, TokensSpanningTheReadBuffer) {
  // More than one 1 MiB buffer: numbers straddle every boundary.
  std::string text;
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 0; i < 300000; ++i) {
    const std::uint64_t n = i * 12345678901ull;
    text += std::to_string(n) + (i % 7 == 0 ? "\n" : " ");
    expected.push_back(n);
  }
  EXPECT_EQ(read_all(write(text), 1000), expected);
}

TEST_F(NumberReaderTest, BadTokensNameTheirLineColumnAndText) {
  EXPECT_NE(error_of(write("1 2\n3 4x 5\n")).find("line 2, column 3: '4x' is not a whole number"),
            std::string::npos)
      << error_of(write("1 2\n3 4x 5\n"));
  EXPECT_NE(
      error_of(write("18446744073709551616")).find("line 1, column 1: '18446744073709551616'"),
      std::string::npos);
  EXPECT_NE(error_of(write("1 -5")).find("column 3: '-5'"), std::string::npos);
  EXPECT_NE(error_of(write("1\n\n   2.5 # x")).find("line 3, column 4: '2.5'"), std::string::npos);
  // A trailing garbage token, without a newline.
  EXPECT_NE(error_of(write("1 2 3 junk")).find("column 7: 'junk'"), std::string::npos);
  // Long garbage is cut short; control characters are escaped.
  const std::string long_token(100000, 'z');
  const std::string message = error_of(write("5 " + long_token));
  EXPECT_LT(std::count(message.begin(), message.end(), 'z'), 45) << message;
  EXPECT_NE(message.find("...' (100000 characters)"), std::string::npos) << message;
  EXPECT_NE(error_of(write("1 2\x1b[31m")).find("'2\\x1b[31m'"), std::string::npos);
}

TEST_F(NumberReaderTest, AnUnreadableFileIsAUsageError) {
  EXPECT_THROW(NumberReader(dir_.file("missing.txt")), UsageError);
}

}  // namespace
}  // namespace primes
