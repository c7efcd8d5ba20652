/// @file main.cpp
/// primes-mpi: counts the primes in a range with MPI processes (mpirun -np N primes-mpi ...).
#include <exception>
#include <iostream>

#include "primes/errors.hpp"
#include "primes/host.hpp"
#include "program.hpp"

int main(int argc, char** argv) {
  // The edge: whatever escapes the program's own handling ends it with one line, not an abort.
  primes::keep_freed_memory();
  try {
    return primes::mpi::run_program(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "primes-mpi: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "primes-mpi: failed with an unknown error" << std::endl;
  }
  return primes::kExitFailure;
}
