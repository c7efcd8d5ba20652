#!/usr/bin/env bash
# --print with one worker against two: the primes of 0..LAST (default 1e9: 50,847,534 lines,
# 498 MB) written to a new file and through a pipe (to cat), by primes-threads (--threads 1
# against 2) and primes-mpi (mpirun -np 1 against -np 2), whole commands, the two alternated run
# by run. A row gives both medians (two workers, then one), the median of the pairwise ratios
# (two / one) and both peak memories, "ok" when the ratio is at most 0.9, else "OVER"; then primesieve -p (Debian's and, when built, 12.16 from
# ../shared/anchors) for scale. Every output is checked against primesieve's once.
# A file is removed before each run, outside the timing (ext4 frees a big file's blocks slowly).
#
# Usage: scripts/bench-print.sh [--reps R] [--last N]     (default 7 and 1e9; ~3 minutes)
# shellcheck disable=SC2154  # $ours, $ours_mpi, $mpirun and $tmp are set by bench_setup (lib.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

reps=7
last=1e9
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift ;;
    --last) last=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "--reps must be a whole number >= 1, not '$reps'"

bench_setup --mpi primesieve
last_n=$("$ours" "$last" --kernel sieve --format json --no-progress |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["last"])')

# timed FILE DEST CMD...: runs CMD with its stdout to DEST ("file": a new file; "pipe": cat >
# /dev/null); appends "microseconds max_rss_kib" to FILE.
timed() {
  local file=$1 dest=$2; shift 2
  local t0 t1 rss=$tmp/rss
  rm -f "$tmp/primes.txt"
  sync
  t0=$(date +%s%N)
  if [ "$dest" = file ]; then
    /usr/bin/time -f '%M' -o "$rss" "$@" > "$tmp/primes.txt" 2>/dev/null
  else
    /usr/bin/time -f '%M' -o "$rss" "$@" 2>/dev/null | cat > /dev/null
  fi
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(tail -n 1 "$rss")" >> "$file"
}

# The output is right: ours against primesieve's, once per program.
primesieve 0 "$last_n" -p > "$tmp/expected.txt"
for cmd in "$ours 0 $last --threads 2" "${mpirun[*]} -np 2 $ours_mpi 0 $last"; do
  # shellcheck disable=SC2086  # a word list on purpose
  $cmd --print --kernel sieve --no-progress > "$tmp/primes.txt" 2>/dev/null
  cmp -s "$tmp/expected.txt" "$tmp/primes.txt" || die "the primes printed by '$cmd' differ from primesieve's"
done
rm -f "$tmp/expected.txt" "$tmp/primes.txt"

printf 'date        %s\n' "$(date -u +%Y-%m-%d)"
printf 'CPU         %s (%s cores usable)\n' "$(cpu_model)" "$(cores)"
printf 'range       0..%s, %s alternated pairs per row\n\n' "$last" "$reps"
printf '%-27s %10s %12s %7s %10s %10s\n' "case" "two s" "one s" "ratio" "two MiB" "one MiB"
for prog in threads mpi; do
  for dest in file pipe; do
    key=$prog.$dest
    for ((i = 1; i <= reps; i++)); do
      if [ $prog = threads ]; then
        timed "$tmp/$key.1" $dest "$ours" 0 "$last" --print --threads 1 --kernel sieve --no-progress
        timed "$tmp/$key.2" $dest "$ours" 0 "$last" --print --threads 2 --kernel sieve --no-progress
      else
        timed "$tmp/$key.1" $dest "${mpirun[@]}" -np 1 "$ours_mpi" 0 "$last" --print --kernel sieve --no-progress
        timed "$tmp/$key.2" $dest "${mpirun[@]}" -np 2 "$ours_mpi" 0 "$last" --print --kernel sieve --no-progress
      fi
    done
    label="primes-threads"
    [ $prog = mpi ] && label="mpirun primes-mpi"
    [ $dest = file ] && label="$label > file" || label="$label | cat"
    pair_row "$label" "$tmp/$key.2" "$tmp/$key.1" ratio:0.9
  done
done

printf '\nfor scale, one thread to a file:\n'
for ps in primesieve "$(anchor primesieve)"; do
  [ -n "$ps" ] || continue
  for ((i = 1; i <= 3; i++)); do timed "$tmp/ps" file "$ps" 0 "$last_n" -p -t1; done
  printf '%-27s %10.3f s  (%s)\n' "$(basename "$ps") -p" \
    "$(sort -n "$tmp/ps" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] / 1e6 }')" \
    "$("$ps" --version 2>&1 | head -n 1)"
  rm -f "$tmp/ps"
done
