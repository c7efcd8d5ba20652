#!/usr/bin/env bash
# primes-mpi across the namespace hosts of hosts_up.sh: 0..1e10 with both schedules and with
# --threads 2, one rank per host and two per host. Each count is checked against pi(10^10) =
# 455052511 (and primesieve, when installed), and per_worker's hosts must name every host.
# Usage: tests/multihost/counts_test.sh STATE_DIR PRIMES_MPI
set -euo pipefail
state=${1:?}; exe=${2:?}
[ -f "$state/names" ] || { echo "SKIPPED: no hosts (hosts_up.sh skipped)"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expected=455052511
if command -v primesieve >/dev/null; then
  oracle=$(primesieve 1e10 -c -q)
  [ "$oracle" = "$expected" ] || fail "primesieve says pi(1e10) = $oracle"
fi
hosts=$(cut -d' ' -f1 "$state/hosts" | sort | tr '\n' ' ')
nhosts=$(wc -l < "$state/hosts")

check() {  # RANKS_PER_HOST THREADS ARGS...
  local per_host=$1 threads=$2; shift 2
  local np=$((nhosts * per_host)) out
  out=$("$state/mpirun" -np "$np" --hostfile "$state/hostfile" --map-by node "$exe" 0 1e10 --kernel sieve \
        --threads "$threads" --format json --no-progress "$@") || fail "exit $? for $*"
  python3 - "$out" "$expected" "$np" "$threads" "$hosts" "$per_host" "$*" <<'PY'
import collections, json, sys
report, expected, np, threads, hosts, per_host, what = sys.argv[1:]
r = json.loads(report)
where = f"{np} ranks x {threads} threads {what}"
assert r["count"] == int(expected), f"{where}: count {r['count']} != {expected}"
assert r["ranks"] == int(np) and r["threads_per_rank"] == int(threads), where
seen = collections.Counter(w["host"] for w in r["per_worker"] if w["thread"] == 0)
assert sorted(seen) == hosts.split(), f"{where}: hosts {dict(seen)}, expected {hosts}"
assert set(seen.values()) == {int(per_host)}, f"{where}: ranks per host {dict(seen)}"
assert sum(w["numbers"] for w in r["per_worker"]) == r["last"] - r["first"] + 1, where
print(f"ok: {where}: {r['count']} primes in {r['seconds']:.3f} s on {dict(seen)}")
PY
}

check 1 1 --schedule static
check 1 1 --schedule dynamic
check 1 2 --schedule static
check 1 2 --schedule dynamic
check 2 1 --schedule dynamic
check 2 2 --schedule static
echo "multi-host counts passed"
