#!/usr/bin/env bash
# cmake --install of the test build into a fresh prefix, then what a user of the installed
# package does with it: runs the seed's job with the installed programs, builds the README's
# example program with find_package(primes) and with pkg-config, and checks its output against
# the installed primes-threads; the submit script and Slurm template are where the README says.
# Usage: install_test.sh BUILD_DIR WORK_DIR
source "$(dirname "$0")/common.sh"
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
for f in bin/primes-threads share/primes/scripts/submit.sh share/primes/scripts/lib.sh \
         share/primes/scripts/slurm/primes.sbatch share/primes/scripts/slurm/pi.sh \
         include/primes/primes.hpp \
         lib/cmake/primes/primesConfig.cmake lib/pkgconfig/primes.pc; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done

# Each program's man page holds its --help text; its bash completion offers its options.
for program in primes-threads primes-mpi; do
  [ -x "$prefix/bin/$program" ] || continue
  page=$prefix/share/man/man1/$program.1
  [ -f "$page" ] || fail "no man page $page"
  "$prefix/bin/$program" --help > "$work/$program.help.txt"
  sed -n '/^\.nf$/,/^\.fi$/p' "$page" | sed -e '1d' -e '$d' -e 's/^\\&//' -e 's/\\-/-/g' \
    -e 's/\\e/\\/g' > "$work/$program.man.txt"
  diff "$work/$program.help.txt" "$work/$program.man.txt" ||
    fail "$page does not hold $program --help (differences above)"
  if command -v man > /dev/null; then
    man -l "$page" > "$work/$program.man.rendered" 2>&1 || fail "man cannot read $page"
  fi
  completion=$prefix/share/bash-completion/completions/$program
  [ -f "$completion" ] || fail "no bash completion $completion"
  complete_words() {  # the completions of the command line "$@" (the last word being typed)
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _primes_complete
             printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
  }
  offered=$(complete_words "$prefix/bin/$program" -- | sort | tr '\n' ' ')
  options=$(grep -o -- '--[a-z][a-z-]*' "$work/$program.help.txt" | sort -u | tr '\n' ' ')
  [ "$offered" = "$options" ] || fail "$program's completion of -- offers '$offered', its --help has '$options'"
  [ "$(complete_words "$prefix/bin/$program" --thr)" = "--threads" ] || fail "--thr does not complete"
  for k in $(complete_words "$prefix/bin/$program" --kernel ""); do
    grep -qw -- "$k" "$work/$program.help.txt" || fail "completion offers kernel $k, --help does not name it"
    "$prefix/bin/primes-threads" 1000 --kernel "$k" --no-progress > /dev/null ||
      fail "completion offers kernel $k, primes-threads refuses it"
  done
  for f in $(complete_words "$prefix/bin/$program" --format ""); do
    "$prefix/bin/primes-threads" 1000 --format "$f" --no-progress > /dev/null ||
      fail "completion offers format $f, primes-threads refuses it"
  done
done

# The seed's job from the installed program: the primes of 1..300000.
seed=$("$prefix/bin/primes-threads" --format csv --no-progress | csv_count)
expected=$seed_primes
[ "$seed" = "$expected" ] || fail "installed primes-threads counted $seed primes in the seed's job, not $expected"
if [ -x "$prefix/bin/primes-mpi" ]; then
  mpi=$("$prefix/bin/primes-mpi" --format csv --no-progress | csv_count)
  [ "$mpi" = "$expected" ] || fail "installed primes-mpi counted $mpi, not $expected"
fi

# The installed submit script runs the installed primes-mpi and writes to ./results: a stand-in
# sbatch records what it was given.
mkdir -p "$work/fake-bin" "$work/submit-here"
cat > "$work/fake-bin/sbatch" <<'FAKE'
#!/usr/bin/env bash
{ echo "PRIMES_MPI=$PRIMES_MPI"; echo "PRIMES_RESULTS=$PRIMES_RESULTS"; echo "PWD=$PWD"
  printf 'arg=%s\n' "$@"; } > "$FAKE_SBATCH_LOG"
echo 4242
FAKE
chmod +x "$work/fake-bin/sbatch"
if [ ! -x "$prefix/bin/primes-mpi" ]; then  # a build without MPI: a clear refusal
  if (cd "$work/submit-here" && PATH=$work/fake-bin:$PATH FAKE_SBATCH_LOG=$work/sbatch.log \
        "$prefix/share/primes/scripts/submit.sh" 1e9 > "$work/submit.out" 2>&1); then
    fail "the installed submit.sh submitted without an installed primes-mpi"
  fi
  grep -q "no primes-mpi installed" "$work/submit.out" ||
    fail "the installed submit.sh without primes-mpi said: $(cat "$work/submit.out")"
else
  (cd "$work/submit-here" && PATH=$work/fake-bin:$PATH FAKE_SBATCH_LOG=$work/sbatch.log \
     "$prefix/share/primes/scripts/submit.sh" 1e9 --ntasks 2 > "$work/submit.out" 2>&1) ||
    fail "the installed submit.sh failed: $(cat "$work/submit.out")"
  grep -qx "PRIMES_MPI=$prefix/bin/primes-mpi" "$work/sbatch.log" ||
    fail "the installed submit.sh did not pick the installed primes-mpi: $(cat "$work/sbatch.log")"
  grep -qx "PRIMES_RESULTS=$work/submit-here/results" "$work/sbatch.log" ||
    fail "the installed submit.sh does not write to ./results: $(cat "$work/sbatch.log")"
  grep -qx "arg=scripts/slurm/primes.sbatch" "$work/sbatch.log" && grep -qx "PWD=$prefix/share/primes" "$work/sbatch.log" ||
    fail "the installed submit.sh did not submit its template: $(cat "$work/sbatch.log")"
  grep -q "submitted job 4242" "$work/submit.out" || fail "submit.sh printed: $(cat "$work/submit.out")"
fi

# What the example prints, from the installed primes-threads.
count() { "$prefix/bin/primes-threads" "$@" --format csv --no-progress | csv_count; }
{
  count 1e6 2e6
  count 1e13
  echo "2 3 5 7 11 13 17 19 23 29 "
  count 1e9 1e9+100
} > "$work/expected.txt"

# The example is the README's, word for word.
awk '/^## Installing/ { on = 1 } on && /^```cpp$/ { code = 1; next } code && /^```$/ { exit }
     code { print }' "$here/../../README.md" > "$work/readme-example.cpp"
diff "$work/readme-example.cpp" "$here/consumer/main.cpp" ||
  fail "README's example (Installing) differs from tests/install/consumer/main.cpp (above)"

# CMake: find_package(primes) and primes::core.
build_consumer "$prefix" "$work/consumer"
"$work/consumer/consumer" > "$work/cmake-out.txt"
diff "$work/expected.txt" "$work/cmake-out.txt" || fail "the consumer built with CMake printed the above"

# pkg-config.
flags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs primes)
# shellcheck disable=SC2086
g++ -O2 "$here/consumer/main.cpp" -o "$work/pc-consumer" $flags ||
  fail "the consumer did not build with pkg-config's flags: $flags"
"$work/pc-consumer" > "$work/pc-out.txt"
diff "$work/expected.txt" "$work/pc-out.txt" || fail "the consumer built with pkg-config printed the above"
echo "installed into $prefix: programs, package and example all work"
