// The README's example of the library's API, built against the installed package.
#include <cstdint>
#include <iostream>

#include <primes/primes.hpp>

int main() {
  std::cout << primes::count_primes(1'000'000, 2'000'000) << "\n";  // primes in [1e6, 2e6]
  std::cout << primes::pi(10'000'000'000'000, 2) << "\n";           // pi(1e13), 2 threads
  primes::for_each_prime(0, 30, [](std::uint64_t p) { std::cout << p << " "; });
  std::cout << "\n" << primes::primes_between(1'000'000'000, 1'000'000'100).size() << "\n";
}
