#include "daemon/intake/coral.hpp"

#include "daemon/base/clock.hpp"
#include "daemon/base/intake_error.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/intake/fields.hpp"
#include "daemon/intake/html_text.hpp"

namespace hatewatch::daemon {
namespace {

// A string member of an object member, or "" when either is missing or of another type.
std::string member_string(const boost::json::value* parent, std::string_view key) {
  if (!parent || !parent->is_object())
    return {};
  const auto* v = parent->as_object().if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

} // namespace

store::comment_record coral_comment(const boost::json::object& comment, const boost::json::object& body,
                                    std::string_view raw_body, const source_config& src,
                                    std::uint64_t max_comment_bytes) {
  const auto* text = comment.if_contains("body");
  if (!text || !text->is_string())
    throw intake_error(intake_error::kind::malformed, "comment: \"body\" is missing or not a string");
  store::comment_record record;
  record.source = src.name;
  record.source_kind = source_kind_name(source_kind::coral);
  record.external_id = "coral-" + sha256_hex(raw_body).substr(0, 32);
  record.text = html_to_text(text->as_string());
  fields::check_comment_size(record.text, max_comment_bytes, "comment: the text");
  const auto* author = body.if_contains("author");
  record.author = member_string(author, "id");
  const auto role = member_string(author, "role");
  record.author_staff = role == "ADMIN" || role == "MODERATOR" || role == "STAFF";
  record.url = member_string(body.if_contains("story"), "url");
  record.received_at = store::now_ms();
  return record;
}

std::string coral_flag_answer(const source_config& src) {
  std::string out = R"({"actions":[{"actionType":"FLAG","reason":"COMMENT_DETECTED_TOXIC"}])";
  if (!src.coral_status.empty())
    out += ",\"status\":\"" + src.coral_status + "\"";
  return out + "}";
}

} // namespace hatewatch::daemon
