# shellcheck shell=bash
# Shared by the scripts in this directory: where things are, how to install what is missing,
# how to build. Source it; it defines functions and variables only.

PRIMES_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PRIMES_BUILD=${PRIMES_BUILD:-$PRIMES_ROOT/build}
JOBS=$(nproc 2>/dev/null || echo 2)

# Debian packages, by what needs them.
PKGS_BUILD=(cmake make g++ libboost-program-options-dev nlohmann-json3-dev)
PKGS_MPI=(openmpi-bin libopenmpi-dev libboost-mpi-dev libboost-serialization-dev)
PKGS_TEST=(libgtest-dev libbenchmark-dev libprimesieve-dev primesieve primecount clang-format python3
           iproute2 pkg-config dpkg-dev)
PKGS_CLUSTER=(slurm-wlm munge)
PKGS_PLOT=(gnuplot-nox)

# Open MPI's out-of-band keepalive, tightened: a node whose network goes away ends the job in
# about 10 s instead of hanging for minutes (the defaults wait 300 s + 9 x 20 s, and meanwhile
# mpirun ignores SIGINT and SIGTERM). Every mpirun our scripts start gets these.
MPIRUN_FAULT_OPTS=(--mca oob_tcp_keepalive_time 5 --mca oob_tcp_keepalive_intvl 2
                   --mca oob_tcp_keepalive_probes 3)

say() { printf '%s\n' "$*" >&2; }

# usage: prints the comment block at the top of the calling script: its manual.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

# parse_reps ARGS...: the option of the benchmark scripts: --reps R (sets $reps; default 5).
parse_reps() {
  reps=5
  while [ $# -gt 0 ]; do
    case $1 in
      --reps) [ $# -ge 2 ] || die "--reps needs a value"; reps=$2; shift ;;
      -h|--help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
  done
  [[ $reps =~ ^[1-9][0-9]*$ ]] || die "--reps must be a whole number >= 1, not '$reps'"
}
die() { say "$(basename "$0"): $*"; exit 1; }

# ensure_packages PKG...: installs those not installed yet (as root, or through sudo).
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing packages: ${missing[*]} (install them, or run as root)"
    sudo=(sudo)
  fi
  say "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2 || die "apt-get update failed"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    die "could not install: ${missing[*]}"
}

# build DIR [cmake -D options...] -- [targets...]: configures and builds, quietly; shows the
# log's end when something fails.
build() {
  local dir=$1; shift
  local opts=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  targets=("$@")
  mkdir -p "$dir"
  local log=$dir/build.log
  if ! { cmake -S "$PRIMES_ROOT" -B "$dir" "${opts[@]}" &&
         cmake --build "$dir" -j "$JOBS" ${targets[@]:+--target "${targets[@]}"}; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "build failed in $dir (full log: $log)"
  fi
}

# Cores of this machine: the default number of workers.
cores() { nproc 2>/dev/null || echo 1; }

# anchor NAME: the newest release of a reference tool (primesieve or primecount), where
# ../shared/anchors/build.sh has built it on this machine; nothing otherwise.
anchor() {
  local bin=${ANCHORS_DIR:-/var/tmp/primes-anchors}/$1/build/$1
  if [ -x "$bin" ]; then echo "$bin"; fi
}

# The CPU's model name, for every figure a benchmark prints.
cpu_model() { awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo; }

# bench_setup [--mpi] PACKAGE...: what a benchmark needs: the packages (with the reference tool
# among them), a Release build of primes-threads, whose path it puts in $ours, and a temporary
# directory $tmp under $TMPDIR or /var/tmp (outputs can be big), removed when the script exits.
# With --mpi also primes-mpi, in $ours_mpi, and the mpirun command in the array $mpirun (quiet,
# with our fault options, and allowed to run as root when it is root).
bench_setup() {
  local mpi=OFF targets=(primes-threads) pkgs=("${PKGS_BUILD[@]}")
  if [ "${1:-}" = --mpi ]; then
    shift
    mpi=ON
    targets+=(primes-mpi)
    pkgs+=("${PKGS_MPI[@]}")
  fi
  ensure_packages "${pkgs[@]}" "$@" time
  local dir=$PRIMES_BUILD/release
  build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_BUILD_MPI=$mpi -DPRIMES_BUILD_TESTS=OFF \
    -DPRIMES_BUILD_BENCH=OFF -- "${targets[@]}"
  ours=$dir/src/primes-threads
  ours_mpi=$dir/src/primes-mpi
  mpirun=(mpirun --quiet "${MPIRUN_FAULT_OPTS[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    mpirun+=(--allow-run-as-root)
  fi
  tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/primes-bench.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
}

# The median of an awk array v[1..n] (sorts it), for the table functions below.
AWK_MEDIAN='
  function median(v, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }'

# measure FILE CMD...: runs CMD once, its output discarded; appends "microseconds max_rss_kib"
# to FILE (whole process: start-up included).
measure() {
  local file=$1; shift
  local t0 t1 rss
  rss=$(mktemp)
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$rss" "$@" > /dev/null 2>&1
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(cat "$rss")" >> "$file"
  rm -f "$rss"
}

# pair_row NAME A_FILE B_FILE [VERDICT]: one table row from two measure files filled
# alternately (line i of each is pair i): both medians (s), the median of the pairwise ratios
# A/B (pairing cancels the machine's drift) and both peak memories (MiB); with VERDICT=1 also
# "ok" when the ratio is at most 1 and A's peak at most B's, else "OVER"; with VERDICT=ratio:R
# "ok" when the ratio is at most R; with VERDICT=bound:R:M "ok" when the ratio is at most R and
# A's peak at most M times B's. Ratios have three decimals, so that a row just over 1 does not
# read 1.00.
pair_row() {
  paste "$2" "$3" | awk -v name="$1" -v verdict="${4:-0}" "$AWK_MEDIAN"'
    { n++; a[n] = $1; b[n] = $3; r[n] = $1 / $3; if ($2 > ma) ma = $2; if ($4 > mb) mb = $4 }
    END {
      ratio = median(r, n)
      v = ""
      if (verdict == 1) v = (ratio <= 1.0 && ma <= mb) ? "ok" : "OVER"
      if (verdict ~ /^ratio:/) v = (ratio <= substr(verdict, 7) + 0) ? "ok" : "OVER"
      if (verdict ~ /^bound:/) {
        split(verdict, bound, ":")
        v = (ratio <= bound[2] + 0 && ma <= (bound[3] + 0) * mb) ? "ok" : "OVER"
      }
      printf "%-27s %10.3f %12.3f %7.3f %10.1f %10.1f %5s\n", name, median(a, n) / 1e6, median(b, n) / 1e6, ratio, ma / 1024, mb / 1024, v
    }'
}

# row_key NAME: the file name under $tmp for a table row's measurements.
row_key() { printf '%s' "$1" | tr -c 'a-zA-Z0-9' '_'; }

# three_way_table FIRST NEW OLD NEW_EXT OLD_EXT MEMORY [TIME]: a table of three_way_row, one per row
# named in the array $names, from $tmp/KEY.ours, $tmp/KEY.NEW_EXT and $tmp/KEY.OLD_EXT (KEY:
# row_key of the name). FIRST heads the rows' names, NEW and OLD are the references' versions.
three_way_table() {
  printf '\n%-24s %8s %8s %8s %8s %8s %8s %8s %5s\n' "$1" "ours s" "$2 s" "$3 s" "/$2" "/$3" \
    "ours MiB" "$2 MiB" ""
  local name key
  for name in "${names[@]}"; do
    key=$tmp/$(row_key "$name")
    three_way_row "$name" "$key.ours" "$key.$4" "$key.$5" "$6" "${7:-1.0}"
  done
}

# three_way_row NAME OURS NEW OLD MEMORY [TIME]: one row from three measure files filled
# alternately (line i of each is run i): the three medians (s), the medians of the pairwise
# ratios ours/NEW and ours/OLD, our peak and NEW's (MiB), and "ok" when ours/NEW is at most TIME
# (default 1) and our peak at most MEMORY times NEW's, else "OVER". NEW may be missing (the newest reference is not built
# here): its columns stay empty, and so does the verdict.
three_way_row() {
  local new=$3
  [ -s "$new" ] || new=$4
  paste "$2" "$new" "$4" | awk -v name="$1" -v have_new="$([ "$new" = "$3" ] && echo 1)" \
    -v memory="$5" -v bound="${6:-1.0}" "$AWK_MEDIAN"'
    { n++; a[n] = $1; b[n] = $3; c[n] = $5; rb[n] = $1 / $3; rc[n] = $1 / $5
      if ($2 > ma) ma = $2; if ($4 > mb) mb = $4 }
    END {
      if (have_new) {
        r = median(rb, n)
        v = (r <= bound + 0 && ma <= memory * mb) ? "ok" : "OVER"
        printf "%-24s %8.3f %8.3f %8.3f %8.3f %8.3f %8.1f %8.1f %5s\n", name, median(a, n) / 1e6,
          median(b, n) / 1e6, median(c, n) / 1e6, r, median(rc, n), ma / 1024, mb / 1024, v
      } else {
        printf "%-24s %8.3f %8s %8.3f %8s %8.3f %8.1f %8s\n", name, median(a, n) / 1e6, "",
          median(c, n) / 1e6, "", median(rc, n), ma / 1024, ""
      }
    }'
}
