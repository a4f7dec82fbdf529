#include "daemon/store/reader.hpp"

#include "daemon/base/logging.hpp"
#include "daemon/store/connect.hpp"
#include "daemon/store/database.hpp"

#include <memory>
#include <string>

namespace hatewatch::daemon::store {
namespace {

const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("store");
  return logger;
}

} // namespace

reader::reader(storage_config cfg) : cfg_(std::move(cfg)) {}

reader::~reader() {
  stop();
}

void reader::start() {
  worker_.start([this] { run(); }, cfg_.pool_size);
}

void reader::stop() {
  worker_.stop();
  queue_.fail_left();
}

void reader::submit(job work, completion done) {
  queue_.push({std::move(work), std::move(done)}, queue_max,
              [] { return "too many reads are waiting (" + std::to_string(queue_max) + ")"; });
}

void reader::run() {
  std::unique_ptr<sql::connection> conn;
  for (;;) {
    job_queue<job>::job it;
    {
      auto lock = worker_.lock();
      worker_.wait(lock, [this] { return !queue_.empty(); });
      if (worker_.stopping())
        return; // stop() answers what is left
      it = std::move(queue_.take(1).front());
    }
    std::exception_ptr error;
    try {
      if (!conn || !conn->usable())
        conn = connect(cfg_, access::read, "hatewatch-reader");
      it.work(*conn);
    } catch (const store_unavailable&) {
      conn.reset(); // a connection that failed is not trusted again
      error = std::current_exception();
    } catch (...) {
      try {
        rethrow_classified();
      } catch (const store_unavailable&) {
        conn.reset();
        error = std::current_exception();
      } catch (...) {
        error = std::current_exception(); // the job's own (a 404, say): the connection is fine
      }
    }
    try {
      it.done(error);
    } catch (const std::exception& e) {
      log()->error("a read completion threw: {}", e.what());
    }
  }
}

} // namespace hatewatch::daemon::store
