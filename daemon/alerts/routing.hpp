#pragma once
// Which alerts a stored comment raises: the alerts area's decision, asked by every intake path
// (webhooks, the poller, Perspective) once a comment is scored.

#include "daemon/base/config.hpp"
#include "daemon/store/comment_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// The outbox entry of a Discourse flag action: not a configured channel, the dispatcher's own.
inline constexpr std::string_view flag_channel = "@flag";

/// The outbox entries a flagged comment (or an unscored one, under unsupported_language: alert) gets
/// under the source's rules (none when not flagged, too short, or by a bypassed author): its notify
/// channels, and flag_channel when it flags posts.
std::vector<std::string> alerts_for(const store::comment_record& c, const source_config& src);

} // namespace hatewatch::daemon
