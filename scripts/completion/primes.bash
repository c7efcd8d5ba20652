# bash completion for primes-threads and primes-mpi (installed under both names in
# share/bash-completion/completions). The options come from the program's own --help, so they
# are always the ones the installed program takes.
_primes_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  case $prev in
    -k|--kernel) mapfile -t COMPREPLY < <(compgen -W "auto gourdon lmo primality sieve trial" -- "$cur"); return ;;
    -s|--schedule) mapfile -t COMPREPLY < <(compgen -W "dynamic static" -- "$cur"); return ;;
    -f|--format) mapfile -t COMPREPLY < <(compgen -W "text json csv" -- "$cur"); return ;;
    -i|--input|--checkpoint) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    -t|--threads|-c|--chunk-size|--checkpoint-every|--stall-timeout) return ;;
  esac
  if [[ $cur == -* ]]; then
    local options
    options=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  fi
}
complete -F _primes_complete primes-threads primes-mpi
