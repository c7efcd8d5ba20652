#!/usr/bin/env bash
# The lmo kernel (combinatorial pi(x)) against primecount, the reference for pi(x), on this
# machine, now; and against our own sieve where the two kernels cross over. Every row is timed as
# whole processes (start-up included), the two commands alternated run by run; a row gives both
# medians, the median of the pairwise ratios (A / B), and both peak resident memories. First it
# names the CPU and the parameters lmo chose. primecount is only the yardstick, never part of
# the product.
#
# Usage: scripts/bench-pi.sh [--reps R]     (default 5; about 10 minutes at 5)
# shellcheck disable=SC2154  # $ours and $tmp are set by bench_setup (lib.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

parse_reps "$@"

bench_setup primecount


cpu=$(cpu_model)
l2=$(getconf LEVEL2_CACHE_SIZE 2>/dev/null || echo 0)
printf 'date        %s\n' "$(date -u +%Y-%m-%d)"
printf 'CPU         %s (%s cores usable; L2 %s KiB per core)\n' "$cpu" "$(cores)" "$((l2 / 1024))"
for x in 1e13 1e15 1e16; do
  printf 'lmo at %-5s %s\n' "$x" "$("$ours" "$x" --kernel lmo --format json --no-progress |
    python3 -c 'import json, sys; p = json.load(sys.stdin)["kernel_parameters"]; print(", ".join(f"{k} {v}" for k, v in p.items()))')"
done
printf 'reference   %s\n' "$(primecount --version 2>&1 | head -1)"

# One row: NAME, A (a command line), B (a command line).
names=()
declare -A a_cmd b_cmd
add() { names+=("$1"); a_cmd[$1]=$2; b_cmd[$1]=$3; }
p=primecount
add "pi(1e11) -t1"                "$ours 1e11 --kernel lmo --threads 1"  "$p 1e11 -t1"
add "pi(1e13) -t1"                "$ours 1e13 --kernel lmo --threads 1"  "$p 1e13 -t1"
add "pi(1e15) -t1"                "$ours 1e15 --kernel lmo --threads 1"  "$p 1e15 -t1"
add "pi(1e16) -t1"                "$ours 1e16 --kernel lmo --threads 1"  "$p 1e16 -t1"
add "pi(1e15) -t2"                "$ours 1e15 --kernel lmo --threads 2"  "$p 1e15 -t2"
add "pi(1e16) -t2"                "$ours 1e16 --kernel lmo --threads 2"  "$p 1e16 -t2"
add "pi(1e15): 2 threads / 1"     "$ours 1e15 --kernel lmo --threads 2"  "$ours 1e15 --kernel lmo --threads 1"
add "0..1e8: lmo / sieve"         "$ours 1e8 --kernel lmo --threads 1"   "$ours 1e8 --kernel sieve --threads 1"
add "0..1e10: lmo / sieve"        "$ours 1e10 --kernel lmo --threads 1"  "$ours 1e10 --kernel sieve --threads 1"
add "1e12..+1e9: lmo / sieve"     "$ours 1e12 1e12+1e9 --kernel lmo --threads 1" "$ours 1e12 1e12+1e9 --kernel sieve --threads 1"
add "1e12..+1e10: lmo / sieve"    "$ours 1e12 1e12+1e10 --kernel lmo --threads 1" "$ours 1e12 1e12+1e10 --kernel sieve --threads 1"

say "timing ${#names[@]} rows, $reps alternated pairs each..."
for name in "${names[@]}"; do
  key=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_')
  # shellcheck disable=SC2086  # the command strings are word lists on purpose
  for _ in $(seq "$reps"); do
    measure "$tmp/$key.a" ${a_cmd[$name]}
    measure "$tmp/$key.b" ${b_cmd[$name]}
  done
done

printf '\n%-27s %10s %12s %7s %10s %10s\n' row "A s" "B s" "A/B" "A MiB" "B MiB"
for name in "${names[@]}"; do
  key=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '_')
  pair_row "$name" "$tmp/$key.a" "$tmp/$key.b"
done
echo "A: ours (primes-threads ... --no-progress output discarded); B: as named in the row"
