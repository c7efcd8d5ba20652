/// @file argv_shapes.hpp
/// Command lines of any shape, generated from a seed: the options a program names in its --help
/// text, whole, cut to any prefix, with '=' and values or without, repeated; short options alone
/// and run together; "--" anywhere (options after it), "-" alone, empty strings, stray '=',
/// numbers fine and bad, and words of random bytes. Unlike MalformedCommandLines, a shape may
/// be a correct command line: a program must answer each with status 0 or 2, and a status 2
/// with one line on stderr and nothing on stdout, never with a signal.
#pragma once

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace primes::test {

/// The long option names ("threads", "kernel", ...) of a --help text: every "--" followed by a
/// lower-case letter, up to the first character that is neither a letter nor '-'.
inline std::vector<std::string> option_names_in(const std::string& help) {
  std::set<std::string> names;
  for (std::size_t at = help.find("--"); at != std::string::npos; at = help.find("--", at + 2)) {
    std::size_t end = at + 2;
    if (end >= help.size() || help[end] < 'a' || help[end] > 'z') continue;
    while (end < help.size() && ((help[end] >= 'a' && help[end] <= 'z') || help[end] == '-'))
      ++end;
    names.insert(help.substr(at + 2, end - at - 2));
  }
  return {names.begin(), names.end()};
}

class ArgvShapes {
 public:
  /// `options`: the long names to draw from (option_names_in the program's help).
  ArgvShapes(std::vector<std::string> options, std::uint64_t seed)
      : options_(std::move(options)), rng_(seed) {}

  std::vector<std::string> next() {
    std::vector<std::string> args;
    const int n = pick(0, 7);
    for (int i = 0; i < n; ++i)
      args.push_back(word());
    return args;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }

  std::string value() {
    static const std::vector<std::string> values = {
        "1",   "2",    "1000", "1e5",    "0",      "-1",      "2^128", "auto", "sieve", "trial",
        "lmo", "json", "csv",  "text",   "static", "dynamic", "x",     "",     "-",     "--",
        "=",   "1e6",  "2^20", "10^5+3", "1_000",  "0x10",    "1.5",   "3e-1"};
    return one_of(values);
  }

  std::string random_bytes() {
    std::string s;
    for (int i = pick(1, 12); i > 0; --i)
      s.push_back(static_cast<char>(pick(1, 255)));  // argv strings end at the first NUL
    return s;
  }

  std::string word() {
    const std::string& name = one_of(options_);
    switch (pick(0, 11)) {
      case 0:
        return "--" + name;
      case 1:  // a prefix, perhaps empty ("--") or the whole name
        return "--" +
               name.substr(0, static_cast<std::size_t>(pick(0, static_cast<int>(name.size()))));
      case 2:
        return "--" + name + "=" + value();
      case 3:
        return "--" +
               name.substr(0, static_cast<std::size_t>(pick(1, static_cast<int>(name.size())))) +
               "=" + value();
      case 4: {  // short options, alone, with a value run in, or several run together
        static const std::vector<std::string> shorts = {"-t",   "-k",  "-s",  "-c", "-f",   "-i",
                                                        "-p",   "-h",  "-V",  "-x", "-T",   "-5",
                                                        "-pt2", "-t2", "-kx", "-=", "-t=3", "-pp"};
        return one_of(shorts);
      }
      case 5: {
        static const std::vector<std::string> bare = {
            "--", "-", "", "=", "--=", "---", "---t", " ", "--=1", "-- ", "--threads--"};
        return one_of(bare);
      }
      case 6:
      case 7:
      case 8:
        return value();
      case 9:
        return random_bytes();
      default: {  // a number, fine or not
        static const std::vector<std::string> numbers = {"10",   "1e4", "300000", "2^16", "7",
                                                         "1e6",  "-5",  "1e31",   "(1",   "1)",
                                                         "2^-1", "1e",  "0",      "1e5+1"};
        return one_of(numbers);
      }
    }
  }

  std::vector<std::string> options_;
  std::mt19937_64 rng_;
};

}  // namespace primes::test
