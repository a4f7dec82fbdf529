#include "daemon/store/comment_store.hpp"

#include "daemon/base/clock.hpp"

#include <algorithm>
#include <optional>


namespace hatewatch::daemon::store {
namespace {

// A stored comment with its latest score, as a duplicate or a redelivery is answered. A macro so
// that each query stays one literal (statements are cached by the literal's address).
#define HATEWATCH_STORED_SELECT                                                                                        \
  "SELECT c.id, c.text, s.hate_speech, s.offensive_language, s.neither, s.flagged, s.unsupported, s.language"          \
  " FROM comments c"                                                                                                   \
  " LEFT JOIN scores s ON s.id = (SELECT MAX(id) FROM scores WHERE comment_id = c.id)"

stored_comment read_stored(sql::statement& row, const std::string& text_now) {
  stored_comment out;
  out.id = row.getColumn(0).getInt64();
  out.duplicate = true;
  out.text_differs = !row.getColumn(1).isNull() && row.getColumn(1).getString() != text_now;
  if (!row.getColumn(2).isNull()) {
    out.stored_p = {row.getColumn(2).getDouble(), row.getColumn(3).getDouble(), row.getColumn(4).getDouble()};
    out.stored_flagged = row.getColumn(5).getInt() != 0;
  }
  out.stored_unsupported = !row.getColumn(6).isNull() && row.getColumn(6).getInt() != 0;
  out.stored_language = row.getColumn(7).isNull() ? std::string() : row.getColumn(7).getString();
  return out;
}

// The comment's columns, bound from parameter `at` on: 11 of them.
void bind_comment(sql::statement& q, int at, std::int64_t source_id, const comment_record& c) {
  q.bind(at, source_id);
  q.bind(at + 1, c.external_id);
  q.bind(at + 2, c.version);
  c.author.empty() ? q.bind(at + 3) : q.bind(at + 3, c.author);
  c.author_trust_level ? q.bind(at + 4, *c.author_trust_level) : q.bind(at + 4);
  q.bind(at + 5, c.author_staff ? 1 : 0);
  c.url.empty() ? q.bind(at + 6) : q.bind(at + 6, c.url);
  q.bind(at + 7, c.is_private ? 1 : 0);
  q.bind(at + 8, c.text);
  c.created_at ? q.bind(at + 9, *c.created_at) : q.bind(at + 9);
  q.bind(at + 10, c.received_at);
}

// The score's columns but its comment id, bound from parameter `at` on: 10 of them.
void bind_score(sql::statement& q, int at, const comment_record& c) {
  q.bind(at, c.model_version);
  for (int k = 0; k < 3; ++k) {
    if (c.unsupported)
      q.bind(at + 1 + k);
    else
      q.bind(at + 1 + k, c.p[static_cast<std::size_t>(k)]);
  }
  q.bind(at + 4, c.flagged && !c.unsupported ? 1 : 0);
  c.explanation_json.empty() ? q.bind(at + 5) : q.bind(at + 5, c.explanation_json);
  q.bind(at + 6, c.received_at);
  if (c.language.empty()) {
    q.bind(at + 7);
    q.bind(at + 8);
  } else {
    q.bind(at + 7, c.language);
    q.bind(at + 8, c.language_confidence);
  }
  q.bind(at + 9, c.unsupported ? 1 : 0);
}

#define HATEWATCH_COMMENT_INSERT                                                                                       \
  "INSERT INTO comments (source_id, external_id, version, author, author_trust_level, author_staff, url,"              \
  " is_private, text, created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"                               \
  " ON CONFLICT (source_id, external_id, version) DO NOTHING"
#define HATEWATCH_SCORE_COLUMNS                                                                                        \
  "INSERT INTO scores (comment_id, model_version, hate_speech, offensive_language, neither, flagged,"                  \
  " explanation, scored_at, language, language_confidence, unsupported)"

// PostgreSQL's array literal of texts: {"a","b"}, each element quoted.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1)
      out += ',';
    out += '"';
    for (const char ch : item) {
      if (ch == '"' || ch == '\\')
        out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// On PostgreSQL one statement stores a new comment, its score and its outbox rows (a round trip,
// and one the writer can pipeline). It returns the new id (`fresh` = 1); or, when the version is
// stored already, writes nothing and returns the stored comment with its latest score as
// HATEWATCH_STORED_SELECT reads it (`fresh` = 0), so that a redelivery costs one statement too; or
// no row, when the stored one was committed by another replica after the statement's snapshot.
sql::statement& bind_pg_insert(write_context& ctx, std::int64_t source_id, const comment_record& c) {
  auto& q = ctx.statement("WITH c AS (" HATEWATCH_COMMENT_INSERT " RETURNING id),"
                          " s AS (" HATEWATCH_SCORE_COLUMNS
                          " SELECT c.id, ?::TEXT, ?::DOUBLE PRECISION, ?::DOUBLE PRECISION, ?::DOUBLE PRECISION,"
                          " ?::INTEGER, ?::TEXT, ?::BIGINT, ?::TEXT, ?::DOUBLE PRECISION, ?::INTEGER FROM c),"
                          " a AS (INSERT INTO alerts (event_id, comment_id, channel, next_attempt_at, created_at)"
                          " SELECT 'hw-' || c.id || '-' || channel, c.id, channel, ?::BIGINT, ?::BIGINT"
                          " FROM c, unnest(?::TEXT[]) AS channel)"
                          " SELECT id, NULL::TEXT, NULL::DOUBLE PRECISION, NULL::DOUBLE PRECISION,"
                          " NULL::DOUBLE PRECISION, NULL::INTEGER, NULL::INTEGER, NULL::TEXT, 1 AS fresh FROM c"
                          " UNION ALL"
                          " SELECT c.id, c.text, s.hate_speech, s.offensive_language, s.neither, s.flagged,"
                          " s.unsupported, s.language, 0 FROM comments c"
                          " LEFT JOIN scores s ON s.id = (SELECT MAX(id) FROM scores WHERE comment_id = c.id)"
                          " WHERE NOT EXISTS (SELECT 1 FROM c) AND c.source_id = ? AND c.external_id = ?"
                          " AND c.version = ?");
  bind_comment(q, 1, source_id, c);
  bind_score(q, 12, c);
  q.bind(22, c.received_at);
  q.bind(23, c.received_at);
  q.bind(24, text_array(c.alerts));
  q.bind(25, source_id);
  q.bind(26, c.external_id);
  q.bind(27, c.version);
  return q;
}

// bind_pg_insert()'s outcome, once run: the new comment, or the stored one (duplicate); nothing
// when the stored row was not visible to the statement (store_comment() then reads it).
std::optional<stored_comment> read_pg_insert(sql::statement& q, const std::string& text_now) {
  if (!q.executeStep())
    return std::nullopt;
  stored_comment out;
  if (q.getColumn(8).getInt() == 1)
    out.id = q.getColumn(0).getInt64();
  else
    out = read_stored(q, text_now);
  q.reset();
  return out;
}

// SQLite: inserts the comment, its score and its outbox rows; the new comment's id, or nothing when
// this version is stored already (then nothing was written).
std::optional<std::int64_t> insert_comment(write_context& ctx, std::int64_t source_id, const comment_record& c) {
  auto& insert = ctx.insert_statement(HATEWATCH_COMMENT_INSERT);
  bind_comment(insert, 1, source_id, c);
  const auto inserted = insert.executeInsert();
  if (!inserted)
    return std::nullopt;
  auto& score = ctx.statement(HATEWATCH_SCORE_COLUMNS " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  score.bind(1, *inserted);
  bind_score(score, 2, c);
  score.exec();
  for (const auto& channel : c.alerts) {
    auto& alert = ctx.statement("INSERT INTO alerts (event_id, comment_id, channel, next_attempt_at, created_at)"
                                " VALUES (?, ?, ?, ?, ?)");
    alert.bind(1, "hw-" + std::to_string(*inserted) + "-" + channel);
    alert.bind(2, *inserted);
    alert.bind(3, channel);
    alert.bind(4, c.received_at);
    alert.bind(5, c.received_at);
    alert.exec();
  }
  return inserted;
}

} // namespace

std::string lock_key(const comment_record& c) {
  auto version = std::to_string(c.version);
  std::string out = c.source;
  out += '\x1f';
  out += c.external_id;
  out += '\x1f';
  out.append(20 - std::min<std::size_t>(version.size(), 20), '0');
  return out + version;
}

stored_comment store_comment(write_context& ctx, const comment_record& c) {
  const auto source_id = ctx.source_id(c.source, c.source_kind);
  if (ctx.db().kind() == sql::dialect::postgresql) {
    if (auto outcome = read_pg_insert(bind_pg_insert(ctx, source_id, c), c.text))
      return *outcome;
  } else if (const auto inserted = insert_comment(ctx, source_id, c)) {
    stored_comment out;
    out.id = *inserted;
    return out;
  }
  { // the version is stored already
    auto& find =
        ctx.statement(HATEWATCH_STORED_SELECT " WHERE c.source_id = ? AND c.external_id = ? AND c.version = ?");
    find.bind(1, source_id);
    find.bind(2, c.external_id);
    find.bind(3, c.version);
    find.executeStep();
    return read_stored(find, c.text);
  }
}

piped_write piped_store_comment(std::shared_ptr<const comment_record> c,
                                std::function<void(const stored_comment&)> out) {
  return {[c](write_context& ctx) -> sql::statement& {
            return bind_pg_insert(ctx, ctx.source_id(c->source, c->source_kind), *c);
          },
          [c, out = std::move(out)](sql::statement& q) {
            const auto stored = read_pg_insert(q, c->text);
            if (!stored)
              return false; // stored by another replica while it ran: store_comment() reads it
            out(*stored);
            return true;
          }};
}

std::optional<std::int64_t> find_delivery(write_context& ctx, const std::string& source, std::string_view kind,
                                          const std::string& event_id) {
  auto& q = ctx.statement("SELECT comment_id FROM deliveries WHERE source_id = ? AND event_id = ?");
  q.bind(1, ctx.source_id(source, kind));
  q.bind(2, event_id);
  if (!q.executeStep())
    return std::nullopt;
  return q.getColumn(0).isNull() ? 0 : q.getColumn(0).getInt64();
}

std::optional<stored_comment> find_stored(write_context& ctx, std::int64_t comment_id, const std::string& text_now) {
  auto& find = ctx.statement(HATEWATCH_STORED_SELECT " WHERE c.id = ?");
  find.bind(1, comment_id);
  if (!find.executeStep())
    return std::nullopt;
  return read_stored(find, text_now);
}
#undef HATEWATCH_STORED_SELECT

void record_delivery(write_context& ctx, const std::string& source, std::string_view kind, const std::string& event_id,
                     std::int64_t comment_id) {
  auto& q = ctx.statement("INSERT INTO deliveries (source_id, event_id, comment_id, received_at) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT (source_id, event_id) DO NOTHING");
  q.bind(1, ctx.source_id(source, kind));
  q.bind(2, event_id);
  if (comment_id > 0)
    q.bind(3, comment_id);
  else
    q.bind(3);
  q.bind(4, now_ms());
  q.exec();
}

std::optional<std::int64_t> poll_cursor(write_context& ctx, const std::string& source, std::string_view kind) {
  auto& q = ctx.statement("SELECT last_post_id FROM poll_cursors WHERE source_id = ?");
  q.bind(1, ctx.source_id(source, kind));
  if (!q.executeStep())
    return std::nullopt;
  return q.getColumn(0).getInt64();
}

void set_poll_cursor(write_context& ctx, const std::string& source, std::string_view kind, std::int64_t last_post_id) {
  auto& q = ctx.statement("INSERT INTO poll_cursors (source_id, last_post_id, updated_at) VALUES (?, ?, ?)"
                          " ON CONFLICT (source_id) DO UPDATE SET last_post_id = excluded.last_post_id,"
                          " updated_at = excluded.updated_at");
  q.bind(1, ctx.source_id(source, kind));
  q.bind(2, last_post_id);
  q.bind(3, now_ms());
  q.exec();
}

void store_feedback(write_context& ctx, const feedback_record& f) {
  auto& q = ctx.insert_statement("INSERT INTO feedback_requests (source_id, text, community_id, client_token,"
                                 " received_at) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, ctx.source_id(f.source, f.source_kind));
  q.bind(2, f.text);
  if (f.community_id.empty())
    q.bind(3);
  else
    q.bind(3, f.community_id);
  if (f.client_token.empty())
    q.bind(4);
  else
    q.bind(4, f.client_token);
  q.bind(5, f.received_at);
  const auto request = q.executeInsert().value();
  for (const auto& [attribute, value] : f.values) {
    auto& v = ctx.statement("INSERT INTO feedback_scores (request_id, attribute, value) VALUES (?, ?, ?)");
    v.bind(1, request);
    v.bind(2, attribute);
    v.bind(3, value);
    v.exec();
  }
}

std::int64_t purge_older_than(write_context& ctx, std::int64_t cutoff, retention_mode mode) {
  std::int64_t n = 0;
  if (mode == retention_mode::rows) {
    // Deliveries point at comments without a foreign key; forget them first.
    auto& deliveries = ctx.statement("DELETE FROM deliveries WHERE received_at < ?");
    deliveries.bind(1, cutoff);
    deliveries.exec();
    auto& rows = ctx.statement("DELETE FROM comments WHERE received_at < ?"); // scores cascade
    rows.bind(1, cutoff);
    n = rows.exec();
  } else {
    auto& explanations =
        ctx.statement("UPDATE scores SET explanation = NULL WHERE explanation IS NOT NULL AND"
                      " comment_id IN (SELECT id FROM comments WHERE received_at < ? AND purged_at IS NULL)");
    explanations.bind(1, cutoff);
    explanations.exec();
    auto& texts = ctx.statement("UPDATE comments SET text = NULL, author = NULL, url = NULL, purged_at = ?"
                                " WHERE received_at < ? AND purged_at IS NULL");
    texts.bind(1, now_ms());
    texts.bind(2, cutoff);
    n = texts.exec();
    auto& deliveries = ctx.statement("DELETE FROM deliveries WHERE received_at < ?");
    deliveries.bind(1, cutoff);
    deliveries.exec();
  }
  // Feedback rows are texts too: they go at the same age, whatever the mode.
  // feedback_scores rows go with their request (ON DELETE CASCADE).
  auto& feedback = ctx.statement("DELETE FROM feedback_requests WHERE received_at < ?");
  feedback.bind(1, cutoff);
  feedback.exec();
  return n;
}

} // namespace hatewatch::daemon::store
