#!/usr/bin/env bash
# Processes against threads on the same count: a table, the seed's two lines, a CSV of every
# run, the JSON reports and PNG plots. Installs what is missing and builds first.
#
# Usage: scripts/compare.sh [FIRST] LAST [--kernel trial|sieve] [--schedule static|dynamic]
#                           [--max-workers K] [--sizes LIST] [--reps R] [--output DIR]
#   defaults: the seed's experiment: 1..300000, trial division, K = twice the cores, 5 runs
#   --sizes 1e5,1e6,1e7  also time ranges of these sizes at N = cores (where processes catch up)
#   output: results/compare-<timestamp>/ (runs.csv, json/, time.png, speedup.png, sizes.png)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case ${1:-} in -h|--help) usage; exit 0 ;; esac

ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}" "${PKGS_PLOT[@]}" python3
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=OFF \
  -DPRIMES_BUILD_BENCH=OFF -- primes-threads primes-mpi
exec python3 "$PRIMES_ROOT/scripts/compare.py" --threads-exe "$dir/src/primes-threads" \
  --mpi-exe "$dir/src/primes-mpi" --fault-opts "${MPIRUN_FAULT_OPTS[*]}" "$@"
