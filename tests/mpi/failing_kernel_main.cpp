/// @file failing_kernel_main.cpp
/// primes-mpi whose kernel fails on the chunk holding the number $PRIMES_TEST_FAIL_AT, as a rank
/// whose memory or disk gives way mid-count: the end-to-end tests check that the whole job then
/// ends quickly with status 1 and one line naming the rank and the error.
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "primes/kernel_factory.hpp"
#include "program.hpp"

namespace {

class FailingOnOneNumber final : public primes::Kernel {
 public:
  explicit FailingOnOneNumber(std::uint64_t n)
      : n_(n), inner_(primes::make_kernel(primes::KernelKind::sieve)) {}
  primes::KernelKind kind() const noexcept override { return inner_->kind(); }
  std::uint64_t count(primes::Range r, primes::ProgressSink* progress,
                      primes::PrimeSink* found) override {
    if (r.contains(n_)) throw std::runtime_error("simulated failure at " + std::to_string(n_));
    return inner_->count(r, progress, found);
  }

 private:
  std::uint64_t n_;
  std::unique_ptr<primes::Kernel> inner_;
};

}  // namespace

int main(int argc, char** argv) {
  const char* at = std::getenv("PRIMES_TEST_FAIL_AT");
  const std::uint64_t n = at != nullptr ? std::stoull(at) : 0;
  return primes::mpi::run_program(argc, argv,
                                  [n] { return std::make_unique<FailingOnOneNumber>(n); });
}
