# Spack package recipe for primes: the build steps of the README's "Installing" section.
# Put contrib/spack in a Spack repository (spack repo add contrib/spack) and run
# `spack install primes`. Checked by tests/install/contrib_test.py (syntax, version, configure
# options).
from spack.package import *


class Primes(CMakePackage):
    """Exact parallel prime counting over 64-bit ranges with MPI processes and threads: a
    segmented sieve, Gourdon's combinatorial pi(x), checkpoints, Slurm scripts."""

    homepage = "https://example.org/primes"
    git = "https://example.org/primes.git"

    version("0.1.0", branch="main")

    variant(
        "build_type",
        default="Release",
        description="CMake build type",
        values=("Debug", "Release", "RelWithDebInfo", "MinSizeRel"),
    )
    variant("mpi", default=True, description="Build primes-mpi (Open MPI or another MPI)")

    depends_on("cmake@3.20:", type="build")
    depends_on("nlohmann-json@3.2:")
    depends_on("boost@1.74: +program_options")
    depends_on("boost@1.74: +mpi +serialization", when="+mpi")
    depends_on("mpi", when="+mpi")

    def cmake_args(self):
        return [
            self.define("PRIMES_BUILD_TESTS", False),
            self.define("PRIMES_BUILD_BENCH", False),
            self.define_from_variant("PRIMES_BUILD_MPI", "mpi"),
        ]
