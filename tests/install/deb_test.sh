#!/usr/bin/env bash
# cpack -G DEB on the test build, then the package as a user gets it: its dependencies are
# Debian packages (each installed here, so each exists), it unpacks into a fresh root
# (dpkg -x: no container), and the seed's job runs from the unpacked programs, primes-mpi under
# mpirun at 2 ranks; a program builds against the library in the unpacked /usr.
# Usage: deb_test.sh BUILD_DIR WORK_DIR (MPIEXEC in the environment: mpirun and its flags)
source "$(dirname "$0")/common.sh"

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(ls "$work"/primes_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for need in openmpi-bin libopenmpi libboost-mpi libboost-serialization; do
  [[ $depends == *"$need"* ]] || fail "the package does not depend on $need"
done
for package in $(echo "$depends" | sed -e 's/([^)]*)//g' -e 's/,/ /g'); do
  dpkg-query -W "$package" > /dev/null 2>&1 || fail "dependency $package is not a package here"
done

root=$work/root
dpkg -x "$deb" "$root"
for f in usr/bin/primes-threads usr/bin/primes-mpi usr/share/man/man1/primes-threads.1 \
         usr/share/man/man1/primes-mpi.1 usr/share/bash-completion/completions/primes-threads \
         usr/share/primes/scripts/submit.sh usr/share/primes/scripts/slurm/primes.sbatch \
         usr/include/primes/primes.hpp usr/lib/cmake/primes/primesConfig.cmake; do
  [ -e "$root/$f" ] || fail "the package has no $f"
done

expected=$seed_primes
got=$("$root/usr/bin/primes-threads" --format csv --no-progress | csv_count)
[ "$got" = "$expected" ] || fail "the packaged primes-threads counted $got in the seed's job, not $expected"
# shellcheck disable=SC2086
got=$($MPIEXEC -np 2 "$root/usr/bin/primes-mpi" --threads 1 --format csv --no-progress | csv_count)
[ "$got" = "$expected" ] || fail "the packaged primes-mpi counted $got in the seed's job on 2 ranks, not $expected"

build_consumer "$root/usr" "$work/consumer"
[ "$("$work/consumer/consumer" | head -1)" = "$("$root/usr/bin/primes-threads" 1e6 2e6 --format csv --no-progress | csv_count)" ] ||
  fail "the example built against the package counted differently from primes-threads"
echo "$deb: depends on Debian packages, unpacks, and runs the seed's job"
