#include "daemon/intake/generic.hpp"

#include "daemon/intake/fields.hpp"
#include "daemon/base/clock.hpp"

namespace hatewatch::daemon {
namespace {

store::comment_record one(const boost::json::value& v, const source_config& src, const generic_limits& limits,
                          const std::string& where, std::int64_t now) {
  if (!v.is_object())
    throw intake_error(intake_error::kind::malformed, where + "a comment must be an object");
  const auto& obj = v.as_object();
  store::comment_record c;
  c.source = src.name;
  c.source_kind = "generic";
  c.external_id = fields::id(obj, "id", where);
  c.text = std::string(fields::text(obj, "text", where));
  fields::check_comment_size(c.text, limits.max_comment_bytes, where + "the text");
  const auto version = fields::optional_whole(obj, "version", where).value_or(1);
  if (version < 1)
    throw intake_error(intake_error::kind::malformed, where + "\"version\" must be 1 or more");
  c.version = version;
  c.author = fields::optional_text(obj, "author", where).value_or("");
  c.url = fields::optional_text(obj, "url", where).value_or("");
  c.created_at = fields::optional_time(obj, "created_at", where);
  c.received_at = now;
  return c;
}

} // namespace

std::vector<store::comment_record> generic_comments(const boost::json::value& body, const source_config& src,
                                                   const generic_limits& limits) {
  const auto now = store::now_ms();
  std::vector<store::comment_record> out;
  if (body.is_object()) {
    out.push_back(one(body, src, limits, "", now));
    return out;
  }
  if (!body.is_array())
    throw intake_error(intake_error::kind::malformed, "the body must be a comment object or an array of them");
  const auto& list = body.as_array();
  if (list.empty())
    throw intake_error(intake_error::kind::malformed, "the array holds no comments");
  fields::check_batch_size(list.size(), limits.max_batch);
  for (std::size_t i = 0; i < list.size(); ++i) {
    // Built step by step: g++ 12 -O3 warns (-Wrestrict, a false positive) on "[" + to_string(i) + ...
    std::string where = "[";
    where += std::to_string(i);
    where += "]: ";
    out.push_back(one(list[i], src, limits, where, now));
  }
  return out;
}

} // namespace hatewatch::daemon
