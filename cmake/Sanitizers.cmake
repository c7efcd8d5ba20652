# PRIMES_SANITIZE selects a sanitizer build for every target of the project:
#   "address,undefined"  AddressSanitizer + UndefinedBehaviorSanitizer
#   "thread"             ThreadSanitizer
set(PRIMES_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined | thread | empty")
if(PRIMES_SANITIZE)
  if(NOT PRIMES_SANITIZE MATCHES "^(address,undefined|undefined,address|address|undefined|thread)$")
    message(FATAL_ERROR "PRIMES_SANITIZE='${PRIMES_SANITIZE}' is not one of address,undefined | thread")
  endif()
  add_compile_options(-fsanitize=${PRIMES_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${PRIMES_SANITIZE})
  if(PRIMES_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
