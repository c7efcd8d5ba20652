/// @file kernel_bench.cpp
/// Times the kernels on representative ranges:
///   - the seed's workload with trial division;
///   - the sieve on 10^8 numbers at several heights (throughput), and on 1000 numbers: the fixed
///     cost of starting a count (placing the primes up to sqrt(last)), which every dynamic chunk
///     pays once;
///   - the primality kernel on 1000 and 10^6 numbers at the same heights: where it beats that
///     start (--kernel auto weighs the two).
#include <benchmark/benchmark.h>

#include "primes/pmath.hpp"
#include "primes/primality_kernel.hpp"
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

// A kernel on `length` numbers from each height. The sieve: 10^8 numbers measure throughput,
// 1000 numbers the fixed cost of starting a count there. The primality kernel has no such cost.
template <class CountingKernel>
void count_from_height(benchmark::State& state) {
  CountingKernel kernel;
  const std::uint64_t first = height(state.range(0));
  const auto length = static_cast<std::uint64_t>(state.range(1));
  const Range r{first, first + length - 1};
  for (auto _ : state)
    benchmark::DoNotOptimize(kernel.count(r));
  state.SetItemsProcessed(state.iterations() * state.range(1));
}
void BM_Sieve(benchmark::State& state) {
  count_from_height<primes::SieveKernel>(state);
}
void BM_Primality(benchmark::State& state) {
  count_from_height<primes::PrimalityKernel>(state);
}
BENCHMARK(BM_Sieve)
    ->ArgNames({"height", "numbers"})
    ->ArgsProduct({{0, 12, 15, 18, 64}, {1000, 100000000}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Primality)
    ->ArgNames({"height", "numbers"})
    ->ArgsProduct({{0, 12, 15, 18, 64}, {1000, 1000000}})
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
