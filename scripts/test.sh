#!/usr/bin/env bash
# Installs what the build and the tests need, builds, and runs every test:
#   1. clang-format check of every C++ file;
#   2. Release build (warnings as errors), all CTest labels: unit, cli, mpi, cluster;
#   3. the unit and cli tests again under AddressSanitizer + UndefinedBehaviorSanitizer, and the
#      MPI tests at 2 ranks (the coordinator protocol, primes-mpi end to end, checkpoints), with
#      Open MPI's own leaks suppressed (tests/sanitizers/lsan-openmpi.supp);
#   4. the unit and cli tests under ThreadSanitizer.
# --quick: steps 1 and 2 for the unit, cli and install tests only (no MPI build, no sanitizers, no
# cluster): a developer's check of a change, a few minutes on two cores.
# Usage: scripts/test.sh [--quick] [--no-sanitizers] [-L LABEL_REGEX]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sanitizers=1
labels=""
mpi=ON
dir=$PRIMES_BUILD/test
while [ $# -gt 0 ]; do
  case $1 in
    --quick) sanitizers=0; labels='unit|cli|install'; mpi=OFF; dir=$PRIMES_BUILD/quick ;;
    --no-sanitizers) sanitizers=0 ;;
    -L) labels=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

if [ $mpi = ON ]; then
  ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}" "${PKGS_TEST[@]}" "${PKGS_CLUSTER[@]}" "${PKGS_PLOT[@]}"
else
  ensure_packages "${PKGS_BUILD[@]}" "${PKGS_TEST[@]}"
fi

step() { say ""; say "== $*"; }

step "format check (clang-format)"
mapfile -t sources < <(cd "$PRIMES_ROOT" && git ls-files '*.cpp' '*.hpp' 2>/dev/null ||
                       find include src tests bench -name '*.cpp' -o -name '*.hpp')
(cd "$PRIMES_ROOT" && clang-format --dry-run -Werror "${sources[@]}") || die "run clang-format -i on the files above"

step "Release build with tests"
build "$dir" -DCMAKE_BUILD_TYPE=Release -DPRIMES_WERROR=ON -DPRIMES_BUILD_MPI=$mpi \
  -DPRIMES_BUILD_TESTS=ON -DPRIMES_BUILD_BENCH=$mpi
step "tests${labels:+ (labels $labels)}"
(cd "$dir" && ctest --output-on-failure -j "$JOBS" --timeout 600 ${labels:+-L "$labels"})

if [ "$sanitizers" -eq 1 ]; then
  dir=$PRIMES_BUILD/address
  step "address,undefined sanitizer build (with MPI)"
  build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPRIMES_SANITIZE=address,undefined \
    -DPRIMES_WERROR=ON -DPRIMES_BUILD_MPI=ON -DPRIMES_BUILD_TESTS=ON -DPRIMES_BUILD_BENCH=OFF
  step "unit, cli and 2-rank mpi tests under address,undefined"
  # Full stacks (slow unwinding) so that Open MPI's leaks can be told from ours, and its
  # components kept loaded so that their frames have names.
  (cd "$dir" && export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
     LSAN_OPTIONS=suppressions=$PRIMES_ROOT/tests/sanitizers/lsan-openmpi.supp:print_suppressions=0 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 OMPI_MCA_mca_base_component_disable_dlclose=1 &&
   ctest --output-on-failure -j "$JOBS" --timeout 900 -L 'unit|cli' &&
   ctest --output-on-failure -j "$JOBS" --timeout 900 -L mpi -E 'np_1|np_3|np_4|compare|BadInput')

  dir=$PRIMES_BUILD/thread
  step "thread sanitizer build"
  build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPRIMES_SANITIZE=thread -DPRIMES_WERROR=ON \
    -DPRIMES_BUILD_MPI=OFF -DPRIMES_BUILD_TESTS=ON -DPRIMES_BUILD_BENCH=OFF
  step "unit and cli tests under thread"
  (cd "$dir" && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j "$JOBS" --timeout 900 \
     -L 'unit|cli')
fi
step "all tests passed"
