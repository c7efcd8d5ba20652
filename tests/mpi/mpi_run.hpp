/// @file mpi_run.hpp
/// Running primes-mpi under mpiexec from the end-to-end tests, with the launcher and the
/// environment the test harness gives (tests/CMakeLists.txt: PRIMES_MPIEXEC and friends).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "support/run_command.hpp"

namespace primes::test {

/// mpiexec -n <np> <preflags> [extra] primes-mpi args...
inline std::vector<std::string> mpi_command(int np, const std::vector<std::string>& args,
                                            const std::vector<std::string>& extra = {}) {
  std::vector<std::string> cmd = {PRIMES_MPIEXEC, PRIMES_MPIEXEC_NUMPROC_FLAG, std::to_string(np)};
  std::istringstream preflags(PRIMES_MPIEXEC_PREFLAGS);
  for (std::string f; std::getline(preflags, f, '|');) {
    if (!f.empty()) cmd.push_back(f);
  }
  cmd.insert(cmd.end(), extra.begin(), extra.end());
  cmd.push_back(PRIMES_MPI_EXE);
  cmd.insert(cmd.end(), args.begin(), args.end());
  return cmd;
}

/// What Open MPI needs on a root-only CI machine, from the test harness.
inline std::vector<std::string> mpi_env() {
  std::vector<std::string> env;
  std::istringstream list(PRIMES_TEST_MPI_ENV);
  for (std::string e; std::getline(list, e, '|');) {
    if (!e.empty()) env.push_back(e);
  }
  return env;
}

inline CommandResult run_mpi(int np, const std::vector<std::string>& args,
                             const std::vector<std::string>& extra = {}) {
  return run_command(mpi_command(np, args, extra), mpi_env(), 120);
}

}  // namespace primes::test
