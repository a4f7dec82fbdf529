// Generic webhook: signed JSON (X-Hatewatch-Signature: sha256=<hex HMAC>, when the channel has a
// secret) with X-Hatewatch-Event-Id, so a receiver can drop a redelivery.
#include "daemon/alerts/channels.hpp"
#include "daemon/alerts/message.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/outbound/http_call.hpp"
#include "daemon/models/score_json.hpp"

namespace hatewatch::daemon {
namespace {

void append_alert(std::string& out, const alert_item& a, const std::string& console_url) {
  out += "{\"event_id\":";
  append_json_string(out, a.event_id);
  out += ",\"comment_id\":" + std::to_string(a.comment_id) + ",\"source\":";
  append_json_string(out, a.source);
  out += ",\"external_id\":";
  append_json_string(out, a.external_id);
  out += ",\"version\":" + std::to_string(a.version) + ",\"author\":";
  append_json_string(out, a.author);
  out += ",\"url\":";
  append_json_string(out, a.url);
  out += ",\"text\":";
  append_json_string(out, a.text);
  out += ",\"scores\":";
  if (a.unsupported) {
    out += "null,\"explanation\":null"; // not scored: see language
  } else {
    out += '{';
    append_scores(out, a.p);
    out += "},\"explanation\":";
    out += a.explanation_json.empty() ? "[]" : a.explanation_json;
  }
  out += ",\"language\":";
  if (a.language.empty())
    out += "null";
  else
    append_json_string(out, a.language);
  out += ",\"unsupported_language\":";
  out += a.unsupported ? "true" : "false";
  out += ",\"model\":";
  append_json_string(out, a.model_version);
  out += ",\"console_url\":";
  if (console_url.empty())
    out += "null";
  else
    append_json_string(out, console_link(console_url, a));
  out += '}';
}

} // namespace

delivery_result deliver_webhook(const channel_config& ch, const std::vector<alert_item>& items,
                                const channel_context& ctx) {
  // A digest's id is its first alert's, marked: a retried digest carries the same id.
  const auto event_id = items.size() == 1 ? items.front().event_id : items.front().event_id + "-digest";
  std::string body = "{\"type\":";
  body += items.size() == 1 ? "\"comment.flagged\"" : "\"comments.flagged.digest\"";
  body += ",\"event_id\":";
  append_json_string(body, event_id);
  body += ",\"alerts\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i)
      body += ',';
    append_alert(body, items[i], ctx.console_url);
  }
  body += "]}";
  std::string signature = ch.secret.empty() ? std::string() : "sha256=" + hmac_sha256_hex(ch.secret, body);
  auto call = channel_post(ch, std::move(body), ctx);
  call.headers.emplace_back("X-Hatewatch-Event-Id", event_id);
  if (!signature.empty())
    call.headers.emplace_back("X-Hatewatch-Signature", std::move(signature));
  return classify(perform(call));
}

} // namespace hatewatch::daemon
