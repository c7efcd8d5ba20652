#!/usr/bin/env bash
# Submits a prime count to Slurm: fills in scripts/slurm/primes.sbatch, calls sbatch, and prints
# the job id and where the result will appear. With --wait, follows the job to its end, through
# every restart (a job stopped by its time limit requeues itself and continues from its
# checkpoint), and prints the count and the number of restarts, or why it failed (JobState and
# ExitCode from scontrol, or sacct once Slurm has forgotten the job: sbatch --wait can return 0
# for a cancelled or timed-out job).
#
# Usage: scripts/submit.sh [FIRST] LAST [--nodes N] [--ntasks N] [--ntasks-per-node N]
#                          [--cpus-per-task T] [--time T] [--partition P]
#                          [--kernel K] [--schedule S] [--chunk-size C] [--double-check]
#                          [--warn SECONDS] [--wait]
#   --cpus-per-task T  each rank counts with T threads (primes-mpi reads SLURM_CPUS_PER_TASK)
#   --warn SECONDS     Slurm's warning before the time limit (default 90; Slurm may send it up to
#                      a minute early): the count stops, keeps its checkpoint, and requeues
#   results go to results/<jobid>.json (or $PRIMES_RESULTS), the job's log to
#   results/slurm-<jobid>.out; primes-mpi is built first unless $PRIMES_MPI names one. Installed
#   (cmake --install: share/primes/scripts/submit.sh), it runs the installed primes-mpi and
#   writes to ./results.
#
#        scripts/submit.sh --follow JOBID
#   follows a job submitted earlier, as --wait does (after a lost terminal, say).
#   $PRIMES_FORGOTTEN_AFTER: seconds to wait when neither scontrol nor sacct knows the job (60).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sbatch_opts=()
primes_args=()
wait_for_it=0
follow=""
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case $1 in
    --nodes|--ntasks|--ntasks-per-node|--cpus-per-task|--time|--partition|-N|-n|-t|-p)
      need "$@"; sbatch_opts+=("$1=$2"); shift ;;
    --nodes=*|--ntasks=*|--ntasks-per-node=*|--cpus-per-task=*|--time=*|--partition=*)
      sbatch_opts+=("$1") ;;
    --kernel|--schedule|--chunk-size|-k|-s|-c) need "$@"; primes_args+=("$1" "$2"); shift ;;
    --kernel=*|--schedule=*|--chunk-size=*|--double-check) primes_args+=("$1") ;;
    --warn) need "$@"; [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--warn needs whole seconds, not '$2'"
            sbatch_opts+=("--signal=B:USR1@$2"); shift ;;
    --wait) wait_for_it=1 ;;
    --follow) need "$@"; [[ $2 =~ ^[0-9]+$ ]] || die "--follow needs a job id, not '$2'"
              follow=$2; shift ;;
    --format|--format=*|-f) die "the report is always JSON (results/<jobid>.json)" ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) primes_args+=("$1") ;;
  esac
  shift
done
# -N/-n/-t/-p were stored as "-N=2": give sbatch its long forms.
for i in "${!sbatch_opts[@]}"; do
  case ${sbatch_opts[$i]} in
    -N=*) sbatch_opts[$i]=--nodes=${sbatch_opts[$i]#-N=} ;;
    -n=*) sbatch_opts[$i]=--ntasks=${sbatch_opts[$i]#-n=} ;;
    -t=*) sbatch_opts[$i]=--time=${sbatch_opts[$i]#-t=} ;;
    -p=*) sbatch_opts[$i]=--partition=${sbatch_opts[$i]#-p=} ;;
  esac
done

command -v sbatch >/dev/null 2>&1 || die "sbatch not found: is this a Slurm login node?"
[ "$wait_for_it" -eq 0 ] && [ -z "$follow" ] || command -v python3 >/dev/null 2>&1 ||
  ensure_packages python3
if [ -n "$follow" ]; then
  [ ${#primes_args[@]} -eq 0 ] && [ ${#sbatch_opts[@]} -eq 0 ] ||
    die "--follow takes a job id and nothing else"
elif [ -z "${PRIMES_MPI:-}" ] && [ ! -f "$PRIMES_ROOT/CMakeLists.txt" ]; then
  # Installed (share/primes/scripts): the installed primes-mpi, results in ./results.
  [ -x "$PRIMES_ROOT/../../bin/primes-mpi" ] ||
    die "no primes-mpi installed beside this script ($(cd "$PRIMES_ROOT/../.." && pwd)/bin): install primes built with MPI, or set PRIMES_MPI"
  PRIMES_MPI=$(cd "$PRIMES_ROOT/../../bin" && pwd)/primes-mpi
  PRIMES_RESULTS=${PRIMES_RESULTS:-$PWD/results}
elif [ -z "${PRIMES_MPI:-}" ]; then
  ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}" python3
  build "$PRIMES_BUILD/release" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=ON \
    -DPRIMES_BUILD_TESTS=OFF -DPRIMES_BUILD_BENCH=OFF -- primes-mpi
  PRIMES_MPI=$PRIMES_BUILD/release/src/primes-mpi
fi
results=${PRIMES_RESULTS:-$PRIMES_ROOT/results}
mkdir -p "$results"
results=$(cd "$results" && pwd)

if [ -n "$follow" ]; then
  job=$follow
  wait_for_it=1
else
  job=$(cd "$PRIMES_ROOT" && PRIMES_MPI=$PRIMES_MPI PRIMES_RESULTS=$results \
        sbatch --parsable --export=ALL --output="$results/slurm-%j.out" "${sbatch_opts[@]}" \
        scripts/slurm/primes.sbatch "${primes_args[@]}")
  job=${job%%;*}
  echo "submitted job $job: the result will be in $results/$job.json (log: $results/slurm-$job.out)"
fi
[ "$wait_for_it" -eq 1 ] || exit 0

# Follow the job until Slurm reports an end state. A requeued job goes back to PENDING and runs
# again under the same id; Slurm holds it about two minutes first (Reason=BeginTime), which we
# shorten to about two seconds. Once Slurm has purged the job (MinJobAge), scontrol knows it no
# more: ask sacct, and give up after a while rather than wait forever.
state=""
exit_code=""
restarts=0
waived=0
unknown_since=""
while :; do
  info=$(scontrol show job -o "$job" 2>/dev/null || true)
  state=$(sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' <<<"$info")
  if [ -n "$state" ]; then
    unknown_since=""
    exit_code=$(sed -n 's/.* ExitCode=\([0-9]*:[0-9]*\).*/\1/p' <<<"$info")
    restarts=$(sed -n 's/.* Restarts=\([0-9]*\).*/\1/p' <<<"$info")
    if [ "$state" = PENDING ] && [ "${restarts:-0}" -gt "$waived" ] &&
       grep -q ' Reason=BeginTime ' <<<"$info"; then
      # Not at once: the requeue revoked the job's credential, and slurmd refuses a new one
      # issued in the same second (the job then FAILS with exit code 1, its script never run).
      # A start time in the future would wait for the scheduler's next pass (up to a minute).
      sleep 2
      scontrol update JobId="$job" StartTime=now 2>/dev/null && waived=$restarts
    fi
  else
    state=$(sacct -n -X -P -j "$job" -o State,ExitCode 2>/dev/null | head -n 1 || true)
    exit_code=${state#*|}
    state=${state%%|*}
    state=${state%% *}  # "CANCELLED by 0" -> CANCELLED
    if [ -z "$state" ]; then
      unknown_since=${unknown_since:-$SECONDS}
      if [ $((SECONDS - unknown_since)) -ge "${PRIMES_FORGOTTEN_AFTER:-60}" ]; then
        echo "job $job: Slurm no longer knows it (scontrol and sacct say nothing); look for" \
          "$results/$job.json and $results/slurm-$job.out" >&2
        exit 1
      fi
    fi
  fi
  case $state in
    # SIGNALING and STAGE_OUT pass while a job is being signalled (its time limit) or ends.
    PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUED|REQUEUE_FED|REQUEUE_HOLD|RESIZING|\
    SIGNALING|STAGE_OUT|"")
      sleep 1 ;;
    *) break ;;
  esac
done
report=$results/$job.json
if [ "$state" = COMPLETED ] && [ "$exit_code" = 0:0 ] && [ -s "$report" ]; then
  count=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["count"])' "$report") ||
    die "job $job: $report is not a JSON report"
  echo "job $job COMPLETED after ${restarts:-0} restarts: $count primes (report: $report)"
  exit 0
fi
echo "job $job ended $state with exit code ${exit_code:-?} after ${restarts:-0} restarts;" \
  "log $results/slurm-$job.out:" >&2
tail -n 5 "$results/slurm-$job.out" >&2 2>/dev/null || true
exit 1
