/// @file options.cpp
/// The shared command line, parsed with Boost.Program_options (see options.hpp).
#include "primes/options.hpp"

#include <boost/program_options.hpp>
#include <cctype>
#include <sstream>
#include <vector>

#include "primes/errors.hpp"
#include "primes/gourdon.hpp"
#include "primes/number_parser.hpp"

namespace po = boost::program_options;

namespace primes {
namespace {

po::options_description visible_options(Frontend frontend) {
  po::options_description desc("Options", 100, 50);
  auto add = desc.add_options();
  add("threads,t", po::value<std::string>()->value_name("N"),
      frontend == Frontend::threads
          ? "worker threads (default: one per hardware thread)"
          : "worker threads in each process (default: $SLURM_CPUS_PER_TASK, else 1)");
  add("kernel,k", po::value<std::string>()->value_name("NAME"),
      "auto (default: the one expected to be fastest for the range), gourdon or lmo "
      "(combinatorial pi(x), for counts from near zero), sieve (segmented sieve), primality "
      "(each number tested: short ranges far from zero) or trial (the seed's trial division)");
  add("schedule,s", po::value<std::string>()->value_name("NAME"),
      "dynamic (workers take chunks from a queue; the default with gourdon and lmo, with the "
      "sieve on more "
      "than one worker, and with --chunk-size) or static (one block per worker)");
  add("chunk-size,c", po::value<std::string>()->value_name("N"),
      "numbers per chunk of the dynamic schedule (default: automatic)");
  add("format,f", po::value<std::string>()->value_name("FMT"), "text (default), json or csv");
  add("input,i", po::value<std::string>()->value_name("FILE"),
      "test the whole numbers listed in FILE (- for standard input) instead of a range");
  add("print,p", po::bool_switch(),
      "write the primes found to standard output, one per line, in order (the summary then goes "
      "to standard error)");
  add("double-check", po::bool_switch(),
      "count pi(x) a second time with other parameters (gourdon's y and z; about twice the "
      "time) and fail with both counts if they differ");
  add("checkpoint", po::value<std::string>()->value_name("FILE"),
      "record finished chunks in FILE; run again with the same FILE to continue a stopped job");
  add("checkpoint-every", po::value<std::string>()->value_name("SECONDS"),
      "make the checkpoint durable (fdatasync) at least this often (default 10)");
  if (frontend == Frontend::processes) {
    add("stall-timeout", po::value<std::string>()->value_name("SECONDS"),
        "end the job when a rank with work has been silent this long (default: never)");
  }
  add("progress", po::bool_switch(), "draw progress on stderr (default when stderr is a terminal)");
  add("no-progress", po::bool_switch(), "never draw progress");
  add("help,h", po::bool_switch(), "show this help and exit");
  add("version,V", po::bool_switch(), "show the version and exit");
  return desc;
}

// Whether `arg` is an option (--name or -n, without =value) that takes a value. Never throws:
// a name that is empty or a prefix of several options is simply not one that takes a value.
bool takes_value(const po::options_description& desc, const std::string& arg) {
  std::string name;
  if (arg.size() > 2 && arg.starts_with("--") && arg.find('=') == std::string::npos) {
    name = arg.substr(2);
  } else if (arg.size() == 2 && arg[0] == '-' && arg[1] != '-') {
    name = arg;
  } else {
    return false;
  }
  try {
    const po::option_description* option = desc.find_nothrow(name, false);
    return option != nullptr && option->semantic()->max_tokens() > 0;
  } catch (const po::error&) {
    return false;
  }
}

std::uint64_t number_argument(std::string_view name, const std::string& text) {
  try {
    return parse_number(text);
  } catch (const NumberError& e) {
    throw UsageError(std::string(name) + ": " + e.what());
  }
}

// Boost reports an option by its canonical long name, e.g. "--threads".
std::string option_of(const po::error_with_option_name& e) {
  std::string name = e.get_option_name();
  return name.empty() ? std::string("an option") : quoted(name);
}

// The value of a named option such as --kernel, read with `from_string`, or a usage error that
// lists the accepted names.
template <class Enum, class FromString>
void read_name(const po::variables_map& vm, const char* option, FromString from_string,
               const char* expected, Enum& out) {
  if (vm.count(option) == 0) return;
  const std::string& name = vm[option].as<std::string>();
  const std::optional<Enum> value = from_string(name);
  if (!value) {
    throw UsageError("unknown " + std::string(option) + " " + quoted(name) + " (expected " +
                     expected + ")");
  }
  out = *value;
}

// A leading '-' followed by a digit is a negative number, not an option: say so plainly, and
// for which option when it is an option's value, instead of reporting an unknown option. After
// "--" every argument is a number, never an option nor an option's value.
void reject_negative_numbers(const po::options_description& visible,
                             std::span<const std::string> args) {
  bool options_end = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--" && !options_end) {
      options_end = true;
      continue;
    }
    if (a.size() >= 2 && a[0] == '-' && (std::isdigit(static_cast<unsigned char>(a[1])) != 0)) {
      const bool is_value = !options_end && i > 0 && takes_value(visible, args[i - 1]);
      const std::string owner = is_value ? args[i - 1] + ": " : "";
      throw UsageError(owner + quoted(a) + " is negative: numbers must be in [0, 2^64-1]");
    }
  }
}

// Boost's reading of argv (no guessing of abbreviations), its errors as one-line usage errors.
po::variables_map read_argv(Frontend frontend, std::span<const std::string> args) {
  po::options_description all = visible_options(frontend);
  all.add_options()("range", po::value<std::vector<std::string>>()->multitoken(), "FIRST LAST");
  po::positional_options_description positional;
  positional.add("range", -1);
  po::variables_map vm;
  std::vector<std::string> argv(args.begin(), args.end());
  try {
    const int style =
        po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(argv).options(all).positional(positional).style(style).run(),
              vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    throw UsageError("unknown option " + option_of(e));
  } catch (const po::invalid_command_line_syntax& e) {
    if (e.kind() == po::invalid_command_line_syntax::missing_parameter) {
      throw UsageError("option " + option_of(e) + " needs a value");
    }
    throw UsageError(std::string(e.what()));
  } catch (const po::multiple_occurrences& e) {
    throw UsageError("option " + option_of(e) + " is given more than once");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()));
  }
  return vm;
}

// [FIRST] LAST.
void read_range(const po::variables_map& vm, Options& o) {
  if (vm.count("range") == 0) return;
  const auto& values = vm["range"].as<std::vector<std::string>>();
  if (values.size() > 2) {
    std::string given;
    for (const auto& v : values) {
      given += ' ';
      given += quoted(v);
    }
    throw UsageError("too many arguments:" + given + " (expected [FIRST] LAST)");
  }
  // LAST past 2^64 - 1: pi(LAST), a count from zero, by gourdon (read_wide_range_choices).
  const std::string& last_text = values.back();
  u128 last = 0;
  try {
    last = parse_wide_number(last_text, kGourdonMax,
                             "10^30, the largest LAST of a count from zero (and 2^64-1 the "
                             "largest of any other range)");
  } catch (const NumberError& e) {
    throw UsageError(std::string("LAST: ") + e.what());
  }
  if (last > kMaxU64) {
    if (values.size() == 2 && number_argument("FIRST", values[0]) != 0) {
      throw UsageError("LAST (" + to_decimal(last) +
                       ") is past 2^64-1: such a range is counted from 0 only (pi(LAST) by "
                       "--kernel gourdon); the sieve and the other kernels stop at 2^64-1");
    }
    o.range = {0, static_cast<std::uint64_t>(last), static_cast<std::uint64_t>(last >> 64)};
    return;
  }
  if (values.size() == 1) {
    o.range = {0, static_cast<std::uint64_t>(last)};
    return;
  }
  o.range = {number_argument("FIRST", values[0]), static_cast<std::uint64_t>(last)};
  if (o.range.first > o.range.last) {
    throw UsageError("FIRST (" + std::to_string(o.range.first) + ") is greater than LAST (" +
                     std::to_string(o.range.last) + ")");
  }
}

// --threads, --kernel, --schedule.
void read_workers(const po::variables_map& vm, Options& o) {
  if (vm.count("threads") != 0) {
    o.threads = number_argument("--threads", vm["threads"].as<std::string>());
    if (o.threads == 0) throw UsageError("--threads must be at least 1");
    if (o.threads > kMaxThreads) {
      throw UsageError("--threads " + std::to_string(o.threads) + " is more than the limit of " +
                       std::to_string(kMaxThreads));
    }
  }
  if (vm.count("kernel") != 0 && vm["kernel"].as<std::string>() != "auto") {
    KernelKind kind = KernelKind::sieve;
    read_name(vm, "kernel", kernel_from_string, "auto, gourdon, lmo, sieve, primality or trial",
              kind);
    o.kernel = kind;
  }
  read_name(vm, "schedule", schedule_from_string, "static or dynamic", o.schedule);
  o.schedule_given = vm.count("schedule") != 0;
}

// --input, which excludes a range and the options of a range's count.
void read_input(const po::variables_map& vm, Options& o) {
  if (vm.count("input") == 0) return;
  o.input = vm["input"].as<std::string>();
  if (o.input->empty()) throw UsageError("--input needs a file name (or - for standard input)");
  if (vm.count("range") != 0) throw UsageError("--input and a range exclude each other");
  for (const char* other : {"kernel", "schedule", "chunk-size", "checkpoint", "double-check"}) {
    if (vm.count(other) != 0 && !vm[other].defaulted()) {  // a switch is always there
      throw UsageError("--" + std::string(other) +
                       " does not apply to --input (a list is "
                       "tested by Miller-Rabin, in batches handed to idle workers)");
    }
  }
}

// --print, --checkpoint, --checkpoint-every, --stall-timeout.
void read_output_and_long_runs(const po::variables_map& vm, Options& o) {
  o.print = vm["print"].as<bool>();
  if (o.print && o.kernel && combinatorial(*o.kernel)) {
    throw UsageError("--print needs a kernel that finds each prime: the " +
                     std::string(to_string(*o.kernel)) +
                     " kernel counts them without listing them (use --kernel sieve, or auto)");
  }
  o.double_check = vm["double-check"].as<bool>();
  if (o.double_check && (o.print || (o.kernel && *o.kernel != KernelKind::gourdon))) {
    throw UsageError(
        "--double-check applies to --kernel gourdon (or auto) only, without --print "
        "(the sieve and the other kernels have one way to count)");
  }
  if (vm.count("checkpoint") != 0) {
    if (o.print) {
      throw UsageError(
          "--print and --checkpoint exclude each other (a resumed count does not "
          "have the primes of the chunks it resumes)");
    }
    o.checkpoint = vm["checkpoint"].as<std::string>();
    if (o.checkpoint->empty()) throw UsageError("--checkpoint needs a file name");
  }
  if (vm.count("checkpoint-every") != 0) {
    o.checkpoint_every =
        number_argument("--checkpoint-every", vm["checkpoint-every"].as<std::string>());
    if (o.checkpoint_every == 0) throw UsageError("--checkpoint-every must be at least 1");
    if (!o.checkpoint) throw UsageError("--checkpoint-every applies with --checkpoint only");
  }
  if (vm.count("stall-timeout") != 0) {
    o.stall_timeout = number_argument("--stall-timeout", vm["stall-timeout"].as<std::string>());
    if (*o.stall_timeout == 0) throw UsageError("--stall-timeout must be at least 1");
  }
}

// --chunk-size (after the schedule, the kernel, --print and --checkpoint, which it depends on).
void read_chunk_size(const po::variables_map& vm, Options& o) {
  if (vm.count("chunk-size") == 0) return;
  o.chunk_size = number_argument("--chunk-size", vm["chunk-size"].as<std::string>());
  if (*o.chunk_size == 0) throw UsageError("--chunk-size must be at least 1");
  if ((o.kernel && combinatorial(*o.kernel)) || o.double_check) {
    throw UsageError("--chunk-size does not apply to --kernel " +
                     std::string(to_string(o.kernel.value_or(KernelKind::gourdon))) +
                     " (its pieces follow from the range)");
  }
  if (!o.schedule_given) {
    o.schedule = Schedule::dynamic_chunks;  // a chunk size asks for chunks from a queue
  } else if (o.schedule != Schedule::dynamic_chunks && !o.checkpoint && !o.print) {
    throw UsageError(
        "--chunk-size applies to --schedule dynamic only (or with --checkpoint or --print)");
  }
}

// --format, --progress, --no-progress.
void read_presentation(const po::variables_map& vm, Options& o) {
  read_name(vm, "format", format_from_string, "text, json or csv", o.format);
  const bool on = vm["progress"].as<bool>();
  const bool off = vm["no-progress"].as<bool>();
  if (on && off) throw UsageError("--progress and --no-progress contradict each other");
  o.progress = on ? ProgressMode::on : off ? ProgressMode::off : ProgressMode::automatic;
}

// A range past 2^64 - 1 (pi(LAST) from zero): gourdon's, with what applies to it.
void read_wide_range_choices(Options& o) {
  if (!o.range.wide()) return;
  const std::string last = to_decimal(o.range.top());
  if (o.kernel && *o.kernel != KernelKind::gourdon) {
    throw UsageError("--kernel " + std::string(to_string(*o.kernel)) + " stops at 2^64-1; LAST (" +
                     last + ") is counted by --kernel gourdon (or auto) only");
  }
  if (o.print) {
    throw UsageError("--print lists primes up to 2^64-1 only; LAST (" + last +
                     ") is counted by gourdon, which does not list them");
  }
}

}  // namespace

std::string_view program_name(Frontend frontend) noexcept {
  return frontend == Frontend::threads ? "primes-threads" : "primes-mpi";
}

Options parse_options(Frontend frontend, std::span<const std::string> args) {
  reject_negative_numbers(visible_options(frontend), args);
  const po::variables_map vm = read_argv(frontend, args);
  Options o;
  o.help = vm["help"].as<bool>();
  o.version = vm["version"].as<bool>();
  if (o.help || o.version) return o;
  read_range(vm, o);
  read_workers(vm, o);
  read_input(vm, o);
  read_output_and_long_runs(vm, o);
  read_chunk_size(vm, o);
  read_presentation(vm, o);
  read_wide_range_choices(o);
  return o;
}

std::string help_text(Frontend frontend) {
  std::ostringstream out;
  const std::string_view name = program_name(frontend);
  if (frontend == Frontend::threads) {
    out << "Usage: " << name << " [FIRST] LAST [options]\n\n"
        << "Counts the primes in [FIRST, LAST] with threads of one process.\n";
  } else {
    out << "Usage: mpirun -np N " << name << " [FIRST] LAST [options]\n\n"
        << "Counts the primes in [FIRST, LAST] with N MPI processes of --threads worker threads\n"
        << "each; rank 0 coordinates and counts too.\n";
  }
  out << "With one number, counts [0, LAST]; with none, the seed's workload 1..300000.\n"
      << "Numbers may be written 1_000_000, 1e10, 2^32, 2^64-1, 1e12+1e9 (exact, <= 2^64-1).\n\n"
      << visible_options(frontend) << "\n"
      << "Exit status: 0 done, 1 runtime failure, 2 bad command line, 3 stopped early by a\n"
      << "signal with --checkpoint (run the same command to continue).\n";
  return out.str();
}

}  // namespace primes
