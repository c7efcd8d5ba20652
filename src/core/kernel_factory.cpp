/// @file kernel_factory.cpp
/// Kernels by kind (see kernel_factory.hpp).
#include "primes/kernel_factory.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>

#include "primes/gourdon_job.hpp"
#include "primes/pi_job.hpp"
#include "primes/primality_kernel.hpp"
#include "primes/prime_pi.hpp"
#include "primes/sieve_kernel.hpp"
#include "primes/trial_kernel.hpp"

namespace primes {

std::unique_ptr<Kernel> make_kernel(KernelKind kind, Range job_range, bool double_check) {
  switch (kind) {
    case KernelKind::trial:
      return std::make_unique<TrialKernel>();
    case KernelKind::primality:
      return std::make_unique<PrimalityKernel>();
    case KernelKind::lmo:
      return std::make_unique<PiKernel>(std::make_shared<const PiLayout>(job_range));
    case KernelKind::gourdon:
      return make_gourdon_kernel(job_range, double_check);
    case KernelKind::sieve:
      break;
  }
  return std::make_unique<SieveKernel>();
}

std::unique_ptr<Join> make_join(KernelKind kind, Range job_range, bool double_check) {
  if (kind == KernelKind::lmo)
    return std::make_unique<PiJoin>(std::make_shared<const PiLayout>(job_range));
  if (kind == KernelKind::gourdon) return std::make_unique<GourdonJoin>(job_range, double_check);
  return std::make_unique<CountJoin>();
}

std::uint64_t combinatorial_chunks(KernelKind kind, Range job_range, bool double_check) {
  if (kind == KernelKind::gourdon) return GourdonLayout(job_range, double_check).chunks();
  return PiLayout(job_range).chunks();
}

std::uint64_t memory_need(KernelKind kind, Range chunk, bool double_check) {
  if (kind == KernelKind::trial || kind == KernelKind::primality)
    return 64 * 1024;  // a few locals and a buffer of primes
  if (kind == KernelKind::lmo) return pi_memory_need(chunk.last);
  if (kind == KernelKind::gourdon) {
    const u128 x = chunk.top();
    return gourdon_memory_need(x) +
           (double_check ? gourdon_memory_need(x, gourdon_second_tuning(x)) : 0);
  }
  return sieve_memory_need(chunk);
}

std::vector<std::pair<std::string, std::uint64_t>> kernel_parameters(KernelKind kind,
                                                                     Range job_range,
                                                                     bool double_check) {
  if (kind == KernelKind::trial || kind == KernelKind::primality) return {};
  if (kind == KernelKind::lmo) {
    const PiParameters p = pi_parameters(job_range.last);
    return {{"y", p.y}, {"sieve_limit", p.z}, {"segment_numbers", p.segment_bits}};
  }
  if (kind == KernelKind::gourdon) {
    const GourdonParameters p = gourdon_parameters(job_range.top());
    std::vector<std::pair<std::string, std::uint64_t>> out = {{"y", p.y},
                                                              {"z", p.z},
                                                              {"pi_limit", p.pi_limit},
                                                              {"hard_limit", p.hard_limit},
                                                              {"segment_numbers", p.segment_bits}};
    if (double_check) {
      const GourdonParameters q =
          gourdon_parameters(job_range.top(), gourdon_second_tuning(job_range.top()));
      out.insert(out.end(), {{"double_check_y", q.y}, {"double_check_z", q.z}});
    }
    return out;
  }
  const SieveConfig config = SieveConfig::for_this_cpu();
  return {{"segment_bytes", config.segment_bytes}, {"block_bytes", config.block_bytes}};
}

namespace {

// Measured on an Intel Xeon (2 MiB L2, 2026-11): the sieve counts about 8.7e9 numbers a second
// near 1e10, 1.6 times slower per decade of height above, plus its start (the sieving primes up
// to sqrt(last)); lmo takes about 3.5 s for pi(1e15), growing as x^0.63 (0.2 s at 1e13, 15 s
// at 1e16).
double sieve_seconds(Range r) {
  const double last = static_cast<double>(r.last);
  const double width = static_cast<double>(r.size());
  const double height = std::pow(std::max(1.0, last / 1e10), 0.1);
  return width * 0.115e-9 * height + std::sqrt(last) * 0.3e-9 + 1e-4;
}

double pi_seconds(std::uint64_t x) {
  if (x < 1000000) return 1e-4;
  return 3.5 * std::pow(static_cast<double>(x) / 1e15, 0.63) + 1e-4;
}

// Gourdon, one thread of an Intel Xeon (family 6 model 167): 0.85 s for pi(1e15), growing as
// x^0.6 (0.07 s at 1e13, 3.4 s at 1e16).
double gourdon_seconds(u128 x) {
  if (x < 1000000) return 1e-4;
  return 0.85 * std::pow(static_cast<double>(x) / 1e15, 0.6) + 1e-4;
}

// is_prime() number by number, one thread of an AMD EPYC Zen 5 (2026-12-04): 32 ns a number
// near 1e6, 64 near 1e12, 76 near 2^64 (most numbers end in the trial division; a prime costs
// about 2 us). Rounded up; nothing to start.
double primality_seconds(Range r) {
  return static_cast<double>(r.size()) * 80e-9 + 1e-4;
}

std::string seconds_text(double s) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), s < 10 ? "%.2g s" : "%.0f s", s);
  return buf.data();
}

}  // namespace

double estimated_seconds(KernelKind kind, Range range) {
  if (kind == KernelKind::lmo) {
    return pi_seconds(range.last) + (range.first > 1 ? pi_seconds(range.first - 1) : 0.0);
  }
  if (kind == KernelKind::gourdon) {
    return gourdon_seconds(range.top()) +
           (range.first > 1 ? gourdon_seconds(range.first - 1) : 0.0);
  }
  if (kind == KernelKind::primality) return primality_seconds(range);
  return sieve_seconds(range);
}

KernelChoice choose_kernel(Range range, bool lmo_possible) {
  if (range.wide()) return {KernelKind::gourdon, "LAST is past 2^64-1, where only gourdon counts"};
  const double sieve = estimated_seconds(KernelKind::sieve, range);
  // A short range far from zero: testing each number beats finding every prime up to sqrt(LAST)
  // first. Like the sieve it lists primes and counts plain chunks, so it needs no lmo_possible.
  const double tested = estimated_seconds(KernelKind::primality, range);
  if (2 * tested < sieve && sieve > 0.05 &&
      (!lmo_possible || tested < estimated_seconds(KernelKind::gourdon, range))) {
    return {KernelKind::primality, "estimated " + seconds_text(tested) + " against " +
                                       seconds_text(sieve) +
                                       " for the sieve, which first finds the primes up to "
                                       "sqrt(LAST)"};
  }
  if (!lmo_possible) return {KernelKind::sieve, "the job lists primes or sets chunk sizes"};
  const double pi = estimated_seconds(KernelKind::gourdon, range);
  // Where both take a blink, the sieve (it also lists primes, and its chunks are plain ranges).
  if (2 * pi < sieve && sieve > 0.05) {
    return {KernelKind::gourdon,
            "estimated " + seconds_text(pi) + " against " + seconds_text(sieve) + " for the sieve"};
  }
  if (sieve <= 0.05) {
    return {KernelKind::sieve, "estimated " + seconds_text(sieve) +
                                   ", a blink either way (gourdon " + seconds_text(pi) + ")"};
  }
  return {KernelKind::sieve, "estimated " + seconds_text(sieve) + " against " + seconds_text(pi) +
                                 " for gourdon (the sieve wins unless gourdon takes half)"};
}

}  // namespace primes
