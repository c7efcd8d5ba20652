# primes_warnings: an INTERFACE target that carries the project's warning flags.
# Every target of this project links it; -Werror sits behind PRIMES_WERROR so that a
# newer compiler's new warning never breaks a user's build.
add_library(primes_warnings INTERFACE)
target_compile_options(primes_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough)
if(PRIMES_WERROR)
  target_compile_options(primes_warnings INTERFACE -Werror)
endif()
