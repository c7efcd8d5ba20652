/// @file bad_inputs.hpp
/// The bad command lines that both programs must reject with status 2 and one line naming the
/// problem, with a fragment of that line. Shared by the end-to-end tests of primes-threads and
/// primes-mpi, so that the two are held to the same list.
#pragma once

#include <string>
#include <vector>

namespace primes::test {

struct BadInput {
  std::vector<std::string> args;
  const char* message;
};

inline const std::vector<BadInput>& common_bad_inputs() {
  static const std::vector<BadInput> inputs = {
      {{"abc"}, "'abc' is not a number"},
      {{""}, "empty value"},
      {{"-5"}, "'-5' is negative"},
      {{"--", "-5"}, "'-5' is negative"},
      {{"--chec", "x"}, "unknown option '--chec'"},
      {{"-"}, "'-' is not a number"},
      {{"1.5"}, "'1.5' is not a whole number"},
      {{"10", "5"}, "FIRST (10) is greater than LAST (5)"},
      {{"5", "2^64"}, "is past 2^64-1: such a range is counted from 0 only"},
      {{"1e31"}, "is larger than 10^30, the largest LAST of a count from zero"},
      {{"2^128"}, "is larger than 10^30"},
      {{"2^64", "--kernel", "sieve"}, "--kernel sieve stops at 2^64-1"},
      {{"1e21", "--print"}, "--print lists primes up to 2^64-1 only"},
      {{"18446744073709551616", "1e21"}, "FIRST: '18446744073709551616' is larger than 2^64-1"},
      {{"1", "2", "3"}, "too many arguments"},
      {{"--schedule", "dynamic", "--chunk-size", "0"}, "--chunk-size must be at least 1"},
      {{"--kernel", "fast"}, "unknown kernel 'fast'"},
      {{"1e12", "--kernel", "lmo", "--print"}, "--print needs a kernel that finds each prime"},
      {{"--kernel", "lmo", "--schedule", "dynamic", "--chunk-size", "9"},
       "--chunk-size does not apply to --kernel lmo"},
      {{"--schedule", "random"}, "unknown schedule 'random'"},
      {{"--format", "yaml"}, "unknown format 'yaml'"},
      {{"--bogus"}, "unknown option '--bogus'"},
      {{"--threads", "0"}, "--threads must be at least 1"},
      {{"--threads", "two"}, "--threads: 'two' is not a number"},
      {{"--threads", "1e9"}, "--threads 1000000000 is more than the limit of 4096"},
  };
  return inputs;
}

/// The arguments as the user typed them, for failure messages.
inline std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args)
    s += "'" + a + "' ";
  return s;
}

}  // namespace primes::test
