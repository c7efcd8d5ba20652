/// @file capture_pipe.hpp
/// A pipe for tests of code that writes to a file descriptor: hand it write_fd(), then read back
/// everything written with text(); and text as the bytes a chunk's primes travel in.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "primes/prime_output.hpp"

namespace primes::test {

class CapturePipe {
 public:
  CapturePipe() { EXPECT_EQ(::pipe(fds_), 0); }
  CapturePipe(const CapturePipe&) = delete;
  CapturePipe& operator=(const CapturePipe&) = delete;
  ~CapturePipe() {
    for (int fd : fds_) {
      if (fd >= 0) ::close(fd);
    }
  }
  int write_fd() const noexcept { return fds_[1]; }
  /// Closes the write end and reads all that was written (at most what a pipe holds).
  std::string text() {
    ::close(fds_[1]);
    fds_[1] = -1;
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds_[0], buf, sizeof buf)) > 0;)
      out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fds_[2] = {-1, -1};
};

inline PrimeLines lines_of_text(std::string_view text) {
  PrimeLines bytes;
  for (char c : text)
    bytes.push_back(static_cast<std::uint8_t>(c));
  return bytes;
}

}  // namespace primes::test
