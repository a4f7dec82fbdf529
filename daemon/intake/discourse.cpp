#include "daemon/intake/discourse.hpp"

#include "daemon/intake/fields.hpp"
#include "daemon/base/clock.hpp"

namespace hatewatch::daemon {

store::comment_record discourse_post(const boost::json::object& post, const source_config& src,
                                     std::string_view instance, std::uint64_t max_comment_bytes) {
  const std::string where = "post: ";
  store::comment_record c;
  c.source = src.name;
  c.source_kind = "discourse";
  c.external_id = fields::id(post, "id", where);
  c.text = std::string(fields::text(post, "raw", where));
  fields::check_comment_size(c.text, max_comment_bytes, where + "the text");
  const auto version = fields::optional_whole(post, "version", where).value_or(1);
  if (version < 1)
    throw intake_error(intake_error::kind::malformed, where + "\"version\" must be 1 or more");
  c.version = version;
  c.author = fields::optional_text(post, "username", where).value_or("");
  c.author_trust_level = fields::optional_whole(post, "trust_level", where);
  c.author_staff = fields::optional_flag(post, "staff", where).value_or(false) ||
                   fields::optional_flag(post, "admin", where).value_or(false) ||
                   fields::optional_flag(post, "moderator", where).value_or(false);
  c.is_private = fields::optional_text(post, "topic_archetype", where).value_or("regular") == "private_message";
  c.created_at = fields::optional_time(post, "created_at", where);
  c.received_at = store::now_ms();
  const auto slug = fields::optional_text(post, "topic_slug", where);
  const auto topic = fields::optional_whole(post, "topic_id", where);
  const auto number = fields::optional_whole(post, "post_number", where);
  if (!instance.empty() && topic && number) {
    std::string base(instance);
    while (base.ends_with('/'))
      base.pop_back();
    c.url = base + "/t/" + (slug && !slug->empty() ? *slug : "-") + "/" + std::to_string(*topic) + "/" +
            std::to_string(*number);
  }
  return c;
}

} // namespace hatewatch::daemon
