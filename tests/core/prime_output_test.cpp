// Tests of --print's text: the eight-digit conversion against every value's std::to_string,
// the lines of increasing runs (steps added to the last number's digits) and of lists in any
// order against std::to_string, across every power of ten and the top of 2^64; and the writer,
// which writes chunks in index order whatever order they come in.
#include "primes/prime_output.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "support/capture_pipe.hpp"

namespace primes {
namespace {

std::string as_string(const PrimeLines& text) {
  return std::string(text.begin(), text.end());
}

std::string lines_of(const std::vector<std::uint64_t>& numbers) {
  std::string s;
  for (std::uint64_t n : numbers)
    s += std::to_string(n) + "\n";
  return s;
}

std::string eight(std::uint32_t x) {
  const std::uint64_t word = eight_digits(x);
  char text[8];
  std::memcpy(text, &word, 8);
  return std::string(text, 8);
}

TEST(PrimeText, EightDigitsOfEveryValueBelow10To8) {
  char expected[9] = "00000000";
  for (std::uint32_t x = 0; x < 100'000'000; ++x) {
    // expected counts up in decimal alongside x
    if (x != 0) {
      for (int i = 7; ++expected[i] > '9'; --i)
        expected[i] = '0';
    }
    const std::uint64_t word = eight_digits(x);
    if (std::memcmp(&word, expected, 8) != 0) {
      FAIL() << x << " gave " << eight(x);
    }
  }
  EXPECT_EQ(eight(12345678), "12345678");
  EXPECT_EQ(eight(7), "00000007");
}

TEST(PrimeText, IncreasingRunsEqualToString) {
  // Every step size class (a digit's carry, many carries, a step past the added range), across
  // 10^8 (the boundary of the two parts) and every power of ten, up to 2^64 - 1.
  std::vector<std::uint64_t> numbers = {2, 3, 5, 7, 11, 13, 97, 101, 9999, 10001};
  for (std::uint64_t p = 10; p <= 1'000'000'000'000'000'000ull; p *= 10) {
    for (std::uint64_t n = p - 7; n < p + 7; n += 2)
      numbers.push_back(n);
    numbers.push_back(p + 999);
  }
  numbers.push_back(18446744073709551557ull);  // the largest 64-bit prime
  numbers.push_back(18446744073709551615ull);
  PrimeText text;
  text.primes(numbers);
  EXPECT_EQ(as_string(text.take()), lines_of(numbers));

  // Steps of every size from one number, in many calls.
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> walk;
  std::uint64_t n = 99'999'000;
  for (int i = 0; i < 200000; ++i) {
    const unsigned bits = static_cast<unsigned>(rng() % 24);
    n += 1 + (rng() & ((std::uint64_t{1} << bits) - 1));
    walk.push_back(n);
  }
  for (std::size_t i = 0; i < walk.size(); i += 1000)
    text.primes(std::span<const std::uint64_t>(walk).subspan(i, 1000));
  EXPECT_EQ(as_string(text.take()), lines_of(walk));
}

TEST(PrimeText, AListInAnyOrderEqualsToString) {
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> list = {0, 1, 100'000'000, 99'999'999, 18446744073709551615ull, 5};
  for (int i = 0; i < 10000; ++i)
    list.push_back(rng() >> (rng() % 64));
  PrimeText text;
  for (std::uint64_t n : list)
    text.add(n);
  EXPECT_EQ(as_string(text.take()), lines_of(list));
}

TEST(PrimeText, EachTakeStartsAfresh) {
  PrimeText text;
  text.expect({100, 200});
  text.primes(std::vector<std::uint64_t>{101, 103});
  EXPECT_EQ(as_string(text.take()), "101\n103\n");
  EXPECT_EQ(as_string(text.take()), "");
  text.primes(std::vector<std::uint64_t>{7});  // smaller than the last one written
  EXPECT_EQ(as_string(text.take()), "7\n");
}

TEST(PrimeText, RoomExpectedForARangeChangesNothingInTheText) {
  PrimeText text;
  text.expect({0, 100000});
  std::vector<std::uint64_t> odd;
  for (std::uint64_t n = 1; n <= 100000; n += 2)
    odd.push_back(n);  // more lines than primes: the bound is for primes
  text.primes(std::span<const std::uint64_t>(odd).first(9592));
  const PrimeLines t = text.take();
  EXPECT_EQ(as_string(t), lines_of(std::vector<std::uint64_t>(odd.begin(), odd.begin() + 9592)));
}

TEST(OrderedPrimeWriter, WritesChunksInIndexOrder) {
  test::CapturePipe pipe;
  {
    OrderedPrimeWriter writer(pipe.write_fd(), "a pipe");
    writer.add(2, test::lines_of_text("5\n"));
    writer.add(0, test::lines_of_text("2\n"));
    EXPECT_EQ(writer.next_index(), 1u);
    EXPECT_EQ(writer.held(), 1u);
    writer.add(1, test::lines_of_text("3\n"));
    EXPECT_EQ(writer.next_index(), 3u);
    EXPECT_EQ(writer.held(), 0u);
  }
  EXPECT_EQ(pipe.text(), "2\n3\n5\n");
}

TEST(OrderedPrimeWriter, AFullDeviceIsAnErrorNamingTheDestination) {
  const int fd = ::open("/dev/full", O_WRONLY);
  ASSERT_GE(fd, 0);
  OrderedPrimeWriter writer(fd, "the full device");
  try {
    writer.add(0, PrimeLines(10, std::uint8_t{'1'}));
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write the primes to the full device"),
              std::string::npos)
        << e.what();
  }
  ::close(fd);
}

}  // namespace
}  // namespace primes
