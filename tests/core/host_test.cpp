// Tests of the facts read from this machine.
#include "primes/host.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <array>

namespace primes {
namespace {

TEST(Host, NameIsTheSystemsHostName) {
  std::array<char, 256> expected{};
  ASSERT_EQ(::gethostname(expected.data(), expected.size() - 1), 0);
  EXPECT_FALSE(host_name().empty());
  EXPECT_EQ(host_name(), expected.data());
}

}  // namespace
}  // namespace primes
