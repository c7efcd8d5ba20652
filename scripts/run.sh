#!/usr/bin/env bash
# The main job, the seed's program: counts the primes in a range with threads, and prints the
# seed's line. Installs what is missing and builds first (quietly).
# Usage: scripts/run.sh [FIRST] LAST [options of primes-threads]
#        (no range: the seed's workload, 1..300000)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_packages "${PKGS_BUILD[@]}"
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_TESTS=OFF -DPRIMES_BUILD_BENCH=OFF \
  -DPRIMES_BUILD_MPI=OFF -- primes-threads

n=$(cores)
"$dir/src/primes-threads" --threads "$n" "$@"
