#!/usr/bin/env bash
# Smoke test of scripts/compare.py on the test build: N = 1..2, one run each, two sizes.
# Checks the seed's two lines, the table, the CSV (one row per mode, N and run) and the plots,
# and that sizes are read as the programs read numbers (2^10*10^3 = 1024000).
# Usage: tests/scripts/compare_test.sh PRIMES_THREADS PRIMES_MPI OUTPUT_DIR
set -euo pipefail
threads=${1:?}; mpi=${2:?}; out=${3:?}
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

text=$(python3 "$root/scripts/compare.py" --threads-exe "$threads" --mpi-exe "$mpi" \
  --kernel sieve --max-workers 2 --reps 1 --sizes 1e5,2^10*10^3 --output "$out")
echo "$text"
grep -q '^Processes: 25997 primes in [0-9.]* s with 2 processes' <<<"$text" || fail "no processes line"
grep -q '^Threads: 25997 primes in [0-9.]* s with 2 threads' <<<"$text" || fail "no threads line"
grep -Eq '^ +2 +[0-9.]+ +[0-9.]+ +[0-9.]+ ' <<<"$text" || fail "no table row for N = 2"
grep -q 'processes within 10% of threads' <<<"$text" || fail "no catch-up line"
grep -Eq '^ +1024000 ' <<<"$text" || fail "no row for the size 2^10*10^3"
# 2 workers x 2 modes + 2 sizes x 2 modes, one run each, and a header.
[ "$(wc -l < "$out/runs.csv")" -eq 9 ] || fail "runs.csv: $(cat "$out/runs.csv")"
[ "$(ls "$out/json" | wc -l)" -eq 8 ] || fail "JSON reports: $(ls "$out/json")"
if command -v gnuplot >/dev/null; then
  for png in time speedup sizes; do
    [ -s "$out/$png.png" ] || fail "no $png.png"
    grep -q '^set key below' "$out/$png.gp" || fail "$png.png: the legend is not below the graph"
  done
  # time.png: a log axis exactly when the times span more than 30x (mpirun's launch against
  # the in-program milliseconds).
  spread=$(awk '!/^#/ { for (i = 2; i <= 4; i++) { if (min == "" || $i < min) min = $i
                                                    if ($i > max) max = $i } }
                END { print (max > 30 * min) ? "log" : "linear" }' "$out/workers.dat")
  if grep -q '^set logscale y' "$out/time.gp"; then axis=log; else axis=linear; fi
  [ "$axis" = "$spread" ] || fail "time.png has a $axis axis for times that want a $spread one"
fi
echo "compare smoke test passed"
