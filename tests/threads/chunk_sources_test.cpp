// Tests of the thread-safe chunk sources: every index handed out once, however many threads ask;
// a closed queue lets waiting workers go.
#include "chunk_sources.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace primes {
namespace {

TEST(SharedCounter, EveryIndexOnceAcrossThreads) {
  constexpr std::uint64_t kCount = 100000;
  SharedCounter counter(ChunkList::range(0, kCount));
  std::mutex mutex;
  std::multiset<std::uint64_t> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::uint64_t> mine;
      while (auto i = counter.next(static_cast<std::uint64_t>(t)))
        mine.push_back(*i);
      std::lock_guard lock(mutex);
      seen.insert(mine.begin(), mine.end());
    });
  }
  for (std::thread& t : threads)
    t.join();
  ASSERT_EQ(seen.size(), kCount);
  std::uint64_t expected = 0;
  for (std::uint64_t i : seen)
    EXPECT_EQ(i, expected++);
  EXPECT_FALSE(counter.take().has_value()) << "exhausted stays exhausted";
}

TEST(SharedCounter, HandsOutAListInOrderAndNothingOnceClosed) {
  SharedCounter counter(ChunkList::of({3, 8, 9, 20}));
  EXPECT_EQ(counter.take(), 3u);
  EXPECT_EQ(counter.next(1), 8u);
  counter.close();
  EXPECT_FALSE(counter.take().has_value());
}

TEST(ChunkQueue, WorkersTakeWhatArrivesThenEndWhenClosed) {
  ChunkQueue queue;
  std::atomic<std::uint64_t> sum{0};
  std::atomic<int> ended{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([&] {
      while (auto i = queue.next(0))
        sum += *i;
      ++ended;
    });
  }
  for (std::uint64_t i = 1; i <= 1000; ++i)
    queue.push(i);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(ended.load(), 0) << "an empty open queue keeps its workers waiting";
  queue.close();
  for (std::thread& t : workers)
    t.join();
  EXPECT_EQ(sum.load(), 500500u);
  EXPECT_EQ(queue.taken(), 1000u);
}

TEST(ChunkQueue, WhatIsQueuedBeforeTheCloseIsStillTaken) {
  ChunkQueue queue;
  queue.push(4);
  queue.push(5);
  queue.close();
  EXPECT_EQ(queue.next(0), 4u);
  EXPECT_EQ(queue.next(0), 5u);
  EXPECT_FALSE(queue.next(0).has_value());
}

}  // namespace
}  // namespace primes
