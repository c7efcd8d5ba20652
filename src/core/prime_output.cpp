/// @file prime_output.cpp
/// Packing primes and writing them in order (see prime_output.hpp).
#include "primes/prime_output.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace primes {
namespace {

constexpr std::size_t kBufferBytes = 1 << 20;

// "00", "01", ... "99": two digits per step when writing a number.
constexpr std::array<char, 200> make_pairs() {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    pairs[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}
constexpr std::array<char, 200> kPairs = make_pairs();

// Writes n and a newline at `out` (which has room for 21 bytes); returns the bytes written.
std::size_t format_line(std::uint64_t n, char* out) {
  char digits[20];
  char* end = digits + sizeof digits;
  char* p = end;
  while (n >= 100) {
    const std::size_t pair = 2 * (n % 100);
    n /= 100;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  }
  if (n >= 10) {
    *--p = kPairs[2 * n + 1];
    *--p = kPairs[2 * n];
  } else {
    *--p = static_cast<char>('0' + n);
  }
  const auto len = static_cast<std::size_t>(end - p);
  std::memcpy(out, p, len);
  out[len] = '\n';
  return len + 1;
}

}  // namespace

void PrimePacker::primes(std::span<const std::uint64_t> found) {
  for (std::uint64_t n : found)
    add(n);
}

void PrimePacker::add(std::uint64_t n) {
  const std::uint64_t difference = n - previous_;  // modulo 2^64: may stand for a negative one
  previous_ = n;
  std::uint64_t zigzag = (difference << 1) ^ (0 - (difference >> 63));
  while (zigzag >= 0x80) {
    bytes_.push_back(static_cast<std::uint8_t>(zigzag | 0x80));
    zigzag >>= 7;
  }
  bytes_.push_back(static_cast<std::uint8_t>(zigzag));
}

std::vector<std::uint8_t> PrimePacker::take() {
  previous_ = 0;
  std::vector<std::uint8_t> out;
  out.swap(bytes_);
  return out;
}

OrderedPrimeWriter::OrderedPrimeWriter(int fd, std::string what)
    : fd_(fd), what_(std::move(what)), buffer_(kBufferBytes) {}

OrderedPrimeWriter::~OrderedPrimeWriter() = default;

void OrderedPrimeWriter::add(std::uint64_t index, std::vector<std::uint8_t> packed) {
  if (index != next_) {
    held_.emplace(index, std::move(packed));
    return;
  }
  write_chunk(packed);
  ++next_;
  for (auto it = held_.begin(); it != held_.end() && it->first == next_; it = held_.erase(it)) {
    write_chunk(it->second);
    ++next_;
  }
}

void OrderedPrimeWriter::write_chunk(std::span<const std::uint8_t> packed) {
  unpack_primes(packed, [this](std::uint64_t n) {
    if (buffer_.size() - used_ < 21) {
      write_out(buffer_.data(), used_);
      used_ = 0;
    }
    used_ += format_line(n, buffer_.data() + used_);
  });
}

void OrderedPrimeWriter::flush() {
  write_out(buffer_.data(), used_);
  used_ = 0;
}

void OrderedPrimeWriter::write_out(const char* data, std::size_t len) {
  while (len > 0) {
    const ssize_t n = ::write(fd_, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw std::runtime_error("cannot write the primes to " + what_ + ": " + std::strerror(errno));
    }
    data += n;
    len -= static_cast<std::size_t>(n);
  }
}

}  // namespace primes
