#include "daemon/store/review_store.hpp"

#include "daemon/store/write_context.hpp"

namespace hatewatch::daemon::store {

std::optional<stored_review> record_review(write_context& ctx, const review_record& r) {
  auto& exists = ctx.statement("SELECT 1 FROM comments WHERE id = ?");
  exists.bind(1, r.comment_id);
  if (!exists.executeStep())
    return std::nullopt;
  stored_review out;
  auto& current = ctx.statement("SELECT label FROM review_state WHERE comment_id = ?");
  current.bind(1, r.comment_id);
  if (current.executeStep() && !current.getColumn(0).isNull())
    out.previous = current.getColumn(0).getInt();

  auto& insert = ctx.insert_statement(
      "INSERT INTO reviews (comment_id, label, note, moderator, decided_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, r.comment_id);
  if (r.label)
    insert.bind(2, *r.label);
  else
    insert.bind(2);
  if (r.note.empty())
    insert.bind(3);
  else
    insert.bind(3, r.note);
  insert.bind(4, r.moderator);
  insert.bind(5, r.decided_at);
  out.id = insert.executeInsert().value();

  auto& state = ctx.statement("INSERT INTO review_state (comment_id, review_id, label) VALUES (?, ?, ?)"
                              " ON CONFLICT (comment_id) DO UPDATE SET review_id = excluded.review_id,"
                              " label = excluded.label");
  state.bind(1, r.comment_id);
  state.bind(2, out.id);
  if (r.label)
    state.bind(3, *r.label);
  else
    state.bind(3);
  state.exec();
  return out;
}

} // namespace hatewatch::daemon::store
