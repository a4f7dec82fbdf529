#include "daemon/store/promotion_store.hpp"

#include "daemon/store/write_context.hpp"


namespace hatewatch::daemon::store {
namespace {

constexpr const char* insert_sql =
    "INSERT INTO promotions (kind, from_version, to_version, actor, evaluation, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)";

void bind(sql::statement& q, const promotion_record& p) {
  q.bind(1, p.kind);
  q.bind(2, p.from_version);
  q.bind(3, p.to_version);
  q.bind(4, p.actor);
  if (p.evaluation_json)
    q.bind(5, *p.evaluation_json);
  if (p.note)
    q.bind(6, *p.note);
  q.bind(7, p.at);
}

} // namespace

std::int64_t record_promotion(write_context& ctx, const promotion_record& p) {
  auto& q = ctx.insert_statement(insert_sql);
  bind(q, p);
  return q.executeInsert().value();
}

std::int64_t record_promotion(sql::connection& db, const promotion_record& p) {
  auto q = db.prepare_insert(insert_sql);
  bind(q, p);
  return q.executeInsert().value();
}

std::vector<promotion_record> list_promotions(sql::connection& db, std::int64_t limit) {
  auto q = db.prepare("SELECT id, kind, from_version, to_version, actor, evaluation, note, at FROM promotions"
                          " ORDER BY id DESC LIMIT ?");
  q.bind(1, limit);
  std::vector<promotion_record> out;
  while (q.executeStep()) {
    promotion_record p;
    p.id = q.getColumn(0).getInt64();
    p.kind = q.getColumn(1).getString();
    p.from_version = q.getColumn(2).getString();
    p.to_version = q.getColumn(3).getString();
    p.actor = q.getColumn(4).getString();
    if (!q.getColumn(5).isNull())
      p.evaluation_json = q.getColumn(5).getString();
    if (!q.getColumn(6).isNull())
      p.note = q.getColumn(6).getString();
    p.at = q.getColumn(7).getInt64();
    out.push_back(std::move(p));
  }
  return out;
}

} // namespace hatewatch::daemon::store
