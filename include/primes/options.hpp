/// @file options.hpp
/// The command line shared by primes-threads and primes-mpi.
///
///   primes-threads [FIRST] LAST [--threads N] [--kernel auto|lmo|sieve|trial] [--schedule
///   static|dynamic]
///                  [--chunk-size N] [--format text|json|csv] [--progress|--no-progress]
///   primes-mpi     the same; mpirun -np N sets the number of processes, --threads the worker
///                  threads in each
///
/// Parsing is Boost.Program_options; numbers go through parse_number(). Any problem throws a
/// UsageError whose message is the one line the user will see.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "primes/choices.hpp"
#include "primes/range.hpp"

namespace primes {

/// The seed's workload: the numbers 1 .. 299999 in range(1, 300_000), plus 300000 itself, which
/// is even and changes nothing (25997 primes).
inline constexpr Range kSeedWorkload{1, 300000};

/// Most threads accepted by --threads.
inline constexpr std::uint64_t kMaxThreads = 4096;

struct Options {
  Range range = kSeedWorkload;
  std::uint64_t threads = 0;  ///< 0: the front end's default
  /// Absent: --kernel auto (the default), chosen per range by choose_kernel().
  std::optional<KernelKind> kernel;
  Schedule schedule = Schedule::static_blocks;
  bool schedule_given = false;              ///< --schedule was on the command line
  std::optional<std::uint64_t> chunk_size;  ///< dynamic schedule; automatic when absent
  Format format = Format::text;
  ProgressMode progress = ProgressMode::automatic;
  std::optional<std::string> input;            ///< a list of numbers to test ("-": stdin)
  bool print = false;                          ///< write the primes found to standard output
  bool double_check = false;                   ///< gourdon: count twice, under two tunings
  std::optional<std::string> checkpoint;       ///< journal of finished chunks, to resume from
  std::uint64_t checkpoint_every = 10;         ///< seconds between fdatasyncs of the journal
  std::optional<std::uint64_t> stall_timeout;  ///< primes-mpi: seconds a rank may be silent
  bool help = false;
  bool version = false;
};

std::string_view program_name(Frontend frontend) noexcept;

/// Parses the arguments after the program name. Throws UsageError.
Options parse_options(Frontend frontend, std::span<const std::string> args);

/// The --help text.
std::string help_text(Frontend frontend);

}  // namespace primes
