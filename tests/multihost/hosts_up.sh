#!/usr/bin/env bash
# Makes N hosts out of Linux network namespaces for the multi-host tests (a CTest fixture):
# a bridge in a namespace of its own, one namespace per host joined to it by a veth pair, on a
# private subnet that exists only inside these namespaces. Each program started on a host runs
# in its own UTS namespace with the host's name (Open MPI's shared-memory transport crashes
# when two "hosts" share a name). Writes into STATE_DIR:
#   names      the namespaces made (hosts_down.sh deletes exactly these)
#   hostfile   one line per host: its address and slots=2
#   hosts      one line per host: name namespace address
#   rsh        the rsh agent Open MPI starts its remote daemons with (plm_rsh_agent)
#   mpirun     runs mpirun on host 1 with everything the hosts need (TCP on the subnet only)
# Exits 77 (skipped) with the reason when namespaces cannot be made here (not root, no ip).
# Usage: tests/multihost/hosts_up.sh STATE_DIR [N]   (N = 3)
set -euo pipefail
state=${1:?usage: hosts_up.sh STATE_DIR [N]}
n=${2:-3}
skip() { echo "SKIPPED: $*" >&2; exit 77; }

[ "$(id -u)" -eq 0 ] || skip "network namespaces need root"
command -v ip >/dev/null || skip "ip (iproute2) not found"
command -v unshare >/dev/null || skip "unshare (util-linux) not found"
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$state/names" ] && "$here/hosts_down.sh" "$state" >/dev/null 2>&1 || true
rm -rf "$state"
mkdir -p "$state"
state=$(cd "$state" && pwd)

# Names unique to this run, short enough for interface names (15 characters).
tag=p$(printf '%05d' $(($$ % 100000)))
subnet=10.213.$((RANDOM % 200 + 20))
bridge=${tag}br
echo "$bridge" > "$state/names"
ip netns add "$bridge" 2>/dev/null || skip "cannot create network namespaces here"
ip -n "$bridge" link set lo up
ip -n "$bridge" link add br0 type bridge
ip -n "$bridge" link set br0 up
: > "$state/hostfile"
: > "$state/hosts"
for i in $(seq 1 "$n"); do
  ns=${tag}h$i
  echo "$ns" >> "$state/names"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link add eth0 type veth peer name v$i netns "$bridge"
  ip -n "$bridge" link set "v$i" master br0
  ip -n "$bridge" link set "v$i" up
  ip -n "$ns" addr add "$subnet.$i/24" dev eth0
  ip -n "$ns" link set eth0 up
  echo "$subnet.$i slots=2" >> "$state/hostfile"
  echo "host$i $ns $subnet.$i" >> "$state/hosts"
done
echo "$subnet.0/24" > "$state/subnet"

# The rsh agent: "rsh ADDRESS COMMAND..." runs COMMAND in that host's namespaces.
cat > "$state/rsh" <<AGENT
#!/usr/bin/env bash
# Open MPI's plm_rsh_agent for the namespace hosts of $state.
set -euo pipefail
address=\$1; shift
read -r name ns _ < <(awk -v a="\$address" '\$3 == a' "$state/hosts")
[ -n "\${ns:-}" ] || { echo "rsh: no host \$address" >&2; exit 255; }
exec ip netns exec "\$ns" unshare --uts bash -c 'hostname "\$0"; eval "\$*"' "\$name" "\$@"
AGENT
chmod +x "$state/rsh"

# mpirun on host 1, TCP on the private subnet only; extra arguments are mpirun's.
read -r name1 ns1 _ < "$state/hosts"
cat > "$state/mpirun" <<RUN
#!/usr/bin/env bash
# mpirun on host 1 of $state; arguments are mpirun's (add -np, --host or --hostfile, program).
exec ip netns exec $ns1 unshare --uts bash -c 'hostname $name1; exec "\$@"' mpirun \\
  mpirun --allow-run-as-root --oversubscribe --bind-to none \\
  --mca plm_rsh_agent "$state/rsh" --mca pml ob1 --mca btl tcp,self \\
  --mca btl_tcp_if_include $subnet.0/24 --mca oob_tcp_if_include $subnet.0/24 "\$@"
RUN
chmod +x "$state/mpirun"

# Every host must reach every other before a test relies on it.
for i in $(seq 1 "$n"); do
  for j in $(seq 1 "$n"); do
    ip netns exec "${tag}h$i" bash -c "exec 3<>/dev/tcp/$subnet.$j/9 2>/dev/null" 2>/dev/null || true
  done
done
echo "hosts up: $(cut -d' ' -f1,3 "$state/hosts" | tr '\n' ' ')(namespaces in $state/names)"
