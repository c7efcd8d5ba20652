/// @file kernel_bench.cpp
/// Times the kernels on representative ranges:
///   - the seed's workload with trial division;
///   - the sieve on 10^8 numbers at several heights (throughput);
///   - the sieve on 1000 numbers at several heights: the fixed cost of starting a count (placing
///     the primes up to sqrt(last)), which is what every dynamic chunk pays once.
#include <benchmark/benchmark.h>

#include "primes/pmath.hpp"
#include "primes/sieve_kernel.hpp"
#include "primes/trial_kernel.hpp"

namespace {

using primes::kMaxU64;
using primes::Range;

void BM_TrialSeedWorkload(benchmark::State& state) {
  primes::TrialKernel trial;
  for (auto _ : state)
    benchmark::DoNotOptimize(trial.count({1, 300000}));
  state.SetItemsProcessed(state.iterations() * 300000);
}
BENCHMARK(BM_TrialSeedWorkload)->Unit(benchmark::kMillisecond);

// First number of the range for each height: 0, 10^12, 10^15, 10^18, 2^64 - 10^8.
std::uint64_t height(std::int64_t which) {
  switch (which) {
    case 0:
      return 0;
    case 12:
      return 1000000000000ull;
    case 15:
      return 1000000000000000ull;
    case 18:
      return 1000000000000000000ull;
    default:
      return kMaxU64 - 100000000;
  }
}

void BM_SieveThroughput(benchmark::State& state) {
  primes::SieveKernel sieve;
  const std::uint64_t first = height(state.range(0));
  const Range r{first, first + 99999999};
  for (auto _ : state)
    benchmark::DoNotOptimize(sieve.count(r));
  state.SetItemsProcessed(state.iterations() * 100000000);
}
BENCHMARK(BM_SieveThroughput)
    ->Arg(0)
    ->Arg(12)
    ->Arg(15)
    ->Arg(18)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond);

void BM_SieveStartCost(benchmark::State& state) {
  primes::SieveKernel sieve;
  const std::uint64_t first = height(state.range(0));
  const Range r{first, first + 999};
  for (auto _ : state)
    benchmark::DoNotOptimize(sieve.count(r));
}
BENCHMARK(BM_SieveStartCost)
    ->Arg(0)
    ->Arg(12)
    ->Arg(15)
    ->Arg(18)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond);

void BM_SieveToTenToThe9(benchmark::State& state) {
  primes::SieveKernel sieve;
  for (auto _ : state)
    benchmark::DoNotOptimize(sieve.count({0, 1000000000}));
  state.SetItemsProcessed(state.iterations() * 1000000000);
}
BENCHMARK(BM_SieveToTenToThe9)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
