/// @file cli.cpp
/// The command-line front door shared by both programs (see cli.hpp).
#include "primes/cli.hpp"

#include <exception>
#include <ostream>
#include <string>
#include <vector>

#include "primes/version.hpp"

namespace primes {

CommandLine read_command_line(Frontend frontend, int argc, const char* const* argv,
                              std::ostream& out, std::ostream& err, bool speak) {
  std::vector<std::string> args(argv + 1, argv + argc);
  CommandLine result;
  try {
    Options options = parse_options(frontend, args);
    if (options.help) {
      if (speak) out << help_text(frontend);
    } else if (options.version) {
      if (speak) out << program_name(frontend) << " " << kVersion << "\n";
    } else {
      result.options = options;
    }
  } catch (const UsageError& e) {
    if (speak) err << program_name(frontend) << ": " << e.what() << " (see --help)" << std::endl;
    result.exit_status = kExitUsage;
  } catch (const std::exception& e) {
    // Whatever else the parsing threw comes from argv too: still one line and status 2, the
    // same on every rank (each parses the same argv), never an abort.
    if (speak) {
      err << program_name(frontend) << ": cannot read the command line: " << quoted(e.what(), 200)
          << " (see --help)" << std::endl;
    }
    result.exit_status = kExitUsage;
  } catch (...) {
    if (speak) {
      err << program_name(frontend) << ": cannot read the command line (see --help)" << std::endl;
    }
    result.exit_status = kExitUsage;
  }
  return result;
}

}  // namespace primes
