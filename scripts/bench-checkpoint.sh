#!/usr/bin/env bash
# What --checkpoint costs: 0..1e11 with the sieve, with and without a checkpoint (a new file each
# run), alternated, in-program seconds; for primes-threads (all cores) and mpirun -np <cores>.
# Prints the medians and the overhead (target <= 1%).
# Usage: scripts/bench-checkpoint.sh [--reps R]     (default 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"
ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}"
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=OFF \
  -DPRIMES_BUILD_BENCH=OFF -- primes-threads primes-mpi
n=$(cores)
mpirun=(mpirun --quiet "${MPIRUN_FAULT_OPTS[@]}" -np "$n")
[ "$(id -u)" -eq 0 ] && mpirun+=(--allow-run-as-root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: appends the in-program seconds and the chunks to $tmp/NAME.
run() {
  local name=$1; shift
  "$@" 0 1e11 --kernel sieve --format csv --no-progress | tail -n 1 | awk -F, '{ print $10, $9 }' >> "$tmp/$name"
}
median() { sort -g "$tmp/$1" | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] }'; }
overhead() {
  awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%+.2f%%", (a / b - 1) * 100 }'
}

say "0..1e11, sieve: $reps alternated runs each, with and without --checkpoint..."
for i in $(seq "$reps"); do
  run threads "$dir/src/primes-threads"
  run threads_ckpt "$dir/src/primes-threads" --checkpoint "$tmp/t$i.ckpt"
  run mpi "${mpirun[@]}" "$dir/src/primes-mpi"
  run mpi_ckpt "${mpirun[@]}" "$dir/src/primes-mpi" --checkpoint "$tmp/m$i.ckpt"
done
chunks=$(awk 'NR == 1 { print $2 }' "$tmp/threads_ckpt")
printf '\n%-44s %10s %10s %10s\n' "0..1e11, sieve (median of $reps, seconds)" plain checkpoint overhead
printf '%-44s %10s %10s %10s\n' "primes-threads ($n threads, $chunks chunks)" "$(median threads)" \
  "$(median threads_ckpt)" "$(overhead threads_ckpt threads)"
printf '%-44s %10s %10s %10s\n' "mpirun -np $n primes-mpi" "$(median mpi)" "$(median mpi_ckpt)" \
  "$(overhead mpi_ckpt mpi)"
