# shellcheck shell=bash
# Shared by the cluster tests: source it, then `cluster_test_setup "$@"` with the test's
# arguments (STATE_DIR PRIMES_MPI): sets $state and $root, exports PRIMES_MPI and the Slurm
# that slurm_up.sh started (its SLURM_CONF), or ends the test as skipped (77) when none runs.
cluster_test_setup() {
  local name
  name=$(basename "$0")
  state=${1:?usage: $name STATE_DIR PRIMES_MPI}
  export PRIMES_MPI=${2:?usage: $name STATE_DIR PRIMES_MPI}
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  [ -f "$state/env" ] || { echo "no Slurm started in $state (see cluster_slurm_up)" >&2; exit 77; }
  export "$(cat "$state/env")"
}
