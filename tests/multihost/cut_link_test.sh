#!/usr/bin/env bash
# A host whose network link is cut while it counts: the job must end, not hang, within 30 s when
# mpirun has the keepalive parameters the README gives; the cut host's processes must go too.
# Then the same command on the remaining hosts continues from the checkpoint and gives the exact
# count (pi(10^11) = 4118054813), every chunk counted once.
# Usage: tests/multihost/cut_link_test.sh STATE_DIR PRIMES_MPI
set -euo pipefail
state=${1:?}; exe=${2:?}
[ -f "$state/names" ] || { echo "SKIPPED: no hosts (hosts_up.sh skipped)"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/../../scripts/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nhosts=$(wc -l < "$state/hosts")
bridge=$(head -n 1 "$state/names")
read -r _ cut_ns _ < <(tail -n 1 "$state/hosts")

ckpt=$work/cut.ckpt
args=(0 1e11 --chunk-size 1e9 --schedule dynamic --checkpoint "$ckpt" --no-progress)
records() { if [ -f "$ckpt" ]; then grep -c '^chunk ' "$ckpt" || true; else echo 0; fi; }

# Seconds of counting: it is running when the link goes.
"$state/mpirun" "${MPIRUN_FAULT_OPTS[@]}" -np "$nhosts" --hostfile "$state/hostfile" --map-by node \
  "$exe" "${args[@]}" > "$work/out" 2> "$work/err" &
job=$!
for _ in $(seq 300); do
  [ "$(records)" -ge 5 ] && break
  sleep 0.1
done
[ "$(records)" -ge 5 ] || fail "no chunks recorded"
[ "$(ip netns pids "$cut_ns" | wc -l)" -ge 2 ] || fail "the job does not run on the last host"
ip -n "$bridge" link set "v$nhosts" down
cut_at=$(date +%s.%N)
status=0
for _ in $(seq 600); do
  kill -0 "$job" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$job" 2>/dev/null; then
  kill -9 "$job"
  fail "still running 60 s after the cut"
fi
wait "$job" || status=$?
ended=$(awk -v a="$cut_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "the job ended ${ended} s after the cut, with status $status"
awk -v e="$ended" 'BEGIN { exit !(e <= 30) }' || fail "it took ${ended} s (limit 30 s)"
[ "$status" -ne 0 ] || fail "a job that lost a host exited 0"
[ ! -s "$work/out" ] || fail "a result was printed: $(cat "$work/out")"
for _ in $(seq 100); do
  [ -z "$(ip netns pids "$cut_ns")" ] && break
  sleep 0.2
done
[ -z "$(ip netns pids "$cut_ns")" ] || fail "processes left on the cut host: $(ip netns pids "$cut_ns" | tr '\n' ' ')"
ip -n "$bridge" link set "v$nhosts" up
before=$(records)
echo "$before chunks in the checkpoint"

# The same command on the hosts that are left.
head -n $((nhosts - 1)) "$state/hostfile" > "$work/left"
report=$("$state/mpirun" "${MPIRUN_FAULT_OPTS[@]}" -np $((nhosts - 1)) --hostfile "$work/left" \
  --map-by node "$exe" "${args[@]}" --format json) || fail "the resume failed"
python3 - "$report" "$before" <<'PY' || fail "wrong resumed count: $report"
import json, sys
r = json.loads(sys.argv[1])
assert r["count"] == 4118054813, r["count"]
assert r["resumed_chunks"] >= int(sys.argv[2]), "records were lost"
assert r["resumed_chunks"] + r["chunks"] == 101, "a chunk counted twice or left out"
assert r["ranks"] == 2
print(f"resumed on 2 hosts: {r['resumed_chunks']} chunks from the checkpoint, {r['chunks']} counted")
PY
echo "cut link test passed"
