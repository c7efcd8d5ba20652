/// @file temp_dir.hpp
/// A fresh directory for one test, removed with everything in it when the test ends; and how
/// to watch a checkpoint file fill up while the program under test writes it.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace primes::test {

class TempDir {
 public:
  TempDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    // One directory, not a tree: parameterized tests' names hold slashes ("Np/MpiCli",
    // "ListsAreExact/np_2"), which would leave their parents behind.
    std::string name = "primes-test-" + std::to_string(::getpid()) + "-" + info->test_suite_name() +
                       "-" + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Chunk records in a checkpoint file (complete lines only).
inline int checkpoint_records(const std::string& path) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);)
    n += line.starts_with("chunk ") ? 1 : 0;
  return n;
}

/// Waits until the checkpoint holds at least `records` records; says whether it did in time.
inline bool wait_for_records(const std::string& path, int records, double timeout_seconds) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (checkpoint_records(path) >= records) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace primes::test
