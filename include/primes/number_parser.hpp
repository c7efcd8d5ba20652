/// @file number_parser.hpp
/// The one place where the command line's numbers are read.
///
/// Accepts what people type for big bounds: 300000, 1_000_000, 1e10, 2.5e9, 2^32, 10^9, and
/// sums, differences, products and parentheses of those (2^64-1, 1e12+1e9, 3*10^9). The value is
/// computed exactly in 128-bit integers; a result that is not a whole number, is negative, or
/// exceeds 2^64 - 1 is an error, never rounded or wrapped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "primes/errors.hpp"
#include "primes/pmath.hpp"

namespace primes {

/// Thrown by parse_number; what() is a short sentence about `text`, ready to be prefixed with
/// the argument's name.
class NumberError : public UsageError {
 public:
  using UsageError::UsageError;
};

/// The value of `text`, in [0, 2^64 - 1].
std::uint64_t parse_number(std::string_view text);

/// The value of `text`, in [0, max] (max below 2^125); `max_text` names max in the error.
u128 parse_wide_number(std::string_view text, u128 max, std::string_view max_text);

}  // namespace primes
