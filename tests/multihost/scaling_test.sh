#!/usr/bin/env bash
# scripts/scaling.py over the namespace hosts: 1, 2 and 3 hosts, one run each. Checks the table
# (a row per host count, speedup 1.00 on one host), the CSV, that each run used as many distinct
# hosts as asked, and the plot. Speed is not the point here (the hosts share two cores).
# Usage: tests/multihost/scaling_test.sh STATE_DIR PRIMES_MPI OUTPUT_DIR
set -euo pipefail
state=${1:?}; exe=${2:?}; out=${3:?}
[ -f "$state/names" ] || { echo "SKIPPED: no hosts (hosts_up.sh skipped)"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
text=$(python3 "$root/scripts/scaling.py" --mpi-exe "$exe" --mpirun "$state/mpirun" \
  --hostfile "$state/hostfile" --reps 1 --threads 2 --output "$out" 0 1e9)
echo "$text"
grep -q '^\[0, 1e9\], sieve, dynamic, 1 rank(s)/host x 2 thread(s): 50847534 primes' <<<"$text" ||
  fail "no title line with pi(1e9)"
grep -Eq '^ +1 +1 +[0-9.]+ +[0-9.]+ +1\.00 +1\.00 ' <<<"$text" || fail "no row for 1 host"
for k in 2 3; do
  grep -Eq "^ +$k +$k +[0-9.]+ " <<<"$text" || fail "no row for $k hosts"
done
[ "$(wc -l < "$out/runs.csv")" -eq 4 ] || fail "runs.csv: $(cat "$out/runs.csv")"
python3 - "$out/runs.csv" <<'PY' || fail "a run did not use its hosts"
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    assert row["distinct_hosts"] == row["hosts"], row
PY
if command -v gnuplot >/dev/null; then
  [ -s "$out/scaling.png" ] || fail "no scaling.png"
fi
echo "scaling test passed"
