#include "daemon/store/leases.hpp"

#include "daemon/store/write_context.hpp"

namespace hatewatch::daemon::store {

bool take_lease(write_context& ctx, const std::string& name, const std::string& holder, std::int64_t now,
                std::int64_t until) {
  // An upsert whose update only happens for the holder or an ended lease: otherwise no row comes back.
  auto& q = ctx.statement("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
                          " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                          " WHERE leases.holder = excluded.holder OR leases.expires_at < ? RETURNING holder");
  q.bind(1, name);
  q.bind(2, holder);
  q.bind(3, until);
  q.bind(4, now);
  const bool taken = q.executeStep() && q.getColumn(0).getString() == holder;
  q.reset(); // SQLite: the statement done before the transaction goes on
  return taken;
}

bool renew_lease(write_context& ctx, const std::string& name, const std::string& holder, std::int64_t now,
                 std::int64_t until) {
  auto& q = ctx.statement("UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at >= ?");
  q.bind(1, until);
  q.bind(2, name);
  q.bind(3, holder);
  q.bind(4, now);
  return q.exec() == 1;
}

void release_lease(write_context& ctx, const std::string& name, const std::string& holder) {
  auto& q = ctx.statement("DELETE FROM leases WHERE name = ? AND holder = ?");
  q.bind(1, name);
  q.bind(2, holder);
  q.exec();
}

} // namespace hatewatch::daemon::store
