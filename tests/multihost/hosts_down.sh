#!/usr/bin/env bash
# Tears down what hosts_up.sh made in STATE_DIR: kills every process left in its namespaces,
# then deletes the namespaces (their veth pairs and the bridge go with them). Safe to run twice
# and after a failed set-up.
# Usage: tests/multihost/hosts_down.sh STATE_DIR
set -uo pipefail
state=${1:?usage: hosts_down.sh STATE_DIR}
[ -f "$state/names" ] || { echo "nothing to tear down in $state"; exit 0; }
while read -r ns; do
  [ -n "$ns" ] || continue
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [ -n "$pids" ] && kill -9 $pids 2>/dev/null
done < "$state/names"
sleep 0.2
while read -r ns; do
  [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
done < "$state/names"
left=$(ip netns list 2>/dev/null | grep -F -f "$state/names" || true)
rm -f "$state/names"
[ -z "$left" ] || { echo "namespaces left: $left" >&2; exit 1; }
echo "hosts down"
