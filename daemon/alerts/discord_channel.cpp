// Discord webhook: {"content": "<= 2000 characters"}; 204 on success; 429 {"retry_after": seconds}.
#include "daemon/alerts/channels.hpp"
#include "daemon/alerts/message.hpp"
#include "daemon/outbound/http_call.hpp"
#include "daemon/base/json_text.hpp"

#include <cmath>

namespace hatewatch::daemon {

delivery_result deliver_discord(const channel_config& ch, const std::vector<alert_item>& items,
                                const channel_context& ctx) {
  const auto m = items.size() == 1 ? single_message(items.front(), ctx.excerpt_bytes, ctx.console_url)
                                   : digest_message(items, ctx.excerpt_bytes, ctx.console_url);
  std::string body = "{\"content\":";
  append_json_string(body, excerpt_of("**" + m.title + "**\n" + plain_text({"", m.lines, m.excerpt}).substr(2), 1990));
  // A quoted comment must not ping anyone, nor unfold its links into previews (flag 4:
  // SUPPRESS_EMBEDS).
  body += ",\"allowed_mentions\":{\"parse\":[]},\"flags\":4}";
  const auto answer = perform(channel_post(ch, std::move(body), ctx));
  auto r = classify(answer);
  if (answer.status == 429 && !r.retry_after)
    if (const auto s = answer_member(answer, "retry_after"); s && s->is_number())
      r.retry_after = std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(s->to_number<double>() * 1000)));
  return r;
}

} // namespace hatewatch::daemon
