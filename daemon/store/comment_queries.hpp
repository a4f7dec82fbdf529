#pragma once
// The read side of comments: listing with filters and a cursor, and one comment with its scores.
// Readers use their own connections (WAL lets them read while the writer commits).

#include "daemon/config.hpp"

#include <SQLiteCpp/Database.h>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

struct score_view {
  std::string model_version;
  std::array<double, 3> p{};
  bool flagged = false;
  std::string explanation_json; // empty when none (or purged)
  std::int64_t scored_at = 0;
};

struct comment_view {
  std::int64_t id = 0;
  std::string source;
  std::string external_id;
  std::int64_t version = 1;
  std::optional<std::string> author;
  std::optional<std::int64_t> author_trust_level;
  bool author_staff = false;
  std::optional<std::string> url;
  bool is_private = false;
  std::optional<std::string> text; // nothing once purged
  std::optional<std::int64_t> created_at;
  std::int64_t received_at = 0;
  std::optional<std::int64_t> purged_at;
  std::vector<score_view> scores; // newest last
};

struct comment_filter {
  std::optional<std::string> source;
  /// Whether the comment's latest score is flagged.
  std::optional<bool> flagged;
  /// Received at or after (ms).
  std::optional<std::int64_t> since;
  /// Only ids below this one (the cursor of the previous page).
  std::optional<std::int64_t> before_id;
  std::uint32_t limit = 50;
};

/// Newest first, with each comment's latest score.
std::vector<comment_view> list_comments(SQLite::Database& db, const comment_filter& filter);

/// One comment with all its scores, if it exists.
std::optional<comment_view> find_comment(SQLite::Database& db, std::int64_t id);

/// A few read-only connections, handed out one request at a time.
/// Thread safety: acquire() from any thread; a lease is used by one thread.
class reader_pool {
public:
  explicit reader_pool(storage_config cfg) : cfg_(std::move(cfg)) {}

  class lease {
  public:
    lease(reader_pool& pool, std::unique_ptr<SQLite::Database> db) : pool_(pool), db_(std::move(db)) {}
    ~lease() { pool_.give_back(std::move(db_)); }
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    SQLite::Database& operator*() { return *db_; }

  private:
    reader_pool& pool_;
    std::unique_ptr<SQLite::Database> db_;
  };

  /// A connection; throws store_unavailable when the database cannot be opened.
  lease acquire();

private:
  void give_back(std::unique_ptr<SQLite::Database> db);

  storage_config cfg_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<SQLite::Database>> idle_;
};

} // namespace hatewatch::daemon::store
