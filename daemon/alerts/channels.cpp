// What all channels share: the table of kinds and the HTTP call of the HTTP ones.
#include "daemon/alerts/channels.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>
#include <utility>

namespace hatewatch::daemon {

namespace {

const char* needs_url(const channel_config& ch) {
  return ch.url.empty() ? "url is required" : nullptr;
}

const char* needs_mail(const channel_config& ch) {
  return ch.smtp_url.empty() || ch.from.empty() || ch.to.empty() ? "an email channel needs smtp_url, from and to"
                                                                  : nullptr;
}

constexpr channel_kind_entry kinds[] = {
    {"slack", channel_kind::slack, needs_url, deliver_slack},
    {"discord", channel_kind::discord, needs_url, deliver_discord},
    {"webhook", channel_kind::webhook, needs_url, deliver_webhook},
    {"email", channel_kind::email, needs_mail, deliver_email},
    {"matrix", channel_kind::matrix, matrix_missing, deliver_matrix},
};

} // namespace

std::span<const channel_kind_entry> channel_kinds() {
  return kinds;
}

const channel_kind_entry& kind_of(channel_kind kind) {
  for (const auto& entry : kinds)
    if (entry.kind == kind)
      return entry;
  throw std::logic_error("a channel kind missing from channels.cpp's table");
}

delivery_result deliver(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx) {
  return kind_of(ch.kind).deliver(ch, items, ctx);
}

http_call channel_call(const channel_config& ch, std::string method, std::string url, std::string json,
                       const channel_context& ctx) {
  http_call call;
  call.method = std::move(method);
  call.url = std::move(url);
  call.headers = {{"Content-Type", "application/json"}};
  call.body = std::move(json);
  call.timeout = ch.timeout;
  call.cancel = ctx.cancel;
  call.ca_file = ch.ca_file;
  return call;
}

http_call channel_post(const channel_config& ch, std::string json, const channel_context& ctx) {
  return channel_call(ch, "POST", ch.url, std::move(json), ctx);
}

std::optional<boost::json::value> answer_member(const http_answer& answer, std::string_view key) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(answer.body, ec);
  if (ec || !v.is_object())
    return std::nullopt;
  const auto* member = v.as_object().if_contains(key);
  return member ? std::optional<boost::json::value>(*member) : std::nullopt;
}

} // namespace hatewatch::daemon
