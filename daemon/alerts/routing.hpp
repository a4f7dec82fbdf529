#pragma once
// Which alerts a stored comment raises: the alerts area's decision, asked by every intake path
// (webhooks, the poller, Perspective) once a comment is scored.

#include "daemon/alerts/alerts_config.hpp"
#include "daemon/store/comment_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// The outbox entry of a Discourse flag action: not a configured channel, the dispatcher's own.
inline constexpr std::string_view flag_channel = "@flag";

/// The outbox entries a flagged comment (or an unscored one, under unsupported_language: alert) gets
/// under its source's rules (none when not flagged, too short, or by a bypassed author): its notify
/// channels, and flag_channel when the source flags posts.
std::vector<std::string> alerts_for(const store::comment_record& c, const alert_rules& rules);

} // namespace hatewatch::daemon
