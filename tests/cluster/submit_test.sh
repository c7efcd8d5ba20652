#!/usr/bin/env bash
# Cluster test: submits real jobs with scripts/submit.sh --wait to the one-node Slurm started by
# slurm_up.sh (same STATE_DIR), and checks the reports:
#   1. 2 tasks over [0, 10^8]: COMPLETED, JSON count 5761455 from 2 processes on this node;
#   2. 1 task with --cpus-per-task 2: the rank counts with 2 threads;
#   3. a bad range: the job FAILS and submit.sh says so with a non-zero status;
#   4. following a job Slurm does not know (purged, say) ends with a message, not forever;
#   5. a job cancelled while it counts ends CANCELLED and is not requeued;
#   6. scripts/slurm/pi.sh (the pi(1e24) example) counts pi(10^14) by gourdon with one rank per
#      node and every CPU of the node (as sinfo says) as its threads.
# Usage: tests/cluster/submit_test.sh STATE_DIR PRIMES_MPI
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cluster_test_setup "$@"
export PRIMES_RESULTS=$state/results
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$root/scripts/submit.sh" 1e8 --ntasks 2 --time 5 --wait) || fail "submit.sh failed: $out"
echo "$out"
job=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' <<<"$out")
[ -n "$job" ] || fail "no job id in: $out"
report=$PRIMES_RESULTS/$job.json
[ -s "$report" ] || fail "no report $report"
python3 - "$report" "$(hostname)" <<'PY' || fail "wrong report $report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["count"] == 5761455, r["count"]
assert r["mode"] == "processes" and r["workers"] == 2, r
assert [w["host"] for w in r["per_worker"]] == [sys.argv[2]] * 2, r["per_worker"]
PY

out=$("$root/scripts/submit.sh" 1e8 --ntasks 1 --cpus-per-task 2 --time 5 --wait) ||
  fail "submit.sh --cpus-per-task failed: $out"
echo "$out"
job2=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' <<<"$out")
python3 - "$PRIMES_RESULTS/$job2.json" <<'PY' || fail "--cpus-per-task 2 did not give 2 threads"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["count"] == 5761455 and r["ranks"] == 1 and r["threads_per_rank"] == 2, r
PY

if bad=$("$root/scripts/submit.sh" 5 1 --ntasks 2 --time 5 --wait 2>&1); then
  fail "a failing job was reported as a success: $bad"
fi
grep -q "ended FAILED with exit code 2:0 after 0 restarts" <<<"$bad" ||
  fail "failure not explained, or retried: $bad"
start=$SECONDS
if lost=$(PRIMES_FORGOTTEN_AFTER=2 "$root/scripts/submit.sh" --follow 987654 2>&1); then
  fail "following an unknown job succeeded: $lost"
fi
grep -q "Slurm no longer knows it" <<<"$lost" || fail "no explanation for an unknown job: $lost"
[ $((SECONDS - start)) -lt 30 ] || fail "following an unknown job took $((SECONDS - start)) s"

# 5. scancel stops a long job for good: once its count runs (its checkpoint exists), a cancel ends
# it CANCELLED, and its batch script, which sees the count stop as at a time limit, does not
# requeue it.
out=$("$root/scripts/submit.sh" 1e12 --kernel sieve --ntasks 1 --time 5) || fail "submit.sh: $out"
job5=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' <<<"$out")
log5=$PRIMES_RESULTS/slurm-$job5.out
for _ in $(seq 300); do [ -s "$PRIMES_RESULTS/$job5.ckpt" ] && break; sleep 0.1; done
[ -s "$PRIMES_RESULTS/$job5.ckpt" ] || fail "job $job5 did not start its count: $(cat "$log5")"
scancel "$job5"
for _ in $(seq 300); do grep -q 'not requeued\|requeueing' "$log5" && break; sleep 0.1; done
grep -q "job $job5 was cancelled: not requeued" "$log5" || fail "a cancelled job: $(cat "$log5")"
if cancelled=$("$root/scripts/submit.sh" --follow "$job5" 2>&1); then
  fail "following a cancelled job succeeded: $cancelled"
fi
grep -q "ended CANCELLED .* after 0 restarts" <<<"$cancelled" || fail "cancelled job: $cancelled"

out=$("$root/scripts/slurm/pi.sh" 1e14 --nodes 1 --time 5 --wait) || fail "pi.sh failed: $out"
echo "$out"
job6=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' <<<"$out")
python3 - "$PRIMES_RESULTS/$job6.json" "$(sinfo -h -o '%c' | head -n 1)" <<'PY' ||
import json, sys
r = json.load(open(sys.argv[1]))
assert r["count"] == 3204941750802 and r["kernel"] == "gourdon", r
assert r["ranks"] == 1 and r["threads_per_rank"] == int(sys.argv[2]), r
PY
  fail "pi.sh: wrong report $PRIMES_RESULTS/$job6.json"

echo "cluster test passed: job $job counted 5761455 primes with 2 tasks; a bad job was reported" \
  "failed; a cancelled one stayed cancelled; pi.sh counted pi(10^14) by gourdon"
