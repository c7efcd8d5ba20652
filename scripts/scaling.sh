#!/usr/bin/env bash
# How a cluster scales: the same count on 1, 2, 4, ... hosts, with speedup and efficiency
# against one host, a table, a CSV of every run, the JSON reports and a plot. Installs what is
# missing and builds first.
#
# Usage: scripts/scaling.sh [FIRST] LAST (--hostfile FILE | --slurm) [--ranks-per-host R]
#                           [--threads T] [--kernel K] [--schedule S] [--reps R] [--output DIR]
#   --hostfile FILE  Open MPI hostfile (one host a line); k hosts = its first k lines
#   --slurm          inside a Slurm allocation (salloc, sbatch): srun --nodes=k for each k
#   defaults: 0 1e11, one rank per host, --threads 1, sieve, dynamic, 3 runs
#   $PRIMES_MPIRUN   replaces mpirun (for example a wrapper that adds site options)
#   output: results/scaling-<timestamp>/ (runs.csv, json/, scaling.png, summary.txt)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case ${1:-} in -h|--help) usage; exit 0 ;; esac

ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}" "${PKGS_PLOT[@]}" python3
dir=$PRIMES_BUILD/release
if [ -z "${PRIMES_MPI:-}" ]; then
  build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=OFF \
    -DPRIMES_BUILD_BENCH=OFF -- primes-mpi
  PRIMES_MPI=$dir/src/primes-mpi
fi
exec python3 "$PRIMES_ROOT/scripts/scaling.py" --mpi-exe "$PRIMES_MPI" \
  --mpirun "${PRIMES_MPIRUN:-mpirun}" --fault-opts "${MPIRUN_FAULT_OPTS[*]}" "$@"
