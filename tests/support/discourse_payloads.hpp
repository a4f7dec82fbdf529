#pragma once
// Discourse webhook bodies shaped exactly like Discourse's WebHookPostSerializer output (the fields
// of ../shared/docs/integrations.md, section 2), for intake tests.

#include <cstdint>
#include <string>

namespace hatewatch::test {

struct discourse_post {
  std::int64_t id = 101;
  std::string raw = "Thanks, this was a helpful answer";
  int version = 1;
  std::string username = "alice";
  int trust_level = 1;
  bool staff = false;
  std::string archetype = "regular";
  std::int64_t topic_id = 42;
  int post_number = 3;
};

inline std::string json_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

inline std::string discourse_post_body(const discourse_post& p) {
  return R"({"post":{"id":)" + std::to_string(p.id) + R"(,"name":"","username":")" + json_escaped(p.username) +
         R"(","avatar_template":"/letter_avatar_proxy/v4/letter/a/4da419/{size}.png","created_at":"2026-11-27T09:15:02.123Z",)"
         R"("cooked":"<p>)" + json_escaped(p.raw) + R"(</p>","post_number":)" + std::to_string(p.post_number) +
         R"(,"post_type":1,"updated_at":"2026-11-27T09:15:02.123Z","reply_count":0,"reply_to_post_number":null,)"
         R"("quote_count":0,"incoming_link_count":0,"reads":1,"score":0,"topic_id":)" + std::to_string(p.topic_id) +
         R"(,"topic_slug":"welcome-to-the-forum","topic_title":"Welcome to the forum","topic_archetype":")" + p.archetype +
         R"(","category_id":4,"category_slug":"general","display_username":"","primary_group_name":null,"flair_name":null,)"
         R"("version":)" + std::to_string(p.version) + R"(,"user_title":null,"bookmarked":false,"raw":")" +
         json_escaped(p.raw) + R"(","moderator":false,"admin":)" + (p.staff ? "true" : "false") + R"(,"staff":)" +
         (p.staff ? "true" : "false") + R"(,"user_id":7,"hidden":false,"trust_level":)" + std::to_string(p.trust_level) +
         R"(,"deleted_at":null,"user_deleted":false,"edit_reason":null,"wiki":false,"reviewable_id":null,)"
         R"("reviewable_score_count":0,"reviewable_score_pending_count":0,"topic_posts_count":3,)"
         R"("topic_filtered_posts_count":3}})";
}

} // namespace hatewatch::test
