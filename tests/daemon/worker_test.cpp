#include "daemon/base/worker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <future>
#include <set>

using hatewatch::daemon::worker;
using namespace std::chrono_literals;

TEST(Worker, StopWakesABodyThatWaitsWithoutADeadline) {
  worker w;
  std::promise<void> waiting;
  std::atomic<bool> returned{false};
  w.start([&] {
    auto lock = w.lock();
    waiting.set_value();
    w.wait(lock, [] { return false; }); // only stop() ends this
    returned = true;
  });
  waiting.get_future().wait();
  w.stop(); // joins: the body must have returned
  EXPECT_TRUE(returned);
  EXPECT_TRUE(w.stopping());
}

TEST(Worker, SleepEndsAtStopAndSaysSo) {
  worker w;
  std::promise<bool> slept;
  std::promise<void> started;
  w.start([&] {
    started.set_value();
    slept.set_value(w.sleep_for(24h));
  });
  started.get_future().wait();
  w.stop();
  EXPECT_FALSE(slept.get_future().get()); // false: woken by stop, not by the time
}

TEST(Worker, SleepUntilAPastTimeReturnsTrueAtOnce) {
  worker w;
  EXPECT_TRUE(w.sleep_until(worker::clock::now() - 1s));
}

TEST(Worker, ThreadsShareOneQueueAndTakeEachJobOnce) {
  worker w;
  std::deque<int> queue;
  std::mutex seen_mutex;
  std::multiset<int> taken;
  std::atomic<int> done{0};
  std::promise<void> all_done;
  constexpr int jobs = 200;
  w.start(
      [&] {
        for (;;) {
          int job = 0;
          {
            auto lock = w.lock();
            w.wait(lock, [&] { return !queue.empty(); });
            if (w.stopping())
              return;
            job = queue.front();
            queue.pop_front();
          }
          {
            std::lock_guard g(seen_mutex);
            taken.insert(job);
          }
          if (++done == jobs)
            all_done.set_value();
          std::this_thread::yield();
        }
      },
      3);
  for (int i = 0; i < jobs; ++i) {
    {
      auto lock = w.lock();
      queue.push_back(i);
    }
    w.wake_one();
  }
  ASSERT_EQ(all_done.get_future().wait_for(30s), std::future_status::ready);
  w.stop();
  EXPECT_EQ(done.load(), jobs);
  ASSERT_EQ(taken.size(), static_cast<std::size_t>(jobs));
  for (int i = 0; i < jobs; ++i)
    EXPECT_EQ(taken.count(i), 1u) << i;
}

TEST(Worker, StartAfterStopRunsNothing) {
  worker w;
  w.stop();
  std::atomic<bool> ran{false};
  w.start([&] { ran = true; });
  w.stop();
  EXPECT_FALSE(ran);
  EXPECT_FALSE(w.started());
}
