// Slack incoming webhook: {"text": fallback, "blocks": [...]}; 200 "ok" on success.
#include "daemon/alerts/channels.hpp"
#include "daemon/alerts/message.hpp"
#include "daemon/outbound/http_call.hpp"
#include "daemon/score_json.hpp"

namespace hatewatch::daemon {
namespace {

void section(std::string& out, const std::string& mrkdwn) {
  out += R"({"type":"section","text":{"type":"mrkdwn","text":)";
  append_json_string(out, excerpt_of(mrkdwn, 2900)); // Slack's limit is 3000 characters a section
  out += "}}";
}

} // namespace

delivery_result deliver_slack(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx) {
  const auto m = items.size() == 1 ? single_message(items.front(), ctx.excerpt_bytes)
                                   : digest_message(items, ctx.excerpt_bytes);
  std::string body = "{\"text\":";
  append_json_string(body, m.title);
  body += ",\"blocks\":[";
  body += R"({"type":"header","text":{"type":"plain_text","text":)";
  append_json_string(body, excerpt_of(m.title, 140));
  body += "}},";
  std::string lines;
  for (const auto& l : m.lines)
    lines += l + "\n";
  section(body, lines);
  if (!m.excerpt.empty()) {
    body += ',';
    section(body, "> " + m.excerpt);
  }
  body += "]}";
  http_call call;
  call.method = "POST";
  call.url = ch.url;
  call.headers = {{"Content-Type", "application/json"}};
  call.body = std::move(body);
  call.timeout = ch.timeout;
  call.cancel = ctx.cancel;
  call.ca_file = ch.ca_file;
  return classify(perform(call));
}

} // namespace hatewatch::daemon
