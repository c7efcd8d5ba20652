/// @file primes.cpp
/// The library's API (primes/primes.hpp) over the thread front end's counting and the sieve
/// kernel.
#include "primes/primes.hpp"

#include <algorithm>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>

#include "primes/host.hpp"
#include "primes/job.hpp"
#include "primes/kernel.hpp"
#include "primes/options.hpp"
#include "primes/pmath.hpp"
#include "primes/sieve_kernel.hpp"
#include "thread_count.hpp"

namespace primes {
namespace {

unsigned workers(unsigned threads) {
  return threads != 0 ? threads : usable_cpus();
}

void check_range(std::uint64_t first, std::uint64_t last) {
  if (first > last) {
    throw std::invalid_argument("primes: the range's first number " + std::to_string(first) +
                                " is above its last " + std::to_string(last));
  }
}

class Append final : public PrimeSink {
 public:
  explicit Append(std::vector<std::uint64_t>& out) : out_(out) {}
  void primes(std::span<const std::uint64_t> found) override {
    out_.insert(out_.end(), found.begin(), found.end());
  }

 private:
  std::vector<std::uint64_t>& out_;
};

// for_each_prime's chunks: each holds at most about 1.1 million primes (8.6 MiB).
constexpr std::uint64_t kWalkChunk = std::uint64_t{1} << 24;

}  // namespace

std::uint64_t count_primes(std::uint64_t first, std::uint64_t last, unsigned threads) {
  check_range(first, last);
  Options options;
  options.range = Range{first, last};
  const Job job = make_job(options, 1, workers(threads));
  const Work work = fresh_work(job);
  check_memory(job, work.plan);
  return static_cast<std::uint64_t>(count_with_threads(job, work, CollectorSettings{}).count);
}

std::uint64_t pi(std::uint64_t x, unsigned threads) {
  return count_primes(0, x, threads);
}

void for_each_prime(std::uint64_t first, std::uint64_t last,
                    const std::function<void(std::uint64_t)>& f, unsigned threads) {
  check_range(first, last);
  const std::uint64_t chunks = (last - first) / kWalkChunk + 1;
  const auto slots = static_cast<std::uint64_t>(std::min<std::uint64_t>(workers(threads), chunks));
  std::vector<std::unique_ptr<SieveKernel>> kernels;
  for (std::uint64_t i = 0; i < slots; ++i)
    kernels.push_back(std::make_unique<SieveKernel>());
  // Round r sieves chunks r * slots .. (r + 1) * slots - 1, one per kernel, while `f` takes the
  // primes of round r - 1.
  auto start_round = [&](std::uint64_t round) {
    std::vector<std::future<std::vector<std::uint64_t>>> out;
    for (std::uint64_t i = 0; i < slots; ++i) {
      const std::uint64_t chunk = round * slots + i;
      if (chunk >= chunks) break;
      const std::uint64_t lo = first + chunk * kWalkChunk;
      const std::uint64_t hi = last - lo < kWalkChunk ? last : lo + (kWalkChunk - 1);
      out.push_back(std::async(std::launch::async, [&kernel = *kernels[i], lo, hi] {
        std::vector<std::uint64_t> found;
        Append sink(found);
        kernel.count(Range{lo, hi}, nullptr, &sink);
        return found;
      }));
    }
    return out;
  };
  const std::uint64_t rounds = ceil_div(chunks, slots);
  auto running = start_round(0);
  for (std::uint64_t round = 0; round < rounds; ++round) {
    std::vector<std::vector<std::uint64_t>> done;
    for (auto& result : running)
      done.push_back(result.get());
    running.clear();
    if (round + 1 < rounds) running = start_round(round + 1);
    for (const std::vector<std::uint64_t>& found : done) {
      for (const std::uint64_t p : found)
        f(p);
    }
  }
}

std::vector<std::uint64_t> primes_between(std::uint64_t first, std::uint64_t last,
                                          unsigned threads) {
  std::vector<std::uint64_t> out;
  for_each_prime(
      first, last, [&out](std::uint64_t p) { out.push_back(p); }, threads);
  return out;
}

}  // namespace primes
