#!/usr/bin/env python3
"""Checks the contrib/ recipes against what can be checked without EasyBuild or Spack: each
file's syntax, its version (the project's), its configure options (the README's "Installing"
command), and the EasyBuild sanity paths (files a real `cmake --install` of BUILD_DIR makes).

Usage: contrib_test.py SOURCE_DIR BUILD_DIR WORK_DIR
"""
import pathlib
import re
import shlex
import subprocess
import sys
import types

source, build, work = (pathlib.Path(a) for a in sys.argv[1:4])
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def options_of(words):
    """The -D options of a configure command, as {NAME: value} (type suffix dropped)."""
    out = {}
    for w in words:
        m = re.fullmatch(r"-D([A-Za-z_]+)(?::[A-Z]+)?=(.*)", w)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def on(value):
    return str(value).upper() in ("ON", "TRUE", "1", "YES")


# The project's version, and the README's install command.
version = re.search(r"project\(primes VERSION (\S+)", (source / "CMakeLists.txt").read_text()).group(1)
readme = (source / "README.md").read_text()
section = readme.split("## Installing", 1)[1].split("\n## ", 1)[0]
configure = [line for line in section.splitlines() if line.startswith("cmake -S . -B build")]
check(len(configure) == 1, "README's Installing section has no single `cmake -S . -B build` line")
readme_options = options_of(shlex.split(configure[0].split("#")[0])) if configure else {}
check(readme_options, "README's configure line sets no -D option")

# EasyBuild: an easyconfig is Python with EasyBuild's constants in scope.
eb_path = source / "contrib/easybuild" / f"primes-{version}-foss-2023a.eb"
check(eb_path.exists(), f"no easyconfig for version {version}: {eb_path}")
if eb_path.exists():
    eb = {"SOURCE_TAR_GZ": "%(name)s-%(version)s.tar.gz"}
    exec(compile(eb_path.read_text(), str(eb_path), "exec"), eb)
    check(eb.get("name") == "primes" and eb.get("version") == version,
          f"easyconfig name/version {eb.get('name')}/{eb.get('version')}, project {version}")
    check(eb.get("easyblock") == "CMakeMake", "easyconfig is not a CMakeMake build")
    eb_options = options_of(shlex.split(eb.get("configopts", "")))
    check(eb_options == readme_options,
          f"easyconfig configopts {eb_options} differ from the README's {readme_options}")
    prefix = work / "prefix"
    subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], check=True,
                   stdout=subprocess.DEVNULL)
    paths = eb.get("sanity_check_paths", {})
    for f in paths.get("files", []):
        # A build without MPI installs no primes-mpi; EasyBuild's foss build has it.
        if f == "bin/primes-mpi" and not (build / "src/primes-mpi").exists():
            continue
        check((prefix / f).is_file(), f"easyconfig sanity file {f} is not installed")
    for d in paths.get("dirs", []):
        check((prefix / d).is_dir(), f"easyconfig sanity dir {d} is not installed")

# Spack: package.py with a stand-in for spack.package that records what the recipe declares.
calls = {"version": [], "variant": [], "depends_on": []}
fake = types.ModuleType("spack.package")


def recorder(kind):
    def record(*args, **kwargs):
        calls[kind].append((args, kwargs))
    return record


class CMakePackage:
    def define(self, name, value):
        return f"-D{name}:{'BOOL' if isinstance(value, bool) else 'STRING'}=" + (
            ("ON" if value else "OFF") if isinstance(value, bool) else str(value))

    def define_from_variant(self, name, variant):
        return self.define(name, self.variants[variant])


fake.CMakePackage = CMakePackage
for kind in calls:
    setattr(fake, kind, recorder(kind))
fake.__all__ = ["CMakePackage", *calls]
sys.modules["spack"] = types.ModuleType("spack")
sys.modules["spack.package"] = fake
spack_path = source / "contrib/spack/packages/primes/package.py"
spack = {}
exec(compile(spack_path.read_text(), str(spack_path), "exec"), spack)
versions = [a[0] for a, _ in calls["version"]]
check(version in versions, f"Spack recipe versions {versions} lack the project's {version}")
variants = {a[0]: k.get("default") for a, k in calls["variant"]}
package = spack["Primes"]()
package.variants = variants
spack_options = options_of(package.cmake_args())
spack_options["CMAKE_BUILD_TYPE"] = variants.get("build_type", "RelWithDebInfo")
normal = lambda d: {k: ("ON" if on(v) else "OFF") if v.upper() in ("ON", "OFF", "TRUE", "FALSE") else v
                    for k, v in d.items()}
expected = dict(readme_options)
expected.setdefault("PRIMES_BUILD_MPI", "ON")  # the README's default, the recipe's +mpi
check(normal(spack_options) == normal(expected),
      f"Spack recipe's CMake options {spack_options} differ from the README's {expected}")
needs = " ".join(a[0] for a, _ in calls["depends_on"])
for dep in ("cmake", "boost", "nlohmann-json", "mpi"):
    check(dep in needs, f"Spack recipe does not depend on {dep}")

for f in failures:
    print("FAIL:", f, file=sys.stderr)
if failures:
    sys.exit(1)
print(f"contrib recipes for primes {version}: syntax, version, options {readme_options} and "
      "sanity paths agree with the README and the install")
