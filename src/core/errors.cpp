/// @file errors.cpp
/// How messages cite what the user typed (see errors.hpp).
#include "primes/errors.hpp"

#include <array>
#include <cstdio>

namespace primes {

std::string quoted(std::string_view text, std::size_t max) {
  std::string q = "'";
  for (std::size_t i = 0; i < text.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '\n':
        q += "\\n";
        break;
      case '\r':
        q += "\\r";
        break;
      case '\t':
        q += "\\t";
        break;
      case '\\':
        q += "\\\\";
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          std::array<char, 8> hex{};
          std::snprintf(hex.data(), hex.size(), "\\x%02x", c);
          q += hex.data();
        } else {
          q += static_cast<char>(c);
        }
    }
  }
  if (text.size() > max) {
    q += "...' (" + std::to_string(text.size()) + " characters)";
  } else {
    q += '\'';
  }
  return q;
}

}  // namespace primes
