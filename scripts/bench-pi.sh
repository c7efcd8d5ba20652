#!/usr/bin/env bash
# pi(x) from zero: our combinatorial kernel (--kernel gourdon, what --kernel auto picks for a
# count from zero) against primecount, the reference for pi(x): its newest release (8.7, built
# by ../shared/anchors/build.sh, when it is there) and Debian's 7.6. Each row is timed as whole
# processes (start-up included), the three programs alternated run by run; a row gives the
# three medians, the medians of the pairwise ratios (ours / 8.7, ours / 7.6: pairing cancels the
# machine's drift), both peak memories, and "ok" when ours is at most 8.7's time and at most 1.5
# times its peak memory, else OVER. Then ranks against threads at 1e17 (mpirun -np 2, one thread
# each, against --threads 2), random x up to 2^64 - 1 checked against primecount, and (with
# --resume) a count of pi(1e18) stopped by SIGTERM and finished by another -np.
# First it names the CPU, its caches and the parameters our kernel chose. primecount is only
# the yardstick here, never part of the product.
#
# Usage: scripts/bench-pi.sh [--reps R] [--check N] [--quick] [--resume] [--past-2e64]
#   --reps R    alternated runs of each program per row (default 3; about 50 minutes at 3 on a
#               2-core Intel Xeon, most of it in the rows at 1e18 and 2^64 - 1)
#   --check N   random x checked against primecount (default 8), log-uniform up to 2^64 - 1
#   --quick     the rows up to 1e16 only, and no ranks row
#   --past-2e64 only the rows past 2^64: pi(1e20) and pi(2^64 + 2^40) on 2 threads, then by
#               mpirun -np 2 (one thread each) against primecount's 2 threads; "ok" at most 1.2
#               times 8.7's time and 1.5 times its peak (about 25 minutes at --reps 1)
#   --resume    also: mpirun -np 2 counts pi(1e18) with --checkpoint, is stopped by SIGTERM after
#               10 s (its ranks must say they stopped early), and mpirun -np 1 --threads 2
#               finishes it; the count must be pi(1e18) (about a minute)
# shellcheck disable=SC2154  # $ours, $ours_mpi, $mpirun and $tmp are set by bench_setup (lib.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

reps=3
checks=8
quick=0
resume=0
past=0
while [ $# -gt 0 ]; do
  case $1 in
    --reps) [ $# -ge 2 ] || die "--reps needs a value"; reps=$2; shift ;;
    --check) [ $# -ge 2 ] || die "--check needs a value"; checks=$2; shift ;;
    --quick) quick=1 ;;
    --resume) resume=1 ;;
    --past-2e64) past=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "--reps must be a whole number >= 1, not '$reps'"
[[ $checks =~ ^[0-9]+$ ]] || die "--check must be a whole number, not '$checks'"

bench_setup --mpi primecount python3
newest=$(anchor primecount)
[ -n "$newest" ] || say "primecount 8.7 is not built here (../shared/anchors/build.sh): its columns stay empty"
reference=${newest:-primecount}

# The machine, and what the kernel chose.
cpu=$(cpu_model)
l1d=$(getconf LEVEL1_DCACHE_SIZE 2>/dev/null || echo 0)
l2=$(getconf LEVEL2_CACHE_SIZE 2>/dev/null || echo 0)
printf 'date        %s\n' "$(date -u +%Y-%m-%d)"
printf 'CPU         %s, family %s model %s (%s cores usable)\n' "$cpu" \
  "$(awk -F': *' '/^cpu family/ { print $2; exit }' /proc/cpuinfo)" \
  "$(awk -F': *' '/^model\t/ { print $2; exit }' /proc/cpuinfo)" "$(cores)"
printf 'caches      L1d %s KiB, L2 %s KiB per core\n' "$((l1d / 1024))" "$((l2 / 1024))"
for x in 1e13 1e16 1e18; do
  printf 'gourdon %-4s %s\n' "$x" "$("$ours" "$x" --kernel gourdon --format json --no-progress |
    python3 -c 'import json, sys; p = json.load(sys.stdin)["kernel_parameters"]; print(", ".join(f"{k} {v}" for k, v in p.items()))')"
done
printf 'references  %s; %s\n' "${newest:+$("$newest" --version 2>&1 | head -n 1)}" \
  "$(primecount --version 2>&1 | head -n 1)"

# One row: NAME, X, THREADS.
names=()
declare -A row_x row_t
add() { names+=("$1"); row_x[$1]=$2; row_t[$1]=$3; }
if ((past == 1)); then
  add "pi(1e20), 2 threads" 1e20 2
  add "pi(2^64+2^40), 2 threads" 18446745173221179392 2
else
  add "pi(1e13), 1 thread" 1e13 1
  add "pi(1e15), 1 thread" 1e15 1
  add "pi(1e16), 1 thread" 1e16 1
  add "pi(1e16), 2 threads" 1e16 2
fi
if ((quick == 0 && past == 0)); then
  add "pi(1e17), 2 threads" 1e17 2
  add "pi(1e18), 2 threads" 1e18 2
  add "pi(2^64-1), 2 threads" 18446744073709551615 2
fi

say "timing ${#names[@]} rows, $reps alternated runs of each program..."
for name in "${names[@]}"; do
  key=$(row_key "$name")
  x=${row_x[$name]}
  t=${row_t[$name]}
  for ((i = 1; i <= reps; i++)); do
    measure "$tmp/$key.ours" "$ours" "$x" --kernel gourdon --threads "$t" --no-progress
    [ -n "$newest" ] && measure "$tmp/$key.pc8" "$newest" "$x" -t"$t"
    measure "$tmp/$key.pc7" primecount "$x" -t"$t"
  done
done

if ((past == 1)); then
  three_way_table row 8.7 7.6 pc8 pc7 1.5 1.2
  say "the same on 2 ranks of one thread each (mpirun -np 2), against 8.7 on 2 threads..."
  printf '\n%-27s %10s %12s %7s %10s %10s\n' row "ranks s" "8.7 s" "ratio" "rank MiB" "8.7 MiB"
  for name in "${names[@]}"; do
    key=$(row_key "$name")
    for ((i = 1; i <= reps; i++)); do
      measure "$tmp/$key.mpi" "${mpirun[@]}" -np 2 "$ours_mpi" "${row_x[$name]}" --kernel gourdon \
        --threads 1 --no-progress
    done
    [ -n "$newest" ] && pair_row "${name%%,*}: -np 2" "$tmp/$key.mpi" "$tmp/$key.pc8" bound:1.2:1.5
  done
  echo "(ranks: start-up included; the peak of one rank, against 8.7's whole process)"
  exit 0
fi
three_way_table row 8.7 7.6 pc8 pc7 1.5

if ((quick == 0)); then
  say "ranks against threads at 1e17, $reps alternated runs..."
  for ((i = 1; i <= reps; i++)); do
    measure "$tmp/ranks" "${mpirun[@]}" -np 2 "$ours_mpi" 1e17 --kernel gourdon --threads 1 --no-progress
    measure "$tmp/threads" "$ours" 1e17 --kernel gourdon --threads 2 --no-progress
  done
  printf '\n%-27s %10s %12s %7s %10s %10s\n' row "ranks s" "threads s" "ratio" "rank MiB" "MiB"
  pair_row "pi(1e17): -np 2 / -t 2" "$tmp/ranks" "$tmp/threads" ratio:1.1
  echo "(ranks: mpirun -np 2 primes-mpi --threads 1, start-up included; peak of one rank)"
fi

if ((checks > 0)); then
  say "checking $checks random x against $(basename "$reference")..."
  python3 -c '
import math, random, sys
rng = random.Random(int(sys.argv[2]))
for _ in range(int(sys.argv[1])):
    # log-uniform between 1e4 and 2^64 - 1
    e = rng.uniform(math.log(1e4), 64 * math.log(2))
    print(min(int(math.exp(e)) + rng.randrange(1000), 2**64 - 1))
' "$checks" "$(date +%s)" > "$tmp/xs"
  bad=0
  while read -r x; do
    got=$("$ours" "$x" --threads "$(cores)" --format json --no-progress |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')
    want=$("$reference" "$x" -t"$(cores)")
    if [ "$got" = "$want" ]; then
      printf 'pi(%s) = %s  ok\n' "$x" "$got"
    else
      printf 'pi(%s): ours %s, primecount %s  MISMATCH\n' "$x" "$got" "$want"
      bad=1
    fi
  done < "$tmp/xs"
  [ "$bad" -eq 0 ] || die "a count differs from primecount's"
fi

if ((resume == 1)); then
  say "pi(1e18) on 2 ranks, stopped after 10 s, finished on 1 rank x 2 threads..."
  ckpt=$tmp/pi1e18.ckpt
  "${mpirun[@]}" -np 2 "$ours_mpi" 1e18 --kernel gourdon --checkpoint "$ckpt" --no-progress \
    > "$tmp/first.out" 2> "$tmp/first.err" &
  sleep 10
  kill -TERM $!
  status=0
  wait $! || status=$?
  pieces=$(grep -c '^chunk ' "$ckpt" || true)
  # mpirun itself ends with 1 after a SIGTERM; the ranks say whether they stopped cleanly.
  printf 'stopped: mpirun status %s, %s pieces in the checkpoint: %s\n' "$status" "$pieces" \
    "$(head -c 60 "$tmp/first.err")"
  grep -q 'stopped early' "$tmp/first.err" || die "the stopped run did not stop cleanly: $(cat "$tmp/first.err")"
  start=$(date +%s%N)
  got=$("${mpirun[@]}" -np 1 --bind-to none "$ours_mpi" 1e18 --kernel gourdon --threads 2 --checkpoint "$ckpt" \
    --format json --no-progress | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')
  printf 'resumed on 1 rank x 2 threads: pi(1e18) = %s in %s s' "$got" \
    "$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
  if [ "$got" = 24739954287740860 ]; then
    echo "  ok (the known value)"
  else
    echo "  WRONG (pi(1e18) = 24739954287740860)"
    die "the resumed count is wrong"
  fi
fi
