#!/usr/bin/env bash
# What MPI costs and gives, measured in-program (the `seconds` of the reports, medians of
# alternated runs):
#   1. 0..1e10 with the sieve: -np 1 against -np 2 (two ranks should take <= 0.55 of one);
#   2. the same range: -np 1 against primes-threads --threads 1 (MPI overhead, target < 5%);
#   3. trial division on 1..3e7 with N = cores ranks: busy max/min per rank under the static
#      schedule (the seed's imbalance: later blocks hold bigger numbers) and the dynamic one
#      (target <= 1.1).
# Usage: scripts/bench-mpi.sh [--reps R]     (default 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"

ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}"
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=OFF \
  -DPRIMES_BUILD_BENCH=OFF -- primes-threads primes-mpi
n=$(cores)
mpirun=(mpirun --quiet)
[ "$(id -u)" -eq 0 ] && mpirun+=(--allow-run-as-root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: appends the CSV row's "seconds busy_min busy_max" to $tmp/NAME.
run() {
  local name=$1; shift
  "$@" --format csv --no-progress | tail -n 1 | awk -F, '{ print $10, $11, $12 }' >> "$tmp/$name"
}
median() {  # FILE COLUMN
  sort -g -k"$2" "$tmp/$1" | awk -v c="$2" '{ a[NR] = $c } END { printf "%.3f", a[int((NR + 1) / 2)] }'
}
imbalance() {  # median over runs of busy_max / busy_min
  awk '{ print $3 / $2 }' "$tmp/$1" | sort -g | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] }'
}

say "0..1e10, sieve: $reps alternated runs each of -np 1, -np 2 and 1 thread..."
for _ in $(seq "$reps"); do
  run np1 "${mpirun[@]}" -np 1 "$dir/src/primes-mpi" 0 1e10
  run np2 "${mpirun[@]}" -np 2 "$dir/src/primes-mpi" 0 1e10
  run t1 "$dir/src/primes-threads" 0 1e10 --threads 1
done
np1=$(median np1 1); np2=$(median np2 1); t1=$(median t1 1)
printf '\n%-46s %8s\n' "0..1e10, sieve (in-program seconds, median)" ""
printf '%-46s %8s\n' "mpirun -np 1" "$np1" "mpirun -np 2" "$np2" "primes-threads --threads 1" "$t1"
printf '%-46s %8s  (target <= 0.55)\n' "-np 2 / -np 1" "$(awk -v a="$np2" -v b="$np1" 'BEGIN { printf "%.3f", a / b }')"
printf '%-46s %8s  (target < 5%%)\n' "MPI overhead, -np 1 against 1 thread" \
  "$(awk -v a="$np1" -v b="$t1" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }')"

say "1..3e7, trial division, $n ranks: static and dynamic..."
for _ in $(seq "$reps"); do
  run static "${mpirun[@]}" -np "$n" "$dir/src/primes-mpi" 1 3e7 --kernel trial --schedule static
  run dynamic "${mpirun[@]}" -np "$n" "$dir/src/primes-mpi" 1 3e7 --kernel trial --schedule dynamic
done
printf '\n%-46s %8s %12s\n' "1..3e7, trial, $n ranks (median of $reps)" "seconds" "busy max/min"
printf '%-46s %8s %12s\n' "static (one block per rank)" "$(median static 1)" "$(imbalance static)"
printf '%-46s %8s %12s  (target <= 1.1)\n' "dynamic (automatic chunks)" "$(median dynamic 1)" \
  "$(imbalance dynamic)"
