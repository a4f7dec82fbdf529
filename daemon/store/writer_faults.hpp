#pragma once
// What the writer's commit paths (writer_commit.cpp, writer_pipeline.cpp) share: its logger, and
// telling a job's own error from a fault of the store and from a conflict worth running again.

#include "daemon/base/logging.hpp"
#include "daemon/store/database.hpp"

#include <cstddef>
#include <exception>
#include <memory>
#include <string>

namespace hatewatch::daemon::store::writer_detail {

inline const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("store");
  return logger;
}

// The most jobs in one pipeline. Their statements go out before any result is read; bounded, the
// results (about 100 bytes each) fit the socket's buffer and the server never waits on us.
constexpr std::size_t pipeline_max = 256;

// The exception being handled, with environment faults turned into store_unavailable.
inline std::exception_ptr classified() {
  try {
    rethrow_classified();
  } catch (...) {
    return std::current_exception();
  }
}

// Whether `e` holds an exception of type E.
template <typename E>
bool holds(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const E&) {
    return true;
  } catch (...) {
    return false;
  }
}

// Whether `e` is a fault of the store (store_unavailable: a lost connection, a timeout, a full
// disk) rather than a job's own error.
inline bool is_fault(const std::exception_ptr& e) {
  return holds<store_unavailable>(e);
}

// Whether `e` is a deadlock or serialization conflict, which running the same work again resolves.
inline bool is_conflict(const std::exception_ptr& e) {
  return holds<store_conflict>(e);
}

// How often one batch runs again after a conflict before its jobs are answered 503.
constexpr unsigned max_conflict_retries = 8;

inline std::string message_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& what) {
    return what.what();
  } catch (...) {
    return "an exception of unknown type";
  }
}

} // namespace hatewatch::daemon::store::writer_detail
