#pragma once
// Store writer jobs as the tests submit them: a comment record, store_comment() job by job or with
// its pipelined form (as the webhook routes submit it), and a count read from a PostgreSQL database.

#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/pg/connection.hpp"
#include "daemon/store/writer.hpp"

#include <array>
#include <future>
#include <memory>
#include <string>

namespace hatewatch::test {

/// A comment of source "forum" with external id `id`, scored `p`.
inline daemon::store::comment_record test_comment(const std::string& id, std::array<double, 3> p = {0.1, 0.2, 0.7},
                                                  bool flagged = false) {
  daemon::store::comment_record c;
  c.source = "forum";
  c.source_kind = "generic";
  c.external_id = id;
  c.author = "someone";
  c.text = "text of ";
  c.text += id;
  c.received_at = daemon::store::now_ms();
  c.model_version = "test";
  c.p = p;
  c.flagged = flagged;
  return c;
}

/// Submits store_comment(c), job by job; or with `piped`, with its pipelined form too.
inline std::future<daemon::store::stored_comment> store_one(daemon::store::writer& w, daemon::store::comment_record c,
                                                            bool piped = false) {
  using namespace daemon::store;
  auto done = std::make_shared<std::promise<stored_comment>>();
  auto result = std::make_shared<stored_comment>();
  auto shared = std::make_shared<const comment_record>(std::move(c));
  auto f = done->get_future();
  writer::job job = [shared, result](write_context& ctx) { *result = store_comment(ctx, *shared); };
  writer::completion completion = [done, result](std::exception_ptr e) {
    e ? done->set_exception(e) : done->set_value(*result);
  };
  if (piped)
    w.submit(std::move(job), piped_store_comment(shared, [result](const stored_comment& s) { *result = s; }),
             std::move(completion));
  else
    w.submit(std::move(job), std::move(completion));
  return f;
}

/// The first column of the first row of `sql` on the PostgreSQL database at `url`.
inline std::int64_t pg_count(const std::string& url, const std::string& sql) {
  daemon::store::pg::connection db(url);
  return db.exec(sql).int64(0, 0);
}

} // namespace hatewatch::test
