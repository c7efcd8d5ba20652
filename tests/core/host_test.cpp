// Tests of the facts read from this machine.
#include "primes/host.hpp"

#include <sys/resource.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "support/sanitizer.hpp"

namespace primes {
namespace {

TEST(Host, NameIsTheSystemsHostName) {
  std::array<char, 256> expected{};
  ASSERT_EQ(::gethostname(expected.data(), expected.size() - 1), 0);
  EXPECT_FALSE(host_name().empty());
  EXPECT_EQ(host_name(), expected.data());
}

TEST(Host, MemoryLimitIsAtMostWhatTheHostHasAvailable) {
  const std::optional<MemoryLimit> limit = memory_limit();
  ASSERT_TRUE(limit.has_value()) << "Linux always has /proc/meminfo";
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t total_kib = 0;
  while (meminfo >> key && key != "MemTotal:") {
  }
  meminfo >> total_kib;
  EXPECT_GT(limit->bytes, 0u);
  EXPECT_LE(limit->bytes, total_kib * 1024) << limit->source;
  EXPECT_FALSE(limit->source.empty());
}

TEST(Host, AnAddressSpaceLimitIsTheBoundWhenItIsTheLeast) {
  PRIMES_SKIP_UNDER_SANITIZERS("the sanitizers reserve terabytes of address space");
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_AS, &saved), 0);
  // Room for 64 MiB more than what is mapped now.
  std::ifstream status("/proc/self/status");
  std::string key;
  std::uint64_t mapped_kib = 0;
  while (status >> key && key != "VmSize:") {
  }
  status >> mapped_kib;
  rlimit tight = saved;
  tight.rlim_cur = (mapped_kib << 10) + (64u << 20);
  ASSERT_EQ(::setrlimit(RLIMIT_AS, &tight), 0);
  const std::optional<MemoryLimit> limit = memory_limit();
  ASSERT_EQ(::setrlimit(RLIMIT_AS, &saved), 0);
  ASSERT_TRUE(limit.has_value());
  EXPECT_TRUE(limit->address_space);
  EXPECT_EQ(limit->source, "the address-space limit (ulimit -v)");
  EXPECT_LE(limit->bytes, 64u << 20);
  EXPECT_GT(limit->bytes, 32u << 20);
}

#if defined(__GLIBC__)
// After keep_freed_memory(), a block of a few megabytes comes from the heap (kept for reuse),
// not from a mapping of its own (given back to the system when freed).
TEST(Host, KeepFreedMemoryServesMegabytesFromTheHeap) {
  PRIMES_SKIP_UNDER_SANITIZERS("the sanitizers' allocator replaces the C library's");
  keep_freed_memory();
  const std::size_t mapped_before = mallinfo2().hblks;
  void* block = std::malloc(8u << 20);
  ASSERT_NE(block, nullptr);
  static_cast<volatile char*>(block)[0] = 1;  // used: the allocation may not be left out
  EXPECT_EQ(mallinfo2().hblks, mapped_before);
  std::free(block);
}

// Pages of this process in memory (/proc/self/statm's second field).
std::uint64_t resident_pages() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0;
  std::uint64_t resident = 0;
  statm >> size >> resident;
  return resident;
}

// Blocks kept for reuse stay in memory when freed; give_back_freed_memory() returns their pages.
TEST(Host, GiveBackFreedMemoryReturnsTheFreedBlocksPages) {
  PRIMES_SKIP_UNDER_SANITIZERS("the sanitizers' allocator replaces the C library's");
  keep_freed_memory();
  constexpr std::size_t kBlocks = 32;
  constexpr std::size_t kBlock = 1u << 20;
  std::vector<char*> blocks;
  for (std::size_t i = 0; i < kBlocks; ++i) {
    blocks.push_back(static_cast<char*>(std::malloc(kBlock)));
    ASSERT_NE(blocks.back(), nullptr);
    std::memset(blocks.back(), 1, kBlock);  // every page in memory
  }
  for (std::size_t i = 0; i + 1 < kBlocks; ++i)  // the last stays: the heap's top is in use
    std::free(blocks[i]);
  const std::uint64_t kept = resident_pages();
  give_back_freed_memory();
  const std::uint64_t after = resident_pages();
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  EXPECT_GE(kept - std::min(kept, after), (kBlocks / 2) * kBlock / page)
      << "resident pages " << kept << " -> " << after;
  std::free(blocks.back());
}
#endif

}  // namespace
}  // namespace primes
