// What all channels share: the choice by kind and the HTTP call of the HTTP ones.
#include "daemon/alerts/channels.hpp"

#include <optional>
#include <utility>

namespace hatewatch::daemon {

delivery_result deliver(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx) {
  switch (ch.kind) {
  case channel_kind::slack:
    return deliver_slack(ch, items, ctx);
  case channel_kind::discord:
    return deliver_discord(ch, items, ctx);
  case channel_kind::webhook:
    return deliver_webhook(ch, items, ctx);
  case channel_kind::email:
    return deliver_email(ch, items, ctx);
  }
  return {delivery_result::outcome::dead, 0, "unknown channel kind", std::nullopt};
}

http_call channel_post(const channel_config& ch, std::string json, const channel_context& ctx) {
  http_call call;
  call.method = "POST";
  call.url = ch.url;
  call.headers = {{"Content-Type", "application/json"}};
  call.body = std::move(json);
  call.timeout = ch.timeout;
  call.cancel = ctx.cancel;
  call.ca_file = ch.ca_file;
  return call;
}

} // namespace hatewatch::daemon
