#pragma once
// The write side of comments: storing a scored comment once, remembering deliveries and polling
// cursors, and purging by age. Every function runs inside the writer's transaction.

#include "daemon/store/storage_config.hpp"
#include "daemon/store/write_context.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

/// One version of a comment with the score it got, ready to store.
struct comment_record {
  std::string source;
  std::string source_kind; // "discourse", "generic"
  std::string external_id;
  std::int64_t version = 1;
  std::string author;
  std::optional<std::int64_t> author_trust_level;
  bool author_staff = false;
  std::string url;
  bool is_private = false;
  std::string text;
  std::optional<std::int64_t> created_at; // ms since the epoch
  std::int64_t received_at = 0;
  // The score.
  std::string model_version;
  std::array<double, 3> p{};
  bool flagged = false;
  std::string explanation_json; // a JSON array, or empty
  /// The language found (an ISO 639-1 code, or "und"), how sure, and whether the model could not
  /// read it: then `p` is not stored (NULL) and the comment is not flagged.
  std::string language;
  double language_confidence = 0;
  bool unsupported = false;
  /// Outbox entries to write with it: channel names, and "@flag" for a Discourse flag action.
  std::vector<std::string> alerts;
};

struct stored_comment {
  std::int64_t id = 0;
  /// True when this (source, external id, version) was stored before: nothing was written.
  bool duplicate = false;
  /// For a duplicate: the score stored with it (its latest), which is what an answer reports, and
  /// whether the text sent now differs from the stored one (false when the stored text is purged).
  std::array<double, 3> stored_p{};
  bool stored_flagged = false;
  bool stored_unsupported = false; // then stored_p means nothing
  std::string stored_language;
  bool text_differs = false;
};

/// The order in which writers lock comments (source, external id, version; the version in 20
/// digits so that text order is number order): jobs and the comments of a batch stored in this
/// order take their rows' locks in one order on every replica, and cannot deadlock on each other.
std::string lock_key(const comment_record& c);

/// Stores the comment, its score and its outbox rows unless that version of it is stored already.
stored_comment store_comment(write_context& ctx, const comment_record& c);
/// store_comment() as one statement for the PostgreSQL writer's pipeline: `out` gets what
/// store_comment() returns, for a new comment and for a version stored already (a redelivery costs
/// the same one statement); only a version another replica committed while the statement ran makes
/// the writer run store_comment() itself.
piped_write piped_store_comment(std::shared_ptr<const comment_record> c,
                                std::function<void(const stored_comment&)> out);

/// The comment id recorded for a delivery (0 when the delivery stored no comment), if it was seen.
std::optional<std::int64_t> find_delivery(write_context& ctx, const std::string& source, std::string_view kind,
                                          const std::string& event_id);
/// A stored comment as a duplicate is answered (its latest score, and whether `text_now` differs
/// from its text), if it is still stored.
std::optional<stored_comment> find_stored(write_context& ctx, std::int64_t comment_id, const std::string& text_now);
void record_delivery(write_context& ctx, const std::string& source, std::string_view kind, const std::string& event_id,
                     std::int64_t comment_id);

/// The highest post id a poller has taken from `source`, if any.
std::optional<std::int64_t> poll_cursor(write_context& ctx, const std::string& source, std::string_view kind);
void set_poll_cursor(write_context& ctx, const std::string& source, std::string_view kind, std::int64_t last_post_id);

/// Labels suggested for a text (moderator feedback): the text once, one value per attribute.
struct feedback_record {
  std::string source;
  std::string source_kind;
  std::string text;
  std::map<std::string, double> values; // attribute -> value
  std::string community_id;
  std::string client_token;
  std::int64_t received_at = 0;
};
void store_feedback(write_context& ctx, const feedback_record& f);

/// Purges comments received before `cutoff` (ms): their text, author, url and explanations, or
/// the rows themselves; also forgets deliveries older than that. Returns the comments purged.
std::int64_t purge_older_than(write_context& ctx, std::int64_t cutoff, retention_mode mode);

} // namespace hatewatch::daemon::store
