// Tests of parse_number: every accepted notation, exactness, and each kind of rejection.
#include "primes/number_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace primes {
namespace {

struct Accepted {
  const char* text;
  std::uint64_t value;
};

TEST(ParseNumber, AcceptsTheDocumentedNotations) {
  const Accepted cases[] = {
      {"0", 0},
      {"300000", 300000},
      {"1_000_000", 1000000},
      {"1e10", 10000000000ull},
      {"1E3", 1000},
      {"1e+3", 1000},
      {"2.5e9", 2500000000ull},
      {"1000e-3", 1},
      {"2^32", 4294967296ull},
      {"10^9", 1000000000ull},
      {"2^64-1", 18446744073709551615ull},
      {"2^64 - 1e9", 18446744072709551616ull},
      {"1e12+1e9", 1001000000000ull},
      {"3*10^9", 3000000000ull},
      {"(2^32+1)*(2^31)", 9223372039002259456ull},
      {"2^3^2", 512},  // right-associative
      {"18446744073709551615", 18446744073709551615ull},
      {"2^65-2^64-1", 18446744073709551615ull},  // intermediates beyond 64 bits are exact
      {" 42 ", 42},
      {"1-1", 0},
      {"+7", 7},
      {"0^0", 1},
      {"1^1000000", 1},
  };
  for (const Accepted& c : cases) {
    EXPECT_EQ(parse_number(c.text), c.value) << c.text;
  }
}

// Rejected text, and a fragment of the message that must name the problem.
struct Rejected {
  const char* text;
  const char* message;
};

TEST(ParseNumber, RejectsWithAMessageNamingTheProblem) {
  const Rejected cases[] = {
      {"", "empty"},
      {"   ", "empty"},
      {"abc", "not a number"},
      {"12abc", "not a number"},
      {"0x10", "not a number"},
      {"1__000", "not a number"},
      {"_1", "not a number"},
      {"1_", "not a number"},
      {"1e", "not a number"},
      {"2^", "not a number"},
      {"(1+2", "not a number"},
      {"1.5", "not a whole number"},
      {"0.1", "not a whole number"},
      {"1e-1", "not a whole number"},
      {"2^-1", "not a whole number"},
      {"-5", "negative"},
      {"1-2", "negative"},
      {"2^64", "larger than 2^64-1"},
      {"18446744073709551616", "larger than 2^64-1"},
      {"1e20", "larger than 2^64-1"},
      {"2^64+0", "larger than 2^64-1"},
      {"10^100", "larger than 2^64-1"},
      {"1e99999999", "larger than 2^64-1"},
      {"99999999999999999999999999999999999999999999", "larger than 2^64-1"},
  };
  for (const Rejected& c : cases) {
    try {
      parse_number(c.text);
      ADD_FAILURE() << "accepted '" << c.text << "'";
    } catch (const NumberError& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos)
          << "'" << c.text << "' gave: " << e.what();
    }
  }
}

// A count from zero takes LAST up to 10^28: the same notations, exact past 2^64.
TEST(ParseNumber, WideNumbersAreExactUpToTheirLimit) {
  const u128 max = u128{10'000'000'000'000ull} * 1'000'000'000'000'000ull;  // 10^28
  EXPECT_TRUE(parse_wide_number("1e28", max, "10^28") == max);
  EXPECT_TRUE(parse_wide_number("10^24+7", max, "10^28") ==
              u128{1'000'000'000'000ull} * 1'000'000'000'000ull + 7);
  EXPECT_TRUE(parse_wide_number("2^80", max, "10^28") == u128{1} << 80);
  EXPECT_TRUE(parse_wide_number("2^64", max, "10^28") == u128{1} << 64);
  EXPECT_TRUE(parse_wide_number("300000", max, "10^28") == 300000);
  for (const char* text : {"1e28+1", "1e29", "2^128", "2^200", "99999999999999999999999999999"}) {
    try {
      parse_wide_number(text, max, "10^28");
      ADD_FAILURE() << text << " accepted";
    } catch (const NumberError& e) {
      EXPECT_EQ(std::string(e.what()), "'" + std::string(text) + "' is larger than 10^28");
    }
  }
  EXPECT_THROW(parse_wide_number("-1", max, "10^28"), NumberError);
  EXPECT_THROW(parse_wide_number("1.5", max, "10^28"), NumberError);
}

TEST(ParseNumber, ErrorsAreUsageErrors) {
  EXPECT_THROW(parse_number("nope"), UsageError);
}

}  // namespace
}  // namespace primes
