#!/usr/bin/env bash
# Installs what the build and the tests need, builds, and runs every test:
#   1. clang-format check of every C++ file;
#   2. Release build (warnings as errors), all CTest labels: unit, cli, mpi, cluster;
#   3. the unit and cli tests again under AddressSanitizer + UndefinedBehaviorSanitizer;
#   4. the same under ThreadSanitizer.
# Usage: scripts/test.sh [--no-sanitizers] [-L LABEL_REGEX]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sanitizers=1
labels=""
while [ $# -gt 0 ]; do
  case $1 in
    --no-sanitizers) sanitizers=0 ;;
    -L) labels=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

ensure_packages "${PKGS_BUILD[@]}" "${PKGS_MPI[@]}" "${PKGS_TEST[@]}" "${PKGS_CLUSTER[@]}" "${PKGS_PLOT[@]}"

step() { say ""; say "== $*"; }

step "format check (clang-format)"
mapfile -t sources < <(cd "$PRIMES_ROOT" && git ls-files '*.cpp' '*.hpp' 2>/dev/null ||
                       find include src tests bench -name '*.cpp' -o -name '*.hpp')
(cd "$PRIMES_ROOT" && clang-format --dry-run -Werror "${sources[@]}") || die "run clang-format -i on the files above"

step "Release build with tests"
build "$PRIMES_BUILD/test" -DCMAKE_BUILD_TYPE=Release -DPRIMES_WERROR=ON -DPRIMES_BUILD_MPI=ON \
  -DPRIMES_BUILD_TESTS=ON -DPRIMES_BUILD_BENCH=ON
step "tests${labels:+ (labels $labels)}"
(cd "$PRIMES_BUILD/test" && ctest --output-on-failure -j "$JOBS" --timeout 600 ${labels:+-L "$labels"})

if [ "$sanitizers" -eq 1 ]; then
  for san in address,undefined thread; do
    dir=$PRIMES_BUILD/${san%%,*}
    step "$san sanitizer build"
    build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPRIMES_SANITIZE="$san" -DPRIMES_WERROR=ON \
      -DPRIMES_BUILD_MPI=OFF -DPRIMES_BUILD_TESTS=ON -DPRIMES_BUILD_BENCH=OFF
    step "unit and cli tests under $san"
    (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j "$JOBS" --timeout 900 -L 'unit|cli')
  done
fi
step "all tests passed"
