#pragma once
// The words of an alert, shared by every channel: a title, the scores, the n-grams that drove the
// hate-speech score, an excerpt (cut on a UTF-8 boundary) and the link; and a digest of many.

#include "daemon/alerts/alert.hpp"

#include <string>
#include <vector>

namespace hatewatch::daemon {

struct message_text {
  std::string title;
  /// Plain-text lines (scores, drivers, link); the excerpt is separate.
  std::vector<std::string> lines;
  std::string excerpt;
};

/// The first `max_bytes` of `text`, cut on a character boundary, with "…" when cut.
std::string excerpt_of(const std::string& text, std::size_t max_bytes);

/// The top n-grams of an explanation, as `"word" (+0.42)`, comma-separated.
std::string drivers_of(const std::string& explanation_json, std::size_t top = 5);

/// Where the console shows the comment ("<console_url>#/comment/<id>"); empty without a console URL.
std::string console_link(const std::string& console_url, const alert_item& a);

/// `console_url`: console.public_url, for a "Review:" line linking to the comment (none when empty).
message_text single_message(const alert_item& a, std::size_t excerpt_bytes, const std::string& console_url = {});

/// Many alerts of one source in one message (at most `list` listed, then "and N more"), with a link
/// to the source's queue in the console when `console_url` is set.
message_text digest_message(const std::vector<alert_item>& items, std::size_t excerpt_bytes,
                            const std::string& console_url = {}, std::size_t list = 20);

/// Title, lines and excerpt as one plain-text body.
std::string plain_text(const message_text& m);

} // namespace hatewatch::daemon
