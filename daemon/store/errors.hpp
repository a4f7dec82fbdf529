#pragma once
// What the store throws when the database cannot serve now, whichever backend it is: callers
// answer 503 (HTTP) or retry later (alerts, the poller) without knowing the backend.

#include "daemon/base/unavailable.hpp"

#include <string>
#include <utility>

namespace hatewatch::daemon::store {

/// The database cannot take or give data right now (busy, disk full, read-only, I/O error, the
/// writer's queue is full or it is stopping). HTTP answers 503 so that the forum retries.
/// A client is told only "the database is unavailable" unless the thrower names what it may see.
class store_unavailable : public unavailable_error {
public:
  explicit store_unavailable(const std::string& what) : unavailable_error(what, "the database is unavailable") {}
  store_unavailable(const std::string& what, std::string client_detail)
      : unavailable_error(what, std::move(client_detail)) {}
};

/// A transaction PostgreSQL aborted to break a deadlock or a serialization conflict (SQLSTATE 40P01,
/// 40001) with another replica's: nothing of it stands, and the same work run again succeeds. The
/// writer runs it again itself before it gives up with 503.
class store_conflict : public store_unavailable {
public:
  using store_unavailable::store_unavailable;
};

} // namespace hatewatch::daemon::store
