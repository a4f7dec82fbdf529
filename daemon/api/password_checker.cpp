#include "daemon/api/password_checker.hpp"

#include "daemon/base/password_hash.hpp"
#include "daemon/base/unavailable.hpp"

namespace hatewatch::daemon {
namespace {
// Checked against when the name is unknown, so that the answer takes as long as for a known one.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("decoy");
  return hash;
}
} // namespace

void password_checker::check(std::string password, std::string hash, callback done) {
  {
    auto lock = worker_.lock();
    if (jobs_.size() >= max_waiting)
      throw unavailable_error("too many logins are being checked; try again shortly");
    jobs_.push_back({std::move(password), std::move(hash), std::move(done)});
    if (!started_) {
      started_ = true;
      worker_.start([this] { run(); });
    }
  }
  worker_.wake_one();
}

void password_checker::run() {
  for (;;) {
    job j;
    {
      auto lock = worker_.lock();
      worker_.wait(lock, [&] { return !jobs_.empty(); });
      if (worker_.stopping())
        return;
      j = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::optional<bool> ok;
    try {
      ok = j.hash.empty() ? (verify_password(j.password, decoy_hash()), false) : verify_password(j.password, j.hash);
    } catch (const std::exception&) {
      ok.reset(); // scrypt failed (out of memory): neither a match nor a mismatch
    }
    j.done(ok);
  }
}

} // namespace hatewatch::daemon
