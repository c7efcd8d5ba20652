#!/usr/bin/env bash
# The sieve against primesieve, the reference prime counter, on this machine, now: whole-process
# wall time (median of alternated runs) and peak resident memory, with the limits we hold
# ourselves to; then the cost of starting a count at several heights (what each dynamic chunk
# pays once). primesieve is only the yardstick here, never part of the product.
#
# Usage: scripts/bench.sh [--reps R]     (default 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"

ensure_packages "${PKGS_BUILD[@]}" primesieve time
dir=$PRIMES_BUILD/release
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=OFF -DPRIMES_BUILD_TESTS=OFF \
  -DPRIMES_BUILD_BENCH=OFF -- primes-threads
ours=$dir/src/primes-threads
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD...: one run; appends "seconds max_rss_kib" to $tmp/NAME.
measure() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" > "$tmp/out" 2>/dev/null
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(cat "$tmp/rss")" >> "$tmp/$name"
}
median_s() { sort -n "$tmp/$1" | awk '{ a[NR] = $1 } END { printf "%.3f", a[int((NR + 1) / 2)] / 1e6 }'; }
max_mib() { awk '$2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$tmp/$1"; }

top_first=18446744072709551616  # 2^64 - 10^9
top_last=18446744073709551615   # 2^64 - 1
say "timing: $reps alternated runs of each case (median wall time, peak RSS)..."
for _ in $(seq "$reps"); do
  measure ps_1e10 primesieve 1e10 -t1 -c -q
  measure ours_1e10_t1 "$ours" 0 1e10 --threads 1 --no-progress
  measure ours_1e10_t2 "$ours" 0 1e10 --threads 2 --no-progress
  measure ours_1e10_t2_dyn "$ours" 0 1e10 --threads 2 --schedule dynamic --no-progress
  measure ps_top primesieve "$top_first" "$top_last" -t1 -c -q
  measure ours_top "$ours" 2^64-1e9 2^64-1 --threads 1 --no-progress
done

row() {  # case, ours, reference, ratio limit, rss, rss limit (MiB)
  local ratio ok
  ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", a / b }')
  ok=$(awk -v r="$ratio" -v rl="$4" -v m="$5" -v ml="$6" \
    'BEGIN { print (r <= rl && m <= ml) ? "ok" : "OVER" }')
  printf '%-38s %9s %11s %6s %7s %10s %9s %5s\n' "$1" "$2" "$3" "$ratio" "<= $4" "$5" "<= $6" "$ok"
}
printf '\n%-38s %9s %11s %6s %7s %10s %9s %5s\n' case "ours s" "reference s" ratio limit \
  "RSS MiB" limit ""
row "0..1e10, 1 thread vs primesieve -t1" "$(median_s ours_1e10_t1)" "$(median_s ps_1e10)" 2.0 \
  "$(max_mib ours_1e10_t1)" 32
row "2^64-1e9..2^64-1, 1 thread vs -t1" "$(median_s ours_top)" "$(median_s ps_top)" 2.5 \
  "$(max_mib ours_top)" 1024
row "0..1e10, 2 threads vs 1 thread" "$(median_s ours_1e10_t2)" "$(median_s ours_1e10_t1)" 0.55 \
  "$(max_mib ours_1e10_t2)" 64
printf '(2 threads, dynamic schedule: %s s, %s of 1 thread; primesieve peak RSS: %s MiB on\n' \
  "$(median_s ours_1e10_t2_dyn)" \
  "$(awk -v a="$(median_s ours_1e10_t2_dyn)" -v b="$(median_s ours_1e10_t1)" 'BEGIN { printf "%.2f", a / b }')" \
  "$(max_mib ps_1e10)"
printf ' 0..1e10, %s MiB at the top)\n' "$(max_mib ps_top)"

# Start-up cost: a count of 1000 numbers at each height is all start-up; the process's own
# start (0..1000) is subtracted.
say "timing the start of a count at several heights..."
for _ in $(seq "$reps"); do
  measure start_0 "$ours" 0 1000 --threads 1 --no-progress
  for h in 1e12 1e15 1e18 2^64-1001; do
    measure "start_$h" "$ours" "$h" "$h+1000" --threads 1 --no-progress
  done
done
base=$(median_s start_0)
printf '\n%-22s %14s\n' "start of a count at" "cost per chunk"
for h in 1e12 1e15 1e18 2^64-1001; do
  printf '%-22s %12s s\n' "$h" "$(awk -v a="$(median_s "start_$h")" -v b="$base" \
    'BEGIN { printf "%.3f", a - b }')"
done
