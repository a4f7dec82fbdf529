#pragma once
// Moderators' decisions as JSON, for the comments and reviews APIs.

#include "daemon/store/review_queries.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// "hate speech", "offensive language", "neither", or null for none.
void append_label(std::string& out, std::optional<int> label);

/// A class name ("hate speech", or with '_' for ' ') as a label, or nothing.
std::optional<int> label_named(std::string_view name);

/// A label in a query string (percent-encoded class name); 400 otherwise.
int label_param(std::string_view text);

/// `[{"id", "comment_id", "source", "label", "note", "moderator", "decided_at", "current", "model",
/// "model_label", "scores"}, ...]`: model_label is the class the model gave the highest
/// probability (null when it did not score the comment), to compare with the moderator's.
void append_reviews(std::string& out, const std::vector<store::review_view>& reviews);

} // namespace hatewatch::daemon
