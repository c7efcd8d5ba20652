#!/usr/bin/env bash
# The sieve against primesieve, the reference prime counter, on this machine, now: one row per
# case of issue 11's table, each timed as whole processes (start-up included), ours and
# primesieve's alternated run by run. A row gives both medians, the median of the pairwise
# ratios (ours / primesieve: pairing cancels the machine's drift), both peak resident memories,
# and "ok" when the ratio is at most 1 and our peak at most primesieve's, else OVER.
# First it names the CPU, its caches and the sieve parameters the program chose from them.
# primesieve is only the yardstick here, never part of the product.
#
# Usage: scripts/bench.sh [--reps R]     (default 5; the table takes about 6 minutes at 5)
# shellcheck disable=SC2154  # $ours and $tmp are set by bench_setup (lib.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"

bench_setup primesieve


# The machine: CPU model, caches, and what the sieve chose from them.
cpu=$(cpu_model)
l1d=$(getconf LEVEL1_DCACHE_SIZE 2>/dev/null || echo 0)
l2=$(getconf LEVEL2_CACHE_SIZE 2>/dev/null || echo 0)
flags=$(grep -m1 '^flags' /proc/cpuinfo | grep -o -w -E 'avx2|avx512f|avx512bw|avx512vbmi|popcnt' |
  sort -u | tr '\n' ' ')
params=$("$ours" 0 1000 --kernel sieve --format json --no-progress |
  python3 -c 'import json, sys; p = json.load(sys.stdin)["kernel_parameters"]; print(", ".join(f"{k} {v}" for k, v in p.items()))')
printf 'date        %s\n' "$(date -u +%Y-%m-%d)"
printf 'CPU         %s (%s cores usable; %s)\n' "$cpu" "$(cores)" "$flags"
printf 'caches      L1d %s KiB, L2 %s KiB per core\n' "$((l1d / 1024))" "$((l2 / 1024))"
printf 'sieve       %s\n' "$params"
printf 'reference   %s\n' "$(primesieve --version 2>&1 | head -1)"

# One case: NAME, OUR ARGS (primes-threads), PRIMESIEVE ARGS.
names=()
declare -A our_args ref_args
add() { names+=("$1"); our_args[$1]=$2; ref_args[$1]=$3; }
add "0..1e9"                    "0 1e9 --threads 1"                "0 1e9 -t1"
add "0..1e10"                   "0 1e10 --threads 1"               "0 1e10 -t1"
add "1e12..1e12+1e10"           "1e12 1e12+1e10 --threads 1"       "1e12 1010000000000 -t1"
add "1e15..1e15+1e10"           "1e15 1e15+1e10 --threads 1"       "1e15 1000010000000000 -t1"
add "1e18..1e18+1e10"           "1e18 1e18+1e10 --threads 1"       "1e18 1000000010000000000 -t1"
add "2^64-1e9..2^64-1"          "2^64-1e9 2^64-1 --threads 1"      "18446744072709551616 18446744073709551615 -t1"
add "start: 1e12..+1000"        "1e12 1e12+1000 --threads 1"       "1e12 1000000001000 -t1"
add "start: 1e15..+1000"        "1e15 1e15+1000 --threads 1"       "1e15 1000000000001000 -t1"
add "start: 1e18..+1000"        "1e18 1e18+1000 --threads 1"       "1e18 1000000000000001000 -t1"
add "start: 2^64-1e4..+1000"    "2^64-1e4 2^64-9000 --threads 1"   "18446744073709541616 18446744073709542616 -t1"
add "0..1e10, 2 threads vs -t2" "0 1e10 --threads 2"               "0 1e10 -t2"

say "timing ${#names[@]} cases, $reps alternated pairs each ($((3 * reps)) for a case under a second)..."
for name in "${names[@]}"; do
  key=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_')
  pairs=$reps
  for ((i = 1; i <= pairs; i++)); do
    # shellcheck disable=SC2086  # the argument strings are word lists on purpose
    measure "$tmp/$key.ours" "$ours" ${our_args[$name]} --kernel sieve --no-progress
    # shellcheck disable=SC2086
    measure "$tmp/$key.ref" primesieve ${ref_args[$name]} -c -q
    # A run of a fraction of a second varies by several percent from run to run (start-up,
    # page faults, the neighbours' load): three times the pairs keep its median as steady as a
    # long case's.
    if ((i == 1)) && (($(cut -d' ' -f1 "$tmp/$key.ours") < 1000000)); then pairs=$((3 * reps)); fi
  done
done

printf '\n%-27s %10s %12s %7s %10s %10s %5s\n' case "primes s" "primesieve s" ratio \
  "ours MiB" "ps MiB" ""
for name in "${names[@]}"; do
  key=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_')
  pair_row "$name" "$tmp/$key.ours" "$tmp/$key.ref" 1
done
