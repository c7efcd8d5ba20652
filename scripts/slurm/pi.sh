#!/usr/bin/env bash
# pi(X) from zero on a Slurm cluster, by gourdon: the example for pi(10^24) on N nodes.
#
#   scripts/slurm/pi.sh [X] [--nodes N] [--cpus-per-node C] [--time T] [--partition P]
#                       [--warn SECONDS] [--double-check] [--wait]
#
#   X                 the count's LAST (default 1e24; up to 1e30, in primes' notations)
#   --nodes N         nodes (default 4): one rank per node
#   --cpus-per-node C each rank's threads (default: all the CPUs of a node, as sinfo says):
#                     gourdon's tables (a few GiB at 1e24) are built and held once per rank,
#                     its pieces once per thread, so one rank of C threads per node holds the
#                     least memory
#   --time T          the time limit of one run (default 24:00:00): at the limit the count
#                     stops with its finished pieces in its checkpoint, the job requeues itself
#                     and continues (PRIMES_MAX_RESTARTS, default 20, bounds the restarts;
#                     the checkpoint is kept across a change of nodes: resubmit with the same
#                     PRIMES_RESULTS to continue a job that gave up)
#   --warn SECONDS    how long before the limit Slurm warns the job to stop (default 90)
#   --double-check    count twice, with other y and z, and compare (twice the time)
#   --wait            follow the job to its end and print the count (scripts/submit.sh --wait)
#
# What it runs: scripts/submit.sh X --kernel gourdon --nodes N --ntasks N --ntasks-per-node 1
# --cpus-per-task C --time T (the template scripts/slurm/primes.sbatch), so the report is
# results/<jobid>.json and the log results/slurm-<jobid>.out. Each rank checks its node's
# memory as it starts: a rank that cannot hold the tables ends the job with one line naming
# the memory needed per rank and per thread (in the log).
# Scale: pi(1e20) took 282 s on 2 cores of an Intel Xeon (family 6 model 167), pi(1e21)
# and pi(1e22) are in docs/pi-history.md; the work grows about 4.5 times per power of 10.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"

x=1e24
nodes=4
cpus=""
limit=24:00:00
extra=()
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case $1 in
    --nodes|-N) need "$@"; nodes=$2; shift ;;
    --cpus-per-node) need "$@"; cpus=$2; shift ;;
    --time|-t) need "$@"; limit=$2; shift ;;
    --partition|-p) need "$@"; extra+=(--partition "$2"); shift ;;
    --warn) need "$@"; extra+=(--warn "$2"); shift ;;
    --double-check) extra+=(--double-check) ;;
    --wait) extra+=(--wait) ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) x=$1 ;;
  esac
  shift
done
[[ $nodes =~ ^[1-9][0-9]*$ ]] || die "--nodes needs a whole number >= 1, not '$nodes'"
if [ -z "$cpus" ]; then
  # All of a node's CPUs: ask Slurm how many the nodes have (the smallest, if they differ).
  cpus=$(sinfo -h -o '%c' 2>/dev/null | tr -d '+' | sort -n | head -n 1)
  [[ $cpus =~ ^[1-9][0-9]*$ ]] || die "sinfo did not say how many CPUs a node has: give --cpus-per-node"
fi
[[ $cpus =~ ^[1-9][0-9]*$ ]] || die "--cpus-per-node needs a whole number >= 1, not '$cpus'"

# --ntasks as well: the template's own #SBATCH --ntasks would otherwise stand.
exec "$here/../submit.sh" "$x" --kernel gourdon --nodes "$nodes" --ntasks "$nodes" \
  --ntasks-per-node 1 --cpus-per-task "$cpus" --time "$limit" "${extra[@]}"
