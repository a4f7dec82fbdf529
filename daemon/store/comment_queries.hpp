#pragma once
// The read side of comments: listing with filters and a cursor, and one comment with its scores.
// The daemon runs them on the store reader's threads (reader.hpp), never on an I/O thread.


#include "daemon/store/sql/connection.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

struct score_view {
  std::string model_version;
  std::array<double, 3> p{}; // meaningless when unsupported
  bool unsupported = false;
  std::optional<std::string> language; // none for scores from before languages were told
  double language_confidence = 0;
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
  /// The moderators' current decision, if any (a withdrawn one counts as none).
  std::optional<int> review_label;
  std::optional<std::string> reviewed_by;
  std::optional<std::int64_t> reviewed_at;
};

struct comment_filter {
  std::optional<std::string> source;
  /// Whether the comment's latest score is flagged.
  std::optional<bool> flagged;
  /// Whether its latest score is "not scored": a language the model does not read.
  std::optional<bool> unsupported;
  /// The language its latest score found ("de", "und").
  std::optional<std::string> language;
  /// Whether moderators have decided on it (a current, not withdrawn, decision).
  std::optional<bool> reviewed;
  /// Its current decision's label (0 hate speech, 1 offensive language, 2 neither).
  std::optional<int> review_label;
  /// Received at or after (ms).
  std::optional<std::int64_t> since;
  /// Received before (ms).
  std::optional<std::int64_t> until;
  /// Its latest hate-speech probability is at least this.
  std::optional<double> min_hate;
  /// Its text contains this (case-insensitive for ASCII letters; % and _ are plain characters).
  std::optional<std::string> text;
  /// Only ids below this one (the cursor of the previous page).
  std::optional<std::int64_t> before_id;
  std::uint32_t limit = 50;
};

/// Newest first, with each comment's latest score.
std::vector<comment_view> list_comments(sql::connection& db, const comment_filter& filter);

/// One comment with all its scores, if it exists.
std::optional<comment_view> find_comment(sql::connection& db, std::int64_t id);

} // namespace hatewatch::daemon::store
