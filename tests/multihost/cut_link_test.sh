#!/usr/bin/env bash
# A host whose network link is cut while it counts: the job must end, not hang, within 30 s when
# mpirun has the keepalive parameters the README gives; the cut host's processes must go too.
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

# A count of minutes, so that it is surely running when the link goes.
"$state/mpirun" "${MPIRUN_FAULT_OPTS[@]}" -np "$nhosts" --hostfile "$state/hostfile" --map-by node \
  "$exe" 1e13 --no-progress > "$work/out" 2> "$work/err" &
job=$!
for _ in $(seq 100); do
  [ "$(ip netns pids "$cut_ns" | wc -l)" -ge 2 ] && break  # its daemon and its rank
  sleep 0.1
done
[ "$(ip netns pids "$cut_ns" | wc -l)" -ge 2 ] || fail "the job did not start on the last host"
sleep 2
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
echo "cut link test passed"
