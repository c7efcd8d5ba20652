/// @file sanitizer.hpp
/// Lets a test adapt to a ThreadSanitizer build, which instruments every byte the sieve
/// writes and runs it ~50x slower. Counts near 2^64 (which sieve all primes below 2^32) are
/// skipped there, visibly; the Release and AddressSanitizer runs still execute them, and
/// ThreadSanitizer still sees every threaded code path on smaller ranges.
#pragma once

#include <gtest/gtest.h>

namespace primes::test {
#if defined(__SANITIZE_THREAD__)
inline constexpr bool kThreadSanitizer = true;
#else
inline constexpr bool kThreadSanitizer = false;
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kAnySanitizer = true;
#else
inline constexpr bool kAnySanitizer = false;
#endif
}  // namespace primes::test

#define PRIMES_SKIP_UNDER_SANITIZERS(why)              \
  if (::primes::test::kAnySanitizer) {                 \
    GTEST_SKIP() << "skipped under a sanitizer: " why; \
  }

#define PRIMES_SKIP_UNDER_TSAN(why)                                   \
  if (::primes::test::kThreadSanitizer) {                             \
    GTEST_SKIP() << "skipped under ThreadSanitizer (too slow): " why; \
  }
