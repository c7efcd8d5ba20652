// Tests of the names of the user's choices: every value round-trips, unknown names are refused.
#include "primes/choices.hpp"

#include <gtest/gtest.h>

namespace primes {
namespace {

TEST(Choices, EveryNameRoundTrips) {
  for (KernelKind k : {KernelKind::trial, KernelKind::sieve, KernelKind::lmo, KernelKind::gourdon,
                       KernelKind::primality})
    EXPECT_EQ(kernel_from_string(to_string(k)), k);
  for (Schedule s : {Schedule::static_blocks, Schedule::dynamic_chunks})
    EXPECT_EQ(schedule_from_string(to_string(s)), s);
  for (Format f : {Format::text, Format::json, Format::csv})
    EXPECT_EQ(format_from_string(to_string(f)), f);
}

TEST(Choices, NamesAreTheCommandLines) {
  EXPECT_EQ(to_string(KernelKind::trial), "trial");
  EXPECT_EQ(to_string(KernelKind::primality), "primality");
  EXPECT_EQ(to_string(Schedule::static_blocks), "static");
  EXPECT_EQ(to_string(Schedule::dynamic_chunks), "dynamic");
  EXPECT_EQ(to_string(Format::csv), "csv");
}

TEST(Choices, UnknownNamesAreRefusedExactly) {
  EXPECT_FALSE(kernel_from_string("Sieve").has_value());
  EXPECT_FALSE(schedule_from_string("").has_value());
  EXPECT_FALSE(format_from_string("json ").has_value());
}

}  // namespace
}  // namespace primes
