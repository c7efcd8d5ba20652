/// @file host.hpp
/// Facts about the machine a worker runs on, as the reports name them.
#pragma once

#include <string>

namespace primes {

/// This node's name (gethostname), or "unknown".
std::string host_name();

}  // namespace primes
