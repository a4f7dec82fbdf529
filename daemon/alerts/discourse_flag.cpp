// Flagging a post on Discourse: POST {base}/post_actions.json with Api-Key and Api-Username.
#include "daemon/alerts/channels.hpp"
#include "daemon/outbound/http_call.hpp"
#include "daemon/base/json_text.hpp"

#include <cstdio>

namespace hatewatch::daemon {

delivery_result flag_post(const flag_config& flag, const alert_item& item, const channel_context& ctx) {
  if (item.external_id.empty() || item.external_id.find_first_not_of("0123456789") != std::string::npos) {
    // Built step by step: g++ 12 -O3 gives a false -Wrestrict on "'" + std::string.
    std::string why = item.external_id.substr(0, 40);
    why.insert(0, 1, '\'');
    why += "' is not a Discourse post id";
    return {delivery_result::outcome::dead, 0, why, std::nullopt};
  }
  char score[32];
  std::snprintf(score, sizeof score, "%.0f%%", item.p[0] * 100);
  std::string body = "{\"id\":" + item.external_id + ",\"post_action_type_id\":" +
                     std::to_string(flag.post_action_type_id) + ",\"flag_topic\":false";
  if (flag.post_action_type_id == 6 || flag.post_action_type_id == 7) {
    body += ",\"message\":";
    append_json_string(body, item.unsupported ? "hatewatch: not scored, written in a language model " +
                                                    item.model_version + " does not read (" +
                                                    (item.language.empty() ? std::string("und") : item.language) +
                                                    "); please read it"
                                              : std::string("hatewatch: hate speech ") + score + " (model " +
                                                    item.model_version + ")");
  }
  body += '}';
  http_call call;
  call.method = "POST";
  call.url = flag.base_url + "/post_actions.json";
  call.headers = {{"Content-Type", "application/json"}, {"Api-Key", flag.api_key}, {"Api-Username", flag.api_username}};
  call.body = std::move(body);
  call.timeout = std::chrono::seconds(10);
  call.cancel = ctx.cancel;
  return classify(perform(call));
}

} // namespace hatewatch::daemon
