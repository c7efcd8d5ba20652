/// @file schedule.cpp
/// The automatic chunk size and the plan of each schedule (see schedule.hpp).
#include "primes/schedule.hpp"

#include <algorithm>

#include "primes/pmath.hpp"

namespace primes {

double fastest_rate(KernelKind kernel) noexcept {
  // The sieve counts about 7e9 numbers per second per core near 0 (README); trial division a
  // few times 1e7 on numbers below 1e6, the primality tests 1.3e7 to 3e7. Rounded up: a faster
  // CPU only makes chunks last less.
  return kernel == KernelKind::trial || kernel == KernelKind::primality ? 1e8 : 1e10;
}

double serving_load(u128 chunk, std::uint64_t workers, KernelKind kernel) noexcept {
  const double chunk_seconds = static_cast<double>(chunk) / fastest_rate(kernel);
  return static_cast<double>(workers) * kServeSecondsPerChunk / chunk_seconds;
}

u128 auto_chunk_size(Range range, std::uint64_t workers, KernelKind kernel) {
  // Each worker may hold one chunk ahead (primes-mpi hides request latency that way), so the
  // tail can differ by two chunks: trial division on 1..3e7 with 2 ranks had busy max/min 1.10
  // with 32 chunks per worker, 1.03 with 64.
  constexpr std::uint64_t kChunksPerWorker = 64;
  const u128 size = range.size();
  const u128 per_worker = ceil_div(size, u128{std::max<std::uint64_t>(workers, 1)});
  u128 chunk = ceil_div(per_worker, u128{kChunksPerWorker});
  // The smallest chunk worth a set-up. Trial division and the primality tests have none. The sieve
  // must find the primes up to sqrt(last) and place their first multiples before it counts
  // anything: a cost that grows like sqrt(last), so the chunk must grow with it to stay cheap.
  u128 smallest = kernel == KernelKind::trial || kernel == KernelKind::primality
                      ? u128{1024}
                      : std::max(u128{1} << 24, u128{isqrt(range.last)} * 64);
  // Rank 0 serves every chunk: with many workers, chunks must last long enough that serving
  // stays under kServeShare of its time (serving_load() <= kServeShare).
  const auto per_worker_floor =
      static_cast<u128>(fastest_rate(kernel) * kServeSecondsPerChunk / kServeShare);
  smallest = std::max(smallest, u128{std::max<std::uint64_t>(workers, 1)} * per_worker_floor);
  chunk = std::max(chunk, smallest);
  // Never larger than one worker's share: every worker should get a chunk.
  return std::max(std::min(chunk, per_worker), u128{1});
}

ChunkPlan make_plan(Range range, Schedule schedule, std::uint64_t workers, KernelKind kernel,
                    std::optional<std::uint64_t> chunk_size) {
  if (schedule == Schedule::static_blocks) return ChunkPlan::blocks(range, workers);
  return ChunkPlan(range, chunk_size ? u128{*chunk_size} : auto_chunk_size(range, workers, kernel));
}

}  // namespace primes
