#include "daemon/store/write_context.hpp"

#include "daemon/base/clock.hpp"


namespace hatewatch::daemon::store {

write_context::write_context(sql::connection& db) : db_(db) {}

write_context::~write_context() = default;

sql::statement& write_context::statement(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot)
    slot = std::make_unique<sql::statement>(db_.prepare_kept(sql));
  slot->reset();
  slot->clearBindings();
  return *slot;
}

sql::statement& write_context::insert_statement(const char* sql) {
  auto& slot = inserts_[sql];
  if (!slot)
    slot = std::make_unique<sql::statement>(db_.prepare_insert_kept(sql));
  slot->reset();
  slot->clearBindings();
  return *slot;
}

void write_context::reset_statements() noexcept {
  for (auto& [sql, statement] : statements_)
    statement->tryReset();
  for (auto& [sql, statement] : inserts_)
    statement->tryReset();
}

std::int64_t write_context::source_id(const std::string& name, std::string_view kind) {
  if (auto it = sources_.find(name); it != sources_.end())
    return it->second;
  auto& insert = statement("INSERT INTO sources (name, kind, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING");
  insert.bind(1, name);
  insert.bind(2, std::string(kind));
  insert.bind(3, now_ms());
  insert.exec();
  auto& select = statement("SELECT id FROM sources WHERE name = ?");
  select.bind(1, name);
  select.executeStep();
  const auto id = select.getColumn(0).getInt64();
  sources_.emplace(name, id);
  return id;
}

} // namespace hatewatch::daemon::store
