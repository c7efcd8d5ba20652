# cpack -G DEB: one package, primes, holding what cmake --install installs under /usr. Its
# dependencies: the shared libraries primes-mpi links (found by dpkg-shlibdeps, from the dpkg-dev
# package: Open MPI, Boost.MPI and Boost.Serialization at the versions built against), mpirun
# itself, and for programs built against the library, the headers it needs.
set(CPACK_PACKAGE_NAME primes)
set(CPACK_PACKAGE_VENDOR "the primes developers")
set(CPACK_PACKAGE_CONTACT "primes developers <primes@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(PRIMES_BUILD_MPI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "openmpi-bin")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libboost-program-options-dev, nlohmann-json3-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "slurm-client, gnuplot-nox, python3")
include(CPack)
