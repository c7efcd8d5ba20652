/// @file malformed.hpp
/// Malformed command lines, generated from a seed so that a failure can be replayed: every one
/// holds at least one part that no correct parser accepts (a number nested too deep or not
/// closed, too long, with operators out of place, not whole, negative, too large, in another
/// script, with control characters, empty; an unknown, repeated or valueless option, or one with
/// a bad value), among parts that are fine. Both programs must answer each with status 2, one
/// line on stderr and nothing on stdout, at once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace primes::test {

class MalformedCommandLines {
 public:
  explicit MalformedCommandLines(std::uint64_t seed) : rng_(seed) {}

  std::vector<std::string> next() {
    std::vector<std::string> args;
    const int fine = pick(0, 3);
    for (int i = 0; i < fine; ++i) {
      const std::vector<std::string> part = fine_part();
      args.insert(args.end(), part.begin(), part.end());
    }
    const int bad = pick(1, 2);
    for (int i = 0; i < bad; ++i) {
      std::vector<std::string> part =
          pick(0, 1) == 0 ? std::vector<std::string>{bad_number()} : bad_option();
      // Somewhere among the fine parts, but never between an option and its value.
      std::size_t at = 0;
      for (std::size_t j = 0; j <= args.size(); ++j) {
        if (j == args.size() || !args[j].starts_with("--")) {
          at = j;
          if (pick(0, 2) == 0) break;
        }
      }
      if (dangling_) at = args.size();  // an option without its value must come last
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(at), part.begin(), part.end());
      if (dangling_) break;
    }
    dangling_ = false;
    return args;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string digits(int n) {
    std::string s(1, static_cast<char>('1' + pick(0, 8)));
    for (int i = 1; i < n; ++i)
      s += static_cast<char>('0' + pick(0, 9));
    return s;
  }
  std::string fine_number() {
    static const std::vector<std::string> numbers = {"1e6", "1000", "2^20", "3*10^5", "(1e6)"};
    return numbers[static_cast<std::size_t>(pick(0, static_cast<int>(numbers.size()) - 1))];
  }
  std::vector<std::string> fine_part() {
    static const std::vector<std::vector<std::string>> parts = {
        {"--kernel", "trial"}, {"--kernel", "sieve"}, {"--format", "json"},    {"--format", "csv"},
        {"--no-progress"},     {"--threads", "2"},    {"--schedule", "static"}};
    if (pick(0, 4) == 0) return {fine_number()};
    return parts[static_cast<std::size_t>(pick(0, static_cast<int>(parts.size()) - 1))];
  }

  std::string bad_number() {
    const std::string ops = "+-*^";
    switch (pick(0, 13)) {
      case 0: {  // nested deeper than any parser should recurse
        const int n = pick(101, 60000);
        return std::string(static_cast<std::size_t>(n), '(') + "1" +
               std::string(static_cast<std::size_t>(n), ')');
      }
      case 1: {  // parentheses that do not match
        const auto n = static_cast<std::size_t>(pick(1, 2000));
        std::string s = pick(0, 1) == 0 ? std::string(n, '(') : std::string();
        s.push_back('1');
        s.append(s.size() > 1 ? n - 1 : n, ')');
        return s;
      }
      case 2:  // far more digits than 64 bits hold
        return digits(pick(21, 100000));
      case 3:  // an operator at the end
        return fine_number() + ops[static_cast<std::size_t>(pick(0, 3))];
      case 4:  // an operator at the start
        return std::string(1, "*^)"[pick(0, 2)]) + fine_number();
      case 5:  // two binary operators in a row
        return fine_number() + (pick(0, 1) == 0 ? "**" : "^^") + fine_number();
      case 6: {  // not whole, or not an operator we know
        static const std::vector<std::string> v = {"1.5", "3e-1", "7/2", "2^-1", "1e6.5", "10%3"};
        return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
      }
      case 7: {  // negative
        std::string s = pick(0, 1) == 0 ? std::string("-") : std::string("0-");
        s.append(digits(pick(1, 6)));
        return s;
      }
      case 8: {  // beyond 10^30 (a count from zero stops there, every other range at 2^64 - 1)
        static const std::vector<std::string> v = {
            "2^128", "1e31", "10^30+1", "(2^64)^2", "1e30*1e2", "9999999999999999999999999999999"};
        return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
      }
      case 9: {  // other scripts and symbols
        static const std::vector<std::string> v = {"\xef\xbc\x91\xef\xbc\x92",  // fullwidth 12
                                                   "1e\xd9\xa3",                // Arabic-Indic 3
                                                   "\xe2\x88\x9e",              // infinity
                                                   "\xcf\x80",
                                                   "1\xc2\xa0"
                                                   "000",
                                                   "\xc2\xbd",
                                                   "1e10\xe2\x82\xac"};
        return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
      }
      case 10: {  // control characters
        static const std::vector<std::string> v = {"1\x1b[31m", "\r",    "1\n2",
                                                   "\t1",       "1\x7f", "\x1b]0;title\x07"};
        return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
      }
      case 11:
        return pick(0, 1) == 0 ? "" : std::string(static_cast<std::size_t>(pick(1, 5)), ' ');
      case 12: {  // letters and misplaced underscores or exponents
        static const std::vector<std::string> v = {"abc", "1e", "1e+",  "e5",   "1x",    "0x10",
                                                   "1_",  "_1", "1__0", "1._5", "1e1e1", "-"};
        return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
      }
      default: {  // printable garbage holding at least one character no number has
        std::string s = fine_number();
        const std::string noise = "z#@!?,;:$&=~|<>[]{}";
        for (int i = pick(1, 30); i > 0; --i)
          s.insert(static_cast<std::size_t>(pick(0, static_cast<int>(s.size()))), 1,
                   noise[static_cast<std::size_t>(pick(0, static_cast<int>(noise.size()) - 1))]);
        return s;
      }
    }
  }

  std::vector<std::string> bad_option() {
    static const std::vector<std::vector<std::string>> options = {
        {"--threads", "0"},
        {"--threads", "-1"},
        {"--threads", "1e9"},
        {"--threads", "x"},
        {"--kernel", "nope"},
        {"--schedule", "sometimes"},
        {"--format", "yml"},
        {"--chunk-size", "0"},
        {"--schedule", "static", "--chunk-size", "5"},
        {"--bogus"},
        {"-q"},
        {"--thread", "2"},
        {"--checkpoint-every", "0"},
        {"--checkpoint-every", "5"},
        {"--progress", "--no-progress"},
        {"--kernel", "sieve", "--kernel", "trial"},
        {"--format=xml"},
        {"--threads="},
        {"---threads", "2"},
        {"-t", "-5"}};
    static const std::vector<std::string> dangling = {
        "--threads",    "--kernel",     "--format", "--schedule",
        "--chunk-size", "--checkpoint", "-t",       "-k"};
    if (pick(0, 4) == 0) {
      dangling_ = true;
      return {dangling[static_cast<std::size_t>(pick(0, static_cast<int>(dangling.size()) - 1))]};
    }
    return options[static_cast<std::size_t>(pick(0, static_cast<int>(options.size()) - 1))];
  }

  std::mt19937_64 rng_;
  bool dangling_ = false;
};

/// The seed: $PRIMES_FUZZ_SEED when set (to replay a failure), else a fixed one.
inline std::uint64_t fuzz_seed() {
  const char* s = std::getenv("PRIMES_FUZZ_SEED");
  return s != nullptr ? std::stoull(s) : 20261126;
}

}  // namespace primes::test
