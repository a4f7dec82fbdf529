#pragma once
// Moderators' decisions as training data: each reviewed comment's current label (a withdrawn
// decision counts as none) with its stored text, read from a hatewatch database.

#include "core/dataset.hpp"
#include "daemon/store/review_corpus.hpp"
#include "daemon/store/sql/connection.hpp"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace hatewatch::daemon {

using store::review_selection;

struct reviewed_example {
  core::example example; // corpus 0, each comment a group of its own
  std::int64_t comment_id = 0;
  std::int64_t decided_at = 0;
};

/// The reviewed comments in `database`, oldest decision first; comments whose text was purged are
/// left out. Opens the file read-only (a running daemon may keep writing). Throws
/// std::runtime_error naming the file when it cannot be read or is not a hatewatch database with
/// reviews (schema 7 or later).
std::vector<reviewed_example> read_reviews(const std::filesystem::path& database, const review_selection& selection);
/// The same on an open database (a store reader's).
std::vector<reviewed_example> read_reviews(store::sql::connection& db, const review_selection& selection);

} // namespace hatewatch::daemon
