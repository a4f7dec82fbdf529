// Slack incoming webhook: {"text": fallback, "blocks": [...]}; 200 "ok" on success.
#include "daemon/alerts/channels.hpp"
#include "daemon/alerts/message.hpp"
#include "daemon/outbound/http_call.hpp"
#include "daemon/base/json_text.hpp"

namespace hatewatch::daemon {
namespace {

// Slack's mrkdwn reads <...> as a link or mention (<!channel> pings everyone) and & as the start of
// an escape, so user content has & < > escaped, as Slack requires; nothing else is escaped.
std::string slack_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    default: out += c;
    }
  }
  return out;
}

// At most `max_bytes` of escaped text, never cutting an escape (or a character) in two.
std::string cut_escaped(const std::string& escaped, std::size_t max_bytes) {
  if (escaped.size() <= max_bytes)
    return escaped;
  std::size_t cut = max_bytes;
  // Every '&' starts an escape of at most 5 bytes ("&amp;"): back up to it if the cut is inside.
  const auto amp = escaped.rfind('&', cut - 1);
  if (amp != std::string::npos && cut - amp < 5 && escaped.find(';', amp) >= cut)
    cut = amp;
  return excerpt_of(escaped, cut);
}

// Every line of the excerpt quoted (a line without "> " would read as the alert's own words).
std::string quoted(const std::string& text) {
  std::string out = "> ";
  for (char c : text) {
    out += c;
    if (c == '\n')
      out += "> ";
  }
  return out;
}

void section(std::string& out, const std::string& mrkdwn) {
  out += R"({"type":"section","text":{"type":"mrkdwn","text":)";
  append_json_string(out, cut_escaped(mrkdwn, 2900)); // Slack's limit is 3000 characters a section
  out += "}}";
}

} // namespace

delivery_result deliver_slack(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx) {
  const auto m = items.size() == 1 ? single_message(items.front(), ctx.excerpt_bytes, ctx.console_url)
                                   : digest_message(items, ctx.excerpt_bytes, ctx.console_url);
  std::string body = "{\"text\":"; // the notification's text, read as mrkdwn too
  append_json_string(body, slack_escape(m.title));
  body += ",\"blocks\":[";
  body += R"({"type":"header","text":{"type":"plain_text","text":)";
  append_json_string(body, excerpt_of(m.title, 140));
  body += "}},";
  std::string lines;
  for (const auto& l : m.lines)
    lines += l + "\n";
  section(body, slack_escape(lines));
  if (!m.excerpt.empty()) {
    body += ',';
    section(body, quoted(slack_escape(m.excerpt))); // escaped first: the quote marks stay marks
  }
  body += "]}";
  return classify(perform(channel_post(ch, std::move(body), ctx)));
}

} // namespace hatewatch::daemon
