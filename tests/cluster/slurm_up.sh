#!/usr/bin/env bash
# Starts a private one-node Slurm for the cluster tests: munged, slurmctld and slurmd, with every
# file (keys, sockets, state, logs, PIDs) in a new temporary directory and ports of their own,
# so that it neither needs nor touches a system Slurm. Writes STATE_DIR/env (SLURM_CONF=...) for
# the tests and STATE_DIR/tmpdir (where everything is; short, since Unix socket paths are
# limited to 108 bytes). Stop it with slurm_down.sh STATE_DIR, which stops only the daemons
# started here, by PID, and removes the temporary directory.
#
# Usage: tests/cluster/slurm_up.sh STATE_DIR
# When Slurm or munge is not installed, or not running as root, it starts nothing and exits 0
# without writing STATE_DIR/env; the cluster tests then report themselves skipped.
set -euo pipefail
state=${1:?usage: slurm_up.sh STATE_DIR}

"$(dirname "$0")/slurm_down.sh" "$state" 2>/dev/null || true
rm -rf "$state"
mkdir -p "$state"
anchor=$(cd "$state" && pwd)
PATH=$PATH:/usr/sbin
for cmd in munged mungekey slurmctld slurmd sbatch scontrol sinfo; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "slurm_up: $cmd not installed (slurm-wlm, munge): nothing started" >&2; exit 0; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm_up: slurmd must run as root: nothing started" >&2; exit 0; }
state=$(mktemp -d /tmp/primes-slurm.XXXXXX)
echo "$state" > "$anchor/tmpdir"
mkdir -p "$state"/{munge,spool,state,log}
chmod 0700 "$state/munge"

# munge: its own key and socket. The socket's directory must be readable by clients (0755).
mungekey --create --keyfile="$state/munge/munge.key" >/dev/null 2>&1 ||
  dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 0600 "$state/munge/munge.key"
mkdir -p "$state/munge/run"
chmod 0755 "$state/munge" "$state/munge/run"
munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/run/munge.socket" \
  --pid-file="$state/munge/munged.pid" --log-file="$state/log/munged.log" \
  --seed-file="$state/munge/munged.seed"

# Two free TCP ports for slurmctld and slurmd.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "slurm_up: no free port" >&2; exit 1
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
cat > "$state/slurm.conf" <<CONF
ClusterName=primes-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge/run/munge.socket
StateSaveLocation=$state/state
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
echo "SLURM_CONF=$state/slurm.conf" > "$anchor/env"
export SLURM_CONF=$state/slurm.conf

slurmctld -c
slurmd

# Ready when the node is idle.
for _ in $(seq 150); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -q '^idle'; then
    echo "slurm_up: one-node Slurm ready (SLURM_CONF=$SLURM_CONF)" >&2
    exit 0
  fi
  sleep 0.2
done
echo "slurm_up: the node did not become idle; logs in $state/log:" >&2
tail -n 20 "$state"/log/*.log >&2 || true
exit 1
