#include "daemon/base/worker.hpp"

namespace hatewatch::daemon {

void worker::start(const std::function<void()>& body, unsigned threads) {
  if (!threads_.empty() || stopping())
    return;
  for (unsigned i = 0; i < threads; ++i)
    threads_.emplace_back(body);
}

void worker::stop() {
  {
    // Under the lock: a body between checking stopping() and waiting cannot miss the wake-up.
    std::lock_guard guard(mutex_);
    stopping_.store(true, std::memory_order_release);
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
}

} // namespace hatewatch::daemon
