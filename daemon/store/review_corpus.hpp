#pragma once
// Moderators' decisions read back as training data: each reviewed comment's current label (a
// withdrawn decision counts as none) with its stored text. The CLI (train, evaluate, promote) and
// the models API turn them into examples.

#include "daemon/store/sql/connection.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

struct review_selection {
  /// Only comments of this source (empty: every source).
  std::string source;
  /// Only decisions made before / at or after this time (ms since the epoch), for a time split.
  std::optional<std::int64_t> decided_before;
  std::optional<std::int64_t> decided_from;
};

struct reviewed_comment {
  std::int64_t comment_id = 0;
  std::string text;
  int label = 0; // 0 hate speech, 1 offensive language, 2 neither
  std::int64_t decided_at = 0;
};

/// The reviewed comments, oldest decision first; comments whose text was purged are left out.
std::vector<reviewed_comment> read_reviewed_comments(sql::connection& db, const review_selection& selection);

/// The same from a SQLite file, opened read-only (a running daemon may keep writing). Throws
/// std::runtime_error naming the file when it cannot be read or is not a hatewatch database with
/// reviews (schema 7 or later).
std::vector<reviewed_comment> read_reviewed_comments(const std::filesystem::path& database,
                                                     const review_selection& selection);

} // namespace hatewatch::daemon::store
