// Matrix: the client-server API's send (PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/
// {txnId}, Authorization: Bearer <access token>) of an m.text message, plain and HTML; 200
// {"event_id": ...} on success, 429 {"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": N}. The
// transaction id is derived from the alerts sent, so a retried delivery the homeserver already took
// is answered with the same event instead of posted twice.
#include "daemon/alerts/channels.hpp"
#include "daemon/alerts/message.hpp"
#include "daemon/base/json_text.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/outbound/http_call.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace hatewatch::daemon {
namespace {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\n':
      out += "<br>";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// One alert: its own event id; a digest: a digest of exactly the alerts it holds (a retry that
// regroups them is a new message, not a repeat the homeserver would swallow).
std::string transaction_id(const std::vector<alert_item>& items) {
  if (items.size() == 1)
    return "hatewatch-" + items.front().event_id;
  std::string ids;
  for (const auto& a : items)
    ids += a.event_id + "\n";
  return "hatewatch-digest-" + sha256_hex(ids).substr(0, 32);
}

} // namespace

const char* matrix_missing(const channel_config& ch) {
  return ch.url.empty() || ch.room.empty() || ch.access_token.empty()
             ? "a matrix channel needs url, room and access_token"
             : nullptr;
}

delivery_result deliver_matrix(const channel_config& ch, const std::vector<alert_item>& items,
                               const channel_context& ctx) {
  const auto m = items.size() == 1 ? single_message(items.front(), ctx.excerpt_bytes, ctx.console_url)
                                   : digest_message(items, ctx.excerpt_bytes, ctx.console_url);
  std::string html = "<strong>" + html_escape(m.title) + "</strong>";
  for (const auto& l : m.lines)
    html += "<br>" + html_escape(l);
  if (!m.excerpt.empty())
    html += "<blockquote>" + html_escape(m.excerpt) + "</blockquote>";
  std::string body = R"({"msgtype":"m.text","body":)";
  append_json_string(body, plain_text(m));
  body += R"(,"format":"org.matrix.custom.html","formatted_body":)";
  append_json_string(body, html);
  // No mentions: an "@room" or a user ID quoted from a comment must not ping anyone.
  body += R"(,"m.mentions":{}})";

  std::string url = ch.url;
  while (url.ends_with('/'))
    url.pop_back();
  // The room ID's '!' and ':' and anything else but RFC 3986's unreserved characters, percent-encoded.
  const auto segment = [](std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); };
  url += "/_matrix/client/v3/rooms/" + segment(ch.room) + "/send/m.room.message/" + segment(transaction_id(items));
  auto call = channel_call(ch, "PUT", std::move(url), std::move(body), ctx);
  call.headers.emplace_back("Authorization", "Bearer " + ch.access_token);
  const auto answer = perform(call);
  auto r = classify(answer);
  if (answer.status == 429 && !r.retry_after)
    if (const auto ms = answer_member(answer, "retry_after_ms"); ms && ms->is_int64() && ms->as_int64() > 0)
      r.retry_after = std::chrono::milliseconds(ms->as_int64());
  return r;
}

} // namespace hatewatch::daemon
