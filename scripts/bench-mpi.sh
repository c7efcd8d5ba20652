#!/usr/bin/env bash
# What MPI costs and gives, measured in-program (the `seconds` of the reports, medians of
# alternated runs):
#   1. 0..1e10 with the sieve: -np 1 against -np 2 (two ranks should take <= 0.55 of one);
#   2. the same range: -np 1 against primes-threads --threads 1 (MPI overhead, target < 5%);
#   3. trial division on 1..3e7 with N = cores ranks: busy max/min per rank under the static
#      schedule (the seed's imbalance: later blocks hold bigger numbers) and the dynamic one
#      (target <= 1.1);
#   4. ranks x threads on 0..1e10: 1 x 2, 2 x 1 and 2 x 2, in-program and end to end;
#   5. the coordinator: requests rank 0 answers per second while it counts, its CPU per chunk,
#      and the longest reply wait, with 32 and 64 oversubscribed ranks and tiny chunks.
# Usage: scripts/bench-mpi.sh [--reps R]     (default 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"

ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}" libbenchmark-dev python3
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=OFF \
  -DPRIMES_BUILD_BENCH=ON -- primes-threads primes-mpi coordinator_bench
n=$(cores)
mpirun=(mpirun --quiet "${MPIRUN_FAULT_OPTS[@]}")
[ "$(id -u)" -eq 0 ] && mpirun+=(--allow-run-as-root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: appends the CSV row's "seconds busy_min busy_max" and the whole command's
# wall time to $tmp/NAME.
run() {
  local name=$1; shift
  local start end row
  start=$(date +%s.%N)
  row=$("$@" --format csv --no-progress | tail -n 1 | awk -F, '{ print $10, $11, $12 }')
  end=$(date +%s.%N)
  echo "$row $(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" >> "$tmp/$name"
}
median() {  # FILE COLUMN
  sort -g -k"$2" "$tmp/$1" | awk -v c="$2" '{ a[NR] = $c } END { printf "%.3f", a[int((NR + 1) / 2)] }'
}
imbalance() {  # median over runs of busy_max / busy_min
  awk '{ print $3 / $2 }' "$tmp/$1" | sort -g | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] }'
}

say "0..1e10, sieve: $reps alternated runs each of -np 1, -np 2 and 1 thread..."
for _ in $(seq "$reps"); do
  run np1 "${mpirun[@]}" -np 1 "$dir/src/primes-mpi" 0 1e10 --kernel sieve
  run np2 "${mpirun[@]}" -np 2 "$dir/src/primes-mpi" 0 1e10 --kernel sieve
  run t1 "$dir/src/primes-threads" 0 1e10 --threads 1 --kernel sieve
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

say "0..1e10, sieve: ranks x threads, $reps alternated runs each..."
for _ in $(seq "$reps"); do
  run r1t2 "${mpirun[@]}" --bind-to none -np 1 "$dir/src/primes-mpi" 0 1e10 --kernel sieve --threads 2
  run r2t1 "${mpirun[@]}" -np 2 "$dir/src/primes-mpi" 0 1e10 --kernel sieve --threads 1
  run r2t2 "${mpirun[@]}" --bind-to none -np 2 "$dir/src/primes-mpi" 0 1e10 --kernel sieve --threads 2
done
printf '\n%-46s %8s %12s\n' "0..1e10, sieve (median of $reps)" "seconds" "end to end"
printf '%-46s %8s %12s\n' "1 rank x 2 threads (--bind-to none)" "$(median r1t2 1)" "$(median r1t2 4)"
printf '%-46s %8s %12s\n' "2 ranks x 1 thread" "$(median r2t1 1)" "$(median r2t1 4)"
printf '%-46s %8s %12s\n' "2 ranks x 2 threads (oversubscribed)" "$(median r2t2 1)" "$(median r2t2 4)"

say "the coordinator under load: 32 and 64 ranks, chunks of 1e4 numbers..."
printf '\n%-6s %8s %10s %14s %16s %14s\n' ranks chunks seconds "requests/s" "rank 0 us/chunk" \
  "max wait ms"
for np in 32 64; do
  "${mpirun[@]}" --oversubscribe -np "$np" "$PRIMES_BUILD/release/bench/coordinator_bench" \
    0 1e9 --schedule dynamic --chunk-size 1e4 |
    python3 -c 'import json, sys
j = json.loads(sys.stdin.read())
print("%-6d %8d %10.3f %14.0f %16.2f %14.1f" % (j["ranks"], j["chunks"], j["seconds"],
      j["requests_per_second"], j["serve_cpu_per_chunk_us"], 1e3 * j["max_reply_wait_seconds"]))'
done
