#!/usr/bin/env bash
# Cluster test: a job longer than its 1-minute time limit finishes by itself. Slurm warns the
# batch script before the limit, the count stops with its checkpoint, the job requeues itself and
# continues; submit.sh --wait follows it through every restart. Checks the final count against
# pi(10^12) = 37607912018 (from the literature), that there was at least one restart, and that no
# chunk was counted twice (resumed + counted = every chunk of the plan).
# Slurm checks time limits and sends warnings on a 30 s cadence: this test takes about 2 minutes.
# Usage: tests/cluster/time_limit_test.sh STATE_DIR PRIMES_MPI
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cluster_test_setup "$@"
export PRIMES_RESULTS=$state/results-time-limit
# On failure, also what Slurm said about the job (its daemons' logs end with the test).
fail() {
  echo "FAIL: $*" >&2
  scontrol show job 2>/dev/null | grep -E 'JobId|JobState|Restarts|ExitCode|Reason' >&2 || true
  local logs
  logs=$(cat "$state/tmpdir" 2>/dev/null)/log  # slurm_up.sh keeps the daemons' files there
  tail -n 60 "$logs/slurmctld.log" "$logs/slurmd.log" >&2 2>/dev/null || true
  exit 1
}
expected=37607912018  # pi(10^12)

# About 70 s of counting on this machine's 2 cores: more than the limit, whatever Slurm's timing.
out=$("$root/scripts/submit.sh" 1e12 --kernel sieve --ntasks 2 --time 1 --warn 50 --wait) || fail "submit.sh: $out"
echo "$out"
job=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' <<<"$out")
restarts=$(sed -n 's/.* COMPLETED after \([0-9]*\) restarts: .*/\1/p' <<<"$out")
[ -n "$restarts" ] || fail "the job did not complete: $out"
[ "$restarts" -ge 1 ] || fail "the job was never stopped by its time limit"
grep -q "requeueing job $job" "$PRIMES_RESULTS/slurm-$job.out" || fail "no requeue in the log"
python3 - "$PRIMES_RESULTS/$job.json" "$expected" <<'PY' || fail "wrong report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["count"] == int(sys.argv[2]), r["count"]
chunks = -(-(r["last"] - r["first"] + 1) // r["chunk_size"])
assert r["resumed_chunks"] > 0, "the last run resumed nothing"
assert r["resumed_chunks"] + r["chunks"] == chunks, (r["resumed_chunks"], r["chunks"], chunks)
PY
echo "time limit test passed: job $job finished after $restarts restarts with $expected primes"
