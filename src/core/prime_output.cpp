/// @file prime_output.cpp
/// Primes as decimal text, written in order (see prime_output.hpp).
#include "primes/prime_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace primes {
namespace {

// A difference up to this is added to the last number; a larger one (or a smaller number: lists
// come in any order) is converted whole.
constexpr std::uint64_t kMaxStep = 1u << 20;
constexpr std::uint32_t kLowModulus = 100'000'000;

// Bytes a line may take in the text at most, with the slack of its fixed-size stores (16 bytes
// of the high digits, 8 of the low ones, then the newline).
constexpr std::size_t kLineRoom = 32;

// Most bytes expect() reserves.
constexpr double kMaxExpected = 64.0 * 1024 * 1024;

}  // namespace

std::uint64_t eight_digits(std::uint32_t x) noexcept {
  // Little-endian: the lane in the lower bits comes first in memory, so each step puts the
  // quotient (the higher digits) in the lower lane. The divisions by 100 (of numbers below
  // 10^4) and by 10 (below 100) are multiplications and shifts, exact in those ranges.
  std::uint64_t v = (x / 10000) | (std::uint64_t{x % 10000} << 32);
  std::uint64_t q = ((v * 10486) >> 20) & 0x0000007F0000007Full;
  v = q | ((v - q * 100) << 16);
  q = ((v * 103) >> 10) & 0x000F000F000F000Full;
  v = q | ((v - q * 10) << 8);
  return v + 0x3030303030303030ull;
}

void PrimeText::expect(Range range) {
  // At most 2y / ln y primes lie in any y consecutive numbers (Montgomery and Vaughan), plus
  // 2, 3, 5 where y is tiny; each line is as long as LAST's digits and a newline.
  const double y = static_cast<double>(range.size());
  const double lines = (y > 16 ? 2 * y / std::log(y) : y) + 3;
  const double bytes =
      (std::floor(std::log10(std::max(1.0, static_cast<double>(range.last)))) + 2) * lines;
  text_.reserve(used_ + static_cast<std::size_t>(std::min(bytes, kMaxExpected)) + kLineRoom);
}

void PrimeText::reserve_lines(std::size_t lines) {
  const std::size_t need = used_ + lines * kLineRoom;
  if (need <= text_.size()) return;
  // Within the capacity reserved, only as far as needed (the rest stays untouched); past it,
  // twice as far, so that the text moves a few times at most.
  text_.resize(need <= text_.capacity() ? need : std::max(need, 2 * text_.size()));
}

void PrimeText::Digits::set_high(std::uint64_t h) {
  high = h;
  high_len = 0;
  char reversed[20];
  for (; h != 0; h /= 10)
    reversed[high_len++] = static_cast<char>('0' + h % 10);
  char text[16] = {};
  for (unsigned i = 0; i < high_len; ++i)
    text[i] = reversed[high_len - 1 - i];
  std::memcpy(high_text, text, sizeof text);
}

// Writes n's line at `out` (kLineRoom bytes free); returns where the next line goes. Inlined
// into the loop of primes(): it runs once per prime printed.
[[gnu::always_inline]] inline std::uint8_t* PrimeText::write_line(Digits& d, std::uint64_t n,
                                                                  std::uint8_t* out) {
  const std::uint64_t step = n - d.previous;
  if (!d.any || n < d.previous || step > kMaxStep) {
    d.low = static_cast<std::uint32_t>(n % kLowModulus);
    d.set_high(n / kLowModulus);
    d.any = true;
  } else {
    d.low += static_cast<std::uint32_t>(step);
    if (d.low >= kLowModulus) {
      d.low -= kLowModulus;
      d.set_high(d.high + 1);
    }
  }
  d.previous = n;
  std::uint64_t digits = eight_digits(d.low);
  std::size_t len = 8;
  if (d.high_len != 0) {
    std::memcpy(out, d.high_text, 16);
    out += d.high_len;
  } else if (d.low != 0) {
    // Without higher digits, the leading zeros go: they are the lowest bytes of the word.
    const unsigned zeros =
        static_cast<unsigned>(std::countr_zero(digits - 0x3030303030303030ull) / 8);
    digits >>= 8 * zeros;
    len -= zeros;
  } else {
    digits = '0';  // the number 0 (a list may hold it, though it is no prime)
    len = 1;
  }
  std::memcpy(out, &digits, 8);
  out[len] = '\n';
  return out + len + 1;
}

void PrimeText::primes(std::span<const std::uint64_t> found) {
  reserve_lines(found.size());
  Digits d = digits_;
  std::uint8_t* out = text_.data() + used_;
  for (std::uint64_t n : found)
    out = write_line(d, n, out);
  digits_ = d;
  used_ = static_cast<std::size_t>(out - text_.data());
}

void PrimeText::add(std::uint64_t n) {
  primes(std::span<const std::uint64_t>(&n, 1));
}

PrimeLines PrimeText::take() {
  text_.resize(used_);
  PrimeLines out;
  out.swap(text_);
  used_ = 0;
  digits_.any = false;
  return out;
}

OrderedPrimeWriter::OrderedPrimeWriter(int fd, std::string what) : fd_(fd), what_(std::move(what)) {
#ifdef F_SETPIPE_SZ
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode)) ::fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
#endif
}

OrderedPrimeWriter::~OrderedPrimeWriter() = default;

void OrderedPrimeWriter::add(std::uint64_t index, PrimeLines text) {
  if (index != next_) {
    held_.emplace(index, std::move(text));
    return;
  }
  write_out(text);
  ++next_;
  for (auto it = held_.begin(); it != held_.end() && it->first == next_; it = held_.erase(it)) {
    write_out(it->second);
    ++next_;
  }
}

void OrderedPrimeWriter::write_out(std::span<const std::uint8_t> text) {
  const std::uint8_t* data = text.data();
  std::size_t len = text.size();
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
