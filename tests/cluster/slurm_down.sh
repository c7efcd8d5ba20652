#!/usr/bin/env bash
# Stops the daemons that slurm_up.sh started for STATE_DIR, by the PIDs they recorded, and
# nothing else; then removes their temporary directory.
# Usage: tests/cluster/slurm_down.sh STATE_DIR
set -u
anchor=${1:?usage: slurm_down.sh STATE_DIR}
[ -s "$anchor/tmpdir" ] || exit 0
state=$(cat "$anchor/tmpdir")
case $state in /tmp/primes-slurm.*) ;; *) echo "slurm_down: unexpected $state" >&2; exit 1 ;; esac
[ -d "$state" ] || exit 0
for daemon in slurmd slurmctld munged; do
  pidfile=$state/$daemon.pid
  [ "$daemon" = munged ] && pidfile=$state/munge/munged.pid
  [ -s "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  # Only if that PID is still the same daemon (PIDs are reused). Debian names the executables
  # slurmd-wlm and slurmctld-wlm.
  case $(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)") in
    "$daemon" | "$daemon"-*) ;;
    *) continue ;;
  esac
  kill "$pid" 2>/dev/null || continue
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
done
rm -rf "$state" "$anchor/tmpdir" "$anchor/env"
exit 0
