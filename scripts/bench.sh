#!/usr/bin/env bash
# The sieve against primesieve, the reference prime counter, on this machine, now: its newest
# release (12.16, built by ../shared/anchors/build.sh, when it is there) and Debian's 11.0. Each
# case is timed as whole processes (start-up included), the three programs alternated run by run.
# A row gives the three medians, the medians of the pairwise ratios (ours / 12.16 and ours /
# 11.0: pairing cancels the machine's drift), our peak memory and 12.16's, and "ok" when the
# ratio to the newest primesieve is at most 1 and our peak at most its, else OVER. A last line
# gives 0..1e11 on two threads against ours on one (the goal is at most 0.52), the one-thread
# runs alternated with the two-thread ones and the ratio again a median of pairwise ratios.
# First it names the CPU, its caches and the sieve parameters the program chose from them.
# primesieve is only the yardstick here, never part of the product.
#
# Usage: scripts/bench.sh [--reps R]     (default 5; about 15 minutes at 5)
# shellcheck disable=SC2154  # $ours and $tmp are set by bench_setup (lib.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"

bench_setup primesieve
newest=$(anchor primesieve)
[ -n "$newest" ] || say "primesieve 12.16 is not built here (../shared/anchors/build.sh): its columns stay empty"

# The machine: CPU model, caches, and what the sieve chose from them.
cpu=$(cpu_model)
l1d=$(getconf LEVEL1_DCACHE_SIZE 2>/dev/null || echo 0)
l2=$(getconf LEVEL2_CACHE_SIZE 2>/dev/null || echo 0)
flags=$(grep -m1 '^flags' /proc/cpuinfo | grep -o -w -E 'avx2|avx512f|avx512bw|avx512vbmi|popcnt' |
  sort -u | tr '\n' ' ')
params=$("$ours" 0 1000 --kernel sieve --format json --no-progress |
  python3 -c 'import json, sys; p = json.load(sys.stdin)["kernel_parameters"]; print(", ".join(f"{k} {v}" for k, v in p.items()))')
printf 'date        %s\n' "$(date -u +%Y-%m-%d)"
printf 'CPU         %s, family %s model %s (%s cores usable; %s)\n' "$cpu" \
  "$(awk -F': *' '/^cpu family/ { print $2; exit }' /proc/cpuinfo)" \
  "$(awk -F': *' '/^model\t/ { print $2; exit }' /proc/cpuinfo)" "$(cores)" "$flags"
printf 'caches      L1d %s KiB, L2 %s KiB per core\n' "$((l1d / 1024))" "$((l2 / 1024))"
printf 'sieve       %s\n' "$params"
printf 'references  %s; %s\n' "${newest:+$("$newest" --version 2>&1 | head -n 1)}" \
  "$(primesieve --version 2>&1 | head -n 1)"

# One case: NAME, OUR ARGS (primes-threads), PRIMESIEVE ARGS.
names=()
declare -A our_args ref_args
add() { names+=("$1"); our_args[$1]=$2; ref_args[$1]=$3; }
add "0..1e9"                    "0 1e9 --threads 1"                "0 1e9 -t1"
add "0..1e10"                   "0 1e10 --threads 1"               "0 1e10 -t1"
add "1e12..1e12+1e10"           "1e12 1e12+1e10 --threads 1"       "1e12 1010000000000 -t1"
add "1e15..1e15+1e10"           "1e15 1e15+1e10 --threads 1"       "1e15 1000010000000000 -t1"
add "1e18..1e18+1e9"            "1e18 1e18+1e9 --threads 1"        "1e18 1000000001000000000 -t1"
add "1e18..1e18+1e10"           "1e18 1e18+1e10 --threads 1"       "1e18 1000000010000000000 -t1"
add "2^64-1e9..2^64-1"          "2^64-1e9 2^64-1 --threads 1"      "18446744072709551616 18446744073709551615 -t1"
add "start: 1e12..+1000"        "1e12 1e12+1000 --threads 1"       "1e12 1000000001000 -t1"
add "start: 1e15..+1000"        "1e15 1e15+1000 --threads 1"       "1e15 1000000000001000 -t1"
add "start: 1e18..+1000"        "1e18 1e18+1000 --threads 1"       "1e18 1000000000000001000 -t1"
add "start: 2^64-1e4..+1000"    "2^64-1e4 2^64-9000 --threads 1"   "18446744073709541616 18446744073709542616 -t1"
add "0..1e10, 2 threads"        "0 1e10 --threads 2"               "0 1e10 -t2"
add "0..1e11, 2 threads"        "0 1e11 --threads 2"               "0 1e11 -t2"

scaling_case="0..1e11, 2 threads"

say "timing ${#names[@]} cases, $reps alternated runs of each program ($((3 * reps)) for a case under a second)..."
for name in "${names[@]}"; do
  key=$(row_key "$name")
  pairs=$reps
  for ((i = 1; i <= pairs; i++)); do
    # shellcheck disable=SC2086  # the argument strings are word lists on purpose
    measure "$tmp/$key.ours" "$ours" ${our_args[$name]} --kernel sieve --no-progress
    # shellcheck disable=SC2086
    measure "$tmp/$key.ps11" primesieve ${ref_args[$name]} -c -q
    if [ -n "$newest" ]; then
      # shellcheck disable=SC2086
      measure "$tmp/$key.ps12" "$newest" ${ref_args[$name]} -c -q
    fi
    # The scaling line's one-thread runs, each beside a two-thread run: a drift of the machine
    # between them would otherwise show as a change of scaling.
    if [ "$name" = "$scaling_case" ]; then
      measure "$tmp/one.ours" "$ours" 0 1e11 --threads 1 --kernel sieve --no-progress
    fi
    # A run of a fraction of a second varies by several percent from run to run (start-up,
    # page faults, the neighbours' load): three times the runs keep its median as steady as a
    # long case's.
    if ((i == 1)) && (($(cut -d' ' -f1 "$tmp/$key.ours") < 1000000)); then pairs=$((3 * reps)); fi
  done
done

# A row: the three medians, ours / 12.16 and ours / 11.0 (medians of the pairwise ratios), our
# peak and 12.16's, and the verdict against 12.16.
three_way_table case 12.16 11.0 ps12 ps11 1
# Scaling: both medians, and the median of the pairwise ratios (two threads / one).
paste "$tmp/$(row_key "$scaling_case").ours" "$tmp/one.ours" | awk "$AWK_MEDIAN"'
  { n++; a[n] = $1; b[n] = $3; r[n] = $1 / $3 }
  END {
    ratio = median(r, n)
    printf "\n0..1e11: ours on 2 threads %.3f s, on 1 thread %.3f s (alternated): %.3f of one thread %s\n",
      median(a, n) / 1e6, median(b, n) / 1e6, ratio,
      (ratio <= 0.52 ? "ok" : "OVER (the goal is at most 0.52)")
  }'
