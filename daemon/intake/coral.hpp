#pragma once
// Coral's external moderation phase: the comment of its request turned into a comment record, and
// the answer to a flagged one. Field names: ../shared/docs/integrations.md, "Coral external
// moderation phase".

#include "daemon/intake/source_config.hpp"
#include "daemon/store/comment_store.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace hatewatch::daemon {

/// The comment of a request: `comment` (its "comment" member: comment.body as text) and the rest of
/// the request `body` (author.id and author.role, where ADMIN, MODERATOR and STAFF are staff;
/// story.url), parsed from `raw_body`. Coral sends no comment id (the comment does not exist yet), so
/// the digest of the raw body stands for it: an identical delivery is recognised. Throws
/// intake_error when comment.body is missing or not a string (malformed), or for text over
/// `max_comment_bytes` (too large). The score is not filled in.
store::comment_record coral_comment(const boost::json::object& comment, const boost::json::object& body,
                                    std::string_view raw_body, const source_config& src,
                                    std::uint64_t max_comment_bytes);

/// The answer to a flagged comment: a FLAG action, with the source's coral_status when it has one.
std::string coral_flag_answer(const source_config& src);

} // namespace hatewatch::daemon
