/// @file number_reader.cpp
/// A streaming tokenizer of decimal integers (see number_reader.hpp).
#include "primes/number_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "primes/pmath.hpp"

namespace primes {
namespace {

constexpr std::size_t kBufferBytes = 1 << 20;

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

NumberReader::NumberReader(const std::string& path) : buffer_(kBufferBytes) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    name_ = "standard input";
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    name_ = path;
    if (fd_ < 0) {
      throw UsageError("cannot read input " + quoted_path(path) + ": " + std::strerror(errno));
    }
    owned_ = true;
  }
}

NumberReader::~NumberReader() {
  if (owned_) ::close(fd_);
}

bool NumberReader::fill() {
  if (eof_) return false;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw UsageError("cannot read input " + quoted_path(name_) + ": " + std::strerror(errno));
    }
    pos_ = 0;
    end_ = static_cast<std::size_t>(n);
    eof_ = n == 0;
    return n > 0;
  }
}

void NumberReader::bad_token() const {
  std::string text = quoted(token_text_);
  if (token_length_ > token_text_.size()) {  // only its start was kept
    text.pop_back();
    text += "...' (" + std::to_string(token_length_) + " characters)";
  }
  throw InputError("input " + quoted_path(name_) + ", line " + std::to_string(token_line_) +
                   ", column " + std::to_string(token_column_) + ": " + text +
                   " is not a whole number from 0 to 2^64-1");
}

// The loop keeps to three tight paths: runs of digits (the numbers), runs of separators, and
// comments (skipped with memchr). Columns are worked out only for a token, from the offset of
// its line's start.
bool NumberReader::next(std::vector<std::uint64_t>& out, std::size_t max) {
  out.clear();
  while (out.size() < max) {
    if (pos_ == end_) {
      consumed_ += end_;
      if (!fill()) {
        if (in_token_) end_token(out);  // the end of the input ends the last token
        break;
      }
    }
    if (in_comment_) {
      const void* nl = std::memchr(buffer_.data() + pos_, '\n', end_ - pos_);
      if (nl == nullptr) {
        pos_ = end_;
        continue;
      }
      pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data());
      in_comment_ = false;
      continue;
    }
    if (in_token_) {
      // Digits, as fast as they come.
      while (pos_ < end_) {
        const auto d = static_cast<unsigned>(buffer_[pos_]) - '0';
        if (d > 9) break;
        if (token_ok_ && __builtin_mul_overflow(token_value_, 10, &token_value_)) token_ok_ = false;
        if (token_ok_ && __builtin_add_overflow(token_value_, d, &token_value_)) token_ok_ = false;
        if (token_text_.size() < kQuotedMax) token_text_ += buffer_[pos_];
        ++token_length_;
        ++pos_;
      }
      if (pos_ == end_) continue;
      const char c = buffer_[pos_];
      if (is_space(c) || c == '#') {
        end_token(out);
      } else {  // part of the token, and it makes it bad
        token_ok_ = false;
        if (token_text_.size() < kQuotedMax) token_text_ += c;
        ++token_length_;
        ++pos_;
      }
      continue;
    }
    const char c = buffer_[pos_];
    if (c == '\n') {
      ++line_;
      line_start_ = consumed_ + pos_ + 1;
      ++pos_;
    } else if (is_space(c)) {
      ++pos_;
    } else if (c == '#') {
      in_comment_ = true;
      ++pos_;
    } else {
      in_token_ = true;
      token_ok_ = true;
      token_value_ = 0;
      token_line_ = line_;
      token_column_ = consumed_ + pos_ - line_start_ + 1;
      token_length_ = 0;
      token_text_.clear();
    }
  }
  return !out.empty();
}

void NumberReader::end_token(std::vector<std::uint64_t>& out) {
  in_token_ = false;
  if (!token_ok_) bad_token();
  out.push_back(token_value_);
  ++count_;
}

}  // namespace primes
