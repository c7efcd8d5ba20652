/// @file cpu_dispatch.hpp
/// Function multi-versioning for the few streaming loops that gain from newer instructions
/// (POPCNT for counting, AVX2 for the pre-sieve): the portable build stays runnable on every
/// x86-64 node and still uses them where the CPU has them, chosen once at load time.
///
/// ThreadSanitizer cannot run the load-time resolvers (they execute before its runtime is up
/// and crash), so sanitizer builds define PRIMES_NO_CPU_DISPATCH and get the baseline code.
#pragma once

#if defined(__x86_64__) && !defined(PRIMES_NO_CPU_DISPATCH)
#define PRIMES_CPU_DISPATCH(...) __attribute__((target_clones(__VA_ARGS__)))
#else
#define PRIMES_CPU_DISPATCH(...)
#endif
