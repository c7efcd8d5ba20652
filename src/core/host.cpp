/// @file host.cpp
/// Facts about this machine (see host.hpp).
#include "primes/host.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <thread>

namespace primes {

std::string host_name() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "unknown";
  return buf.data();
}

unsigned usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// The number after `key` in a /proc file of "Key:   value kB" lines, in bytes.
std::optional<std::uint64_t> proc_kib(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    std::istringstream fields(line.substr(key.size()));
    std::uint64_t kib = 0;
    if (fields >> kib) return kib * 1024;
  }
  return std::nullopt;
}

// A number alone in a file (cgroup files); nothing for "max", a missing file or garbage.
std::optional<std::uint64_t> file_number(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t value = 0;
  if (in >> value) return value;
  return std::nullopt;
}

// What the cgroups of this process still allow: the least of limit - usage over the v2
// hierarchy from this cgroup up to the root, or the v1 memory controller's.
std::optional<std::uint64_t> cgroup_room() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  std::optional<std::uint64_t> room;
  auto consider = [&room](std::optional<std::uint64_t> limit, std::optional<std::uint64_t> used) {
    // v1 reports "no limit" as a huge number near 2^63.
    if (!limit || *limit >= (std::uint64_t{1} << 60)) return;
    const std::uint64_t left = *limit > used.value_or(0) ? *limit - used.value_or(0) : 0;
    room = std::min(room.value_or(left), left);
  };
  while (std::getline(in, line)) {
    const std::size_t a = line.find(':');
    const std::size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    std::string path = line.substr(b + 1);
    if (controllers.empty()) {  // v2: every level up to the root
      for (;;) {
        const std::string dir = "/sys/fs/cgroup" + path;
        consider(file_number(dir + "/memory.max"), file_number(dir + "/memory.current"));
        if (path.empty() || path == "/") break;
        path = path.substr(0, path.rfind('/'));
      }
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      const std::string dir = "/sys/fs/cgroup/memory" + path;
      consider(file_number(dir + "/memory.limit_in_bytes"),
               file_number(dir + "/memory.usage_in_bytes"));
    }
  }
  return room;
}

}  // namespace

std::optional<MemoryLimit> memory_limit() {
  std::optional<MemoryLimit> best;
  auto consider = [&best](std::optional<std::uint64_t> bytes, const char* source, bool as) {
    if (bytes && (!best || *bytes < best->bytes)) best = MemoryLimit{*bytes, source, as};
  };
  consider(proc_kib("/proc/meminfo", "MemAvailable:"), "memory available on this host", false);
  consider(cgroup_room(), "the cgroup's memory limit", false);
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    const std::uint64_t mapped = proc_kib("/proc/self/status", "VmSize:").value_or(0);
    const std::uint64_t cap = limit.rlim_cur;
    consider(cap > mapped ? cap - mapped : 0, "the address-space limit (ulimit -v)", true);
  }
  return best;
}

void keep_freed_memory() noexcept {
#if defined(__GLIBC__)
  // Fixed thresholds (glibc's own adapt only after a big block has been given back once, and
  // not in the arenas of other threads).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

void give_back_freed_memory() noexcept {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace primes
