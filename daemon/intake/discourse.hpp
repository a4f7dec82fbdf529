#pragma once
// Discourse's post objects, as its webhooks ("post") and its posts.json ("latest_posts") carry
// them, turned into comment records. Field names: ../shared/docs/integrations.md, section 2.

#include "daemon/intake/source_config.hpp"
#include "daemon/store/comment_store.hpp"

#include <boost/json/object.hpp>

#include <string_view>

namespace hatewatch::daemon {

/// The comment of a post: id, raw, version, author (username, trust level, staff/admin/moderator),
/// a link built from `instance` (the forum's base URL; no link when empty), created_at, private
/// message or not. Throws intake_error naming a missing or ill-typed field (malformed), or for text over
/// `max_comment_bytes` (api.max_comment_bytes). The score is not filled in.
store::comment_record discourse_post(const boost::json::object& post, const source_config& src,
                                     std::string_view instance, std::uint64_t max_comment_bytes);

} // namespace hatewatch::daemon
