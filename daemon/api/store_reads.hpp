#pragma once
// Answering a request from the store without blocking an I/O thread: the query and the JSON it
// becomes run on a store reader thread (store/reader.hpp), and the answer goes back through the
// deferred handler's completion.

#include "daemon/api/service.hpp"
#include "daemon/http/router.hpp"
#include "daemon/store/reader.hpp"

#include <memory>
#include <utility>

namespace hatewatch::daemon {

/// Why a request that needs the store is refused when storage is off (every envelope says this).
inline constexpr const char* storage_off_detail = "storage is off (storage.path is empty)";

/// The writer, or http_error 503 when storage is off.
inline store::writer& require_writer(const service& svc) {
  auto* w = svc.writer();
  if (!w)
    throw http_error(http::status::service_unavailable, storage_off_detail);
  return *w;
}

/// Runs `answer(db)` (returning a string_response) on a reader thread and passes its response,
/// or what it threw, to `done`. Throws http_error 503 when storage is off, and store_unavailable
/// (503 with Retry-After) when too many reads wait. `answer` must own what it uses (the request is
/// not kept for it).
template <typename Answer>
void answer_from_store(const service& svc, completion done, Answer answer) {
  auto* reads = svc.reader();
  if (!reads)
    throw http_error(http::status::service_unavailable, storage_off_detail);
  auto res = std::make_shared<string_response>();
  reads->submit([res, answer = std::move(answer)](store::sql::connection& db) { *res = answer(db); },
                [res, done = std::move(done)](std::exception_ptr error) {
                  done(error, error ? string_response{} : std::move(*res));
                });
}

} // namespace hatewatch::daemon
