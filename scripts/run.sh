#!/usr/bin/env bash
# The main job, the seed's program: counts the primes in a range with N MPI processes and with N
# threads, and prints the seed's two lines. Installs what is missing and builds first (quietly).
#
# Usage: scripts/run.sh [FIRST] LAST [--workers N] [other options of primes-threads/primes-mpi]
#   no range     the seed's workload, 1..300000
#   --workers N  processes and threads to use (default: the number of cores)
# Example: scripts/run.sh 1e9 --kernel sieve
set -euo pipefail
source "$(dirname "$0")/lib.sh"

workers=$(cores)
args=()
while [ $# -gt 0 ]; do
  case $1 in
    -n|--workers) [ $# -ge 2 ] || die "--workers needs a value"; workers=$2; shift ;;
    --workers=*) workers=${1#--workers=} ;;
    -t|--threads|--threads=*) die "use --workers N: it sets both the processes and the threads" ;;
    -h|--help) usage; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
[[ $workers =~ ^[1-9][0-9]*$ ]] || die "--workers must be a whole number >= 1, not '$workers'"

ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}"
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=OFF \
  -DPRIMES_BUILD_BENCH=OFF -- primes-threads primes-mpi

mpirun=(mpirun --quiet "${MPIRUN_FAULT_OPTS[@]}" -np "$workers")
[ "$(id -u)" -eq 0 ] && mpirun+=(--allow-run-as-root)      # Open MPI refuses root otherwise
[ "$workers" -gt "$(cores)" ] && mpirun+=(--oversubscribe)  # more processes than cores: asked for

# Processes first, then threads, like the seed. A bad command line stops at the first (mpirun
# --quiet keeps its report to primes-mpi's one line; set -e ends the script with its status 2).
"${mpirun[@]}" "$dir/src/primes-mpi" "${args[@]}"
"$dir/src/primes-threads" --threads "$workers" "${args[@]}"
