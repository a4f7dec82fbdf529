#pragma once
// Delivering alerts: one function per kind of channel, each building that sink's payload
// (../shared/docs/integrations.md, section 4) and reading its answer. One item is a single alert;
// several are a digest. Blocking (libcurl): called from the dispatcher's thread only.

#include "daemon/alerts/alert.hpp"
#include "daemon/alerts/alerts_config.hpp"
#include "daemon/outbound/http_call.hpp"

#include <boost/json/value.hpp>

#include <atomic>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

struct channel_context {
  std::size_t excerpt_bytes = 500;
  const std::atomic<bool>* cancel = nullptr;
  /// console.public_url ("https://mod.example.org/console/"): messages link to the comment there.
  std::string console_url;
};

delivery_result deliver_slack(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);
delivery_result deliver_discord(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);
delivery_result deliver_webhook(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);
delivery_result deliver_email(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);
delivery_result deliver_matrix(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);
/// Why a matrix channel cannot deliver (url, room or access_token missing); nullptr when it can.
const char* matrix_missing(const channel_config& ch);

/// A kind of channel: its name in the config, what a channel of it cannot do without, and its delivery.
struct channel_kind_entry {
  std::string_view name;
  channel_kind kind;
  /// Why a channel of this kind, as configured, cannot deliver ("url is required"); nullptr when it can.
  const char* (*missing)(const channel_config& ch);
  delivery_result (*deliver)(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);
};

/// Every kind of channel, in the order messages list them (channels.cpp).
std::span<const channel_kind_entry> channel_kinds();
/// The entry of `kind`.
const channel_kind_entry& kind_of(channel_kind kind);

/// By the channel's kind.
delivery_result deliver(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx);

/// The call every HTTP channel makes: `json` sent with `method` to `url` with the channel's timeout
/// and CA file, abandoned when the dispatcher stops. Callers may add headers.
http_call channel_call(const channel_config& ch, std::string method, std::string url, std::string json,
                       const channel_context& ctx);
/// channel_call() POSTing to the channel's URL (Slack, Discord, webhook).
http_call channel_post(const channel_config& ch, std::string json, const channel_context& ctx);

/// The member `key` of an answer's JSON object body (a receiver's own retry hint on 429), if any.
std::optional<boost::json::value> answer_member(const http_answer& answer, std::string_view key);

/// Flags the Discourse post the alert is about (POST /post_actions.json).
delivery_result flag_post(const flag_config& flag, const alert_item& item, const channel_context& ctx);

} // namespace hatewatch::daemon
