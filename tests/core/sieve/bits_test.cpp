// The numbers of a segment's set bits come out exactly, ascending, at every instruction-set
// level this CPU has: against a walk over the bits one at a time, for empty, full and random
// words, at the top of the 32-bit and of the 64-bit numbers, and never written further than
// the slack the caller provides.
#include "sieve/bits.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "cpu_dispatch.hpp"
#include "sieve/wheel.hpp"
#include "support/simd_levels.hpp"

namespace primes::sieve {
namespace {

// Bit j of byte i stands for 30 * (first_byte + i) + kResidues[j].
template <class Out>
std::vector<Out> bit_by_bit(const std::vector<std::uint8_t>& bytes, std::uint64_t first_byte) {
  std::vector<Out> numbers;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned j = 0; j < 8; ++j) {
      if ((bytes[i] >> j & 1) != 0)
        numbers.push_back(static_cast<Out>((first_byte + i) * kNumbersPerByte + kResidues[j]));
    }
  }
  return numbers;
}

constexpr std::uint64_t kGuard = 0x5A5A5A5A5A5A5A5A;

// list_numbers into a buffer of exactly count + kListSlack elements, then a guard that must
// stay untouched.
template <class Out>
std::vector<Out> listed(const std::vector<std::uint8_t>& bytes, std::uint64_t first_byte) {
  std::size_t count = 0;
  for (const std::uint8_t b : bytes)
    count += static_cast<std::size_t>(__builtin_popcount(b));
  std::vector<Out> out(count + kListSlack + 8, static_cast<Out>(kGuard));
  const std::size_t n = list_numbers(bytes.data(), bytes.size() / 8, first_byte, out.data());
  for (std::size_t i = count + kListSlack; i < out.size(); ++i)
    EXPECT_EQ(out[i], static_cast<Out>(kGuard)) << "written past the slack at " << i;
  EXPECT_EQ(n, count);
  out.resize(n);
  return out;
}

std::vector<std::vector<std::uint8_t>> segments() {
  std::mt19937_64 random(20261204);
  std::vector<std::vector<std::uint8_t>> all;
  all.push_back({});                                   // no words
  all.push_back(std::vector<std::uint8_t>(8, 0));      // an empty word
  all.push_back(std::vector<std::uint8_t>(8, 0xFF));   // a full word
  all.push_back(std::vector<std::uint8_t>(64, 0xFF));  // full words in a row
  std::vector<std::uint8_t> one_bit(8 * 64, 0);        // each of the 64 bits alone in a word
  for (unsigned bit = 0; bit < 64; ++bit)
    one_bit[8 * bit + bit / 8] = static_cast<std::uint8_t>(1u << (bit % 8));
  all.push_back(one_bit);
  for (const unsigned density : {1u, 4u, 16u, 64u}) {  // sparse to dense
    std::vector<std::uint8_t> bytes(8 * 257);
    for (std::uint8_t& b : bytes) {
      for (unsigned j = 0; j < 8; ++j)
        if (random() % 128 < density) b = static_cast<std::uint8_t>(b | (1u << j));
    }
    all.push_back(bytes);
  }
  return all;
}

using ListNumbers = test::SimdLevelTest;

TEST_F(ListNumbers, EveryLevelListsThe32BitNumbersOfTheSetBits) {
  // The last word that still holds numbers below 2^32 ends at byte 2^32 / 30.
  const std::vector<std::uint64_t> firsts = {0, 1, 5, 12345, (1ull << 32) / 30 - 8 * 257};
  for (Simd level : test::supported_simd_levels()) {
    force_simd(level);
    for (const auto& bytes : segments()) {
      for (const std::uint64_t first : firsts) {
        if ((first + bytes.size()) * kNumbersPerByte > (1ull << 32)) continue;
        EXPECT_EQ(listed<std::uint32_t>(bytes, first), bit_by_bit<std::uint32_t>(bytes, first))
            << to_string(level) << ", first byte " << first << ", " << bytes.size() << " bytes";
      }
    }
  }
}

TEST_F(ListNumbers, EveryLevelListsThe64BitNumbersOfTheSetBits) {
  // The last byte holds numbers up to 2^64 - 1 at its bits 0..3 only; the sieve clears the others,
  // which stand for numbers past 2^64 - 1.
  const std::uint64_t last_byte = ~std::uint64_t{0} / kNumbersPerByte;
  for (Simd level : test::supported_simd_levels()) {
    force_simd(level);
    for (auto bytes : segments()) {
      if (bytes.empty()) continue;
      const std::vector<std::uint64_t> firsts = {0, 7, (1ull << 32) / 30, 1ull << 40,
                                                 last_byte + 1 - bytes.size()};
      for (const std::uint64_t first : firsts) {
        if (first + bytes.size() - 1 == last_byte) bytes.back() &= 0x0F;
        EXPECT_EQ(listed<std::uint64_t>(bytes, first), bit_by_bit<std::uint64_t>(bytes, first))
            << to_string(level) << ", first byte " << first << ", " << bytes.size() << " bytes";
      }
    }
  }
}

}  // namespace
}  // namespace primes::sieve
