/// @file host.cpp
/// Facts about this machine (see host.hpp).
#include "primes/host.hpp"

#include <unistd.h>

#include <array>

namespace primes {

std::string host_name() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "unknown";
  return buf.data();
}

}  // namespace primes
