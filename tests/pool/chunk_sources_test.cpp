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

namespace primes {
namespace {

TEST(BlockingQueue, APusherWaitsForRoomAndACloseLetsEveryoneGo) {
  BlockingQueue<int> queue(2);
  EXPECT_TRUE(queue.push(1));
  EXPECT_TRUE(queue.push(2));
  std::atomic<bool> pushed{false};
  std::thread pusher([&] {
    pushed = queue.push(3);  // waits: the queue is full
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(pushed.load()) << "a full queue keeps its pusher waiting";
  EXPECT_EQ(queue.pop(), 1);
  pusher.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(queue.ready(), 2u);
  EXPECT_EQ(queue.try_pop(), 2);
  EXPECT_EQ(queue.taken(), 2u);

  std::thread blocked([&] { pushed = queue.push(4), queue.push(5); });  // the second waits
  // Close once 4 is in (a loaded machine may start the thread late); 5 is refused whether its
  // push already waits or comes after the close.
  for (int i = 0; i < 10000 && queue.ready() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(queue.ready(), 2u) << "4 was never pushed";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.close();
  blocked.join();
  EXPECT_FALSE(queue.push(6)) << "a closed queue refuses";
  EXPECT_FALSE(queue.drained()) << "what was queued before the close is still there";
  EXPECT_EQ(queue.pop(), 3);
  EXPECT_EQ(queue.pop(), 4);
  EXPECT_FALSE(queue.pop().has_value());
  EXPECT_FALSE(queue.try_pop().has_value());
  EXPECT_TRUE(queue.drained());
}

TEST(BatchQueue, WorkersTakeBatchesInOrder) {
  BatchQueue queue(4);
  for (std::uint64_t i = 0; i < 3; ++i)
    queue.push(Batch{i, i * 10, {i}});
  queue.close();
  for (std::uint64_t i = 0; i < 3; ++i) {
    const std::optional<Batch> b = queue.next();
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->index, i);
  }
  EXPECT_FALSE(queue.next().has_value());
}

}  // namespace
}  // namespace primes
