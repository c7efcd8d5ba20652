# Sourced by the install tests: their arguments (BUILD_DIR WORK_DIR), a fresh work directory,
# and what both do with an installed tree.
set -euo pipefail
build=$1
work=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"

# The seed's job's count (1..300000), from the oracle where it is installed.
seed_primes=$(primesieve 1 300000 --count --quiet 2>/dev/null || echo 25997)

# The count of a CSV report on standard input.
csv_count() { awk -F, 'NR == 2 { print $4 }'; }

# Builds the README's example (consumer/) with CMake against the package under prefix $1, in $2.
build_consumer() {
  cmake -S "$here/consumer" -B "$2" -DCMAKE_PREFIX_PATH="$1" -DCMAKE_BUILD_TYPE=Release \
    > "$2.log" 2>&1 && cmake --build "$2" >> "$2.log" 2>&1 ||
    { cat "$2.log"; fail "the example did not build against the package in $1"; }
}
