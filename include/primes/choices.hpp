/// @file choices.hpp
/// The user's choices, as small enums with their names on the command line and in reports.
///
/// Kept apart from the modules that act on them so that the report, the progress line and the
/// command line can name a kernel or a schedule without depending on the kernels themselves.
#pragma once

#include <optional>
#include <string_view>

namespace primes {

/// Which program is counting: std::thread workers in one process, or MPI processes.
enum class Frontend { threads, processes };

/// trial: the seed's trial division; sieve: segmented Eratosthenes; lmo and gourdon: the
/// combinatorial pi(x) of Lagarias-Miller-Odlyzko (prime_pi.hpp) and of Gourdon (gourdon.hpp),
/// for counts that start near zero; primality: every number tested on its own (primality.hpp),
/// for short ranges far from zero, where the sieve would first have to find its sieving primes.
enum class KernelKind { trial, sieve, lmo, gourdon, primality };

/// The kernels that count [FIRST, LAST] as pi(LAST) - pi(FIRST - 1), by numbered pieces of a
/// combinatorial method rather than by chunks of the range: they list no primes and choose
/// their own pieces.
constexpr bool combinatorial(KernelKind kind) noexcept {
  return kind == KernelKind::lmo || kind == KernelKind::gourdon;
}

/// static: one contiguous share of the chunks per worker (the seed's dividir). dynamic: idle
/// workers take the next chunk from a shared queue.
enum class Schedule { static_blocks, dynamic_chunks };

enum class Format { text, json, csv };

enum class ProgressMode { automatic, on, off };

std::string_view to_string(KernelKind kind) noexcept;
std::string_view to_string(Schedule schedule) noexcept;
std::string_view to_string(Format format) noexcept;

std::optional<KernelKind> kernel_from_string(std::string_view name) noexcept;
std::optional<Schedule> schedule_from_string(std::string_view name) noexcept;
std::optional<Format> format_from_string(std::string_view name) noexcept;

}  // namespace primes
