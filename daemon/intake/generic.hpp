#pragma once
// hatewatch's own webhook format, for forums without a dedicated adapter: one comment object or an
// array of them, {"id", "text", "author"?, "url"?, "created_at"?, "version"?}.

#include "daemon/intake/source_config.hpp"
#include "daemon/store/comment_store.hpp"

#include <boost/json/value.hpp>

#include <vector>

namespace hatewatch::daemon {

/// The comments of a generic delivery. Throws intake_error naming the comment and field that is
/// wrong (malformed), or for more than `limits.max_batch` comments or a text over `limits.max_comment_bytes`
/// (too large).
struct generic_limits {
  std::uint64_t max_comment_bytes; // api.max_comment_bytes
  std::uint32_t max_batch;         // api.max_batch
};
std::vector<store::comment_record> generic_comments(const boost::json::value& body, const source_config& src,
                                                   const generic_limits& limits);

} // namespace hatewatch::daemon
