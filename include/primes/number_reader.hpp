/// @file number_reader.hpp
/// Reading a list of numbers (--input FILE, or - for standard input) as a stream: batches of
/// numbers, so that memory stays bounded however long the input is.
///
/// The input is decimal integers from 0 to 2^64-1 separated by whitespace or newlines; a '#'
/// starts a comment that runs to the end of its line. Anything else is an error that names its
/// line, its column and the text (cut short): never a count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "primes/errors.hpp"

namespace primes {

/// Bad input data: a usage error (exit status 2) whose message names where.
class InputError : public UsageError {
 public:
  using UsageError::UsageError;
};

class NumberReader {
 public:
  /// Reads `path` ("-": standard input). Throws UsageError when it cannot be opened.
  explicit NumberReader(const std::string& path);
  NumberReader(const NumberReader&) = delete;
  NumberReader& operator=(const NumberReader&) = delete;
  ~NumberReader();

  /// Replaces `out` with the next numbers, at most `max`; false once the input is exhausted
  /// (`out` then empty). Throws InputError for a bad token, UsageError when reading fails.
  bool next(std::vector<std::uint64_t>& out, std::size_t max);
  /// Numbers read so far.
  std::uint64_t count() const noexcept { return count_; }
  /// The name used in messages: the path, or "standard input".
  const std::string& name() const noexcept { return name_; }

 private:
  bool fill();
  void end_token(std::vector<std::uint64_t>& out);
  [[noreturn]] void bad_token() const;

  int fd_ = -1;
  bool owned_ = false;
  std::string name_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t count_ = 0;
  // Where the reader is, and the token being read (which may span two buffers).
  std::uint64_t consumed_ = 0;  // bytes of the input before the buffer's start
  std::uint64_t line_ = 1;
  std::uint64_t line_start_ = 0;  // offset in the input of the current line's first byte
  bool in_comment_ = false;
  bool in_token_ = false;
  bool token_ok_ = true;
  std::uint64_t token_value_ = 0;
  std::uint64_t token_line_ = 0;
  std::uint64_t token_column_ = 0;
  std::size_t token_length_ = 0;
  std::string token_text_;  // its first characters, for the message
};

}  // namespace primes
