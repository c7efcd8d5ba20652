/// @file main.cpp
/// primes-mpi: counts the primes in a range with MPI processes (mpirun -np N primes-mpi ...).
#include "program.hpp"

int main(int argc, char** argv) {
  return primes::mpi::run_program(argc, argv);
}
