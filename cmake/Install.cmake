# cmake --install: the two programs, the Slurm submit script and its batch template (under
# share/primes), the man pages and bash completions, the public headers, and the libraries with
# a CMake package (find_package(primes) gives primes::core) and a pkg-config file (primes.pc).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(PRIMES_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/primes)

# Each program with its man page (made from its --help text: cmake/ManPage.cmake) and its bash
# completion (scripts/completion/primes.bash, which reads the options from --help).
set(PRIMES_MAN_primes-threads_SUMMARY "count the primes in a range with threads of one process")
set(PRIMES_MAN_primes-threads_SEE_ALSO "primes-mpi(1)")
set(PRIMES_MAN_primes-mpi_SUMMARY "count the primes in a range with MPI processes")
set(PRIMES_MAN_primes-mpi_SEE_ALSO "primes-threads(1), mpirun(1)")
set(PRIMES_PROGRAMS primes-threads)
if(PRIMES_BUILD_MPI)
  list(APPEND PRIMES_PROGRAMS primes-mpi)
endif()
foreach(program IN LISTS PRIMES_PROGRAMS)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/${program}.1
    # (Under AddressSanitizer, Open MPI's leaks at exit would fail primes-mpi --help.)
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
            ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DNAME=${program}
            "-DSUMMARY=${PRIMES_MAN_${program}_SUMMARY}" -DVERSION=${PROJECT_VERSION}
            "-DSEE_ALSO=${PRIMES_MAN_${program}_SEE_ALSO}"
            -DOUTPUT=${PROJECT_BINARY_DIR}/man/${program}.1 -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    DEPENDS ${program} ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    COMMENT "Man page of ${program} from its --help" VERBATIM)
  add_custom_target(${program}-man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/${program}.1)
  install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_BINARY_DIR}/man/${program}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${PROJECT_SOURCE_DIR}/scripts/completion/primes.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${program})
endforeach()

# The library: primes::core is the API (primes/primes.hpp); the others are what it links.
set_target_properties(primes_api PROPERTIES EXPORT_NAME core)
set_target_properties(primes_core PROPERTIES EXPORT_NAME kernels)
set_target_properties(primes_pool PROPERTIES EXPORT_NAME pool)
set_target_properties(primes_threads_lib PROPERTIES EXPORT_NAME threads)
install(TARGETS primes_api primes_core primes_pool primes_threads_lib
        EXPORT primesTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/primes
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/primes/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/primes)
install(EXPORT primesTargets NAMESPACE primes:: DESTINATION ${PRIMES_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/primesConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/primesConfig.cmake
                              INSTALL_DESTINATION ${PRIMES_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/primesConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/primesConfig.cmake
              ${PROJECT_BINARY_DIR}/primesConfigVersion.cmake
        DESTINATION ${PRIMES_CMAKE_DIR})

# pkg-config: the libraries in link order, then what they need (Boost.Program_options, threads).
# The prefix is found from the .pc file's own place, so the installed tree may move.
file(RELATIVE_PATH PRIMES_PC_UP "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PRIMES_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(PRIMES_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(PRIMES_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(PRIMES_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/primes.pc.in ${PROJECT_BINARY_DIR}/primes.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/primes.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The Slurm submit script with the helpers it sources, its batch template and the pi(x) example,
# in the layout they have in the source tree (share/primes/scripts/submit.sh finds
# ../../../bin/primes-mpi).
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/submit.sh ${PROJECT_SOURCE_DIR}/scripts/lib.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/primes/scripts)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/slurm/primes.sbatch
                 ${PROJECT_SOURCE_DIR}/scripts/slurm/pi.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/primes/scripts/slurm)
