#pragma once
// Reading typed members of webhook JSON; what is missing or ill-typed throws intake_error naming
// the field.

#include "daemon/base/intake_error.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hatewatch::daemon::fields {

/// An id given as a string or a whole number, as text.
std::string id(const boost::json::object& obj, std::string_view key, const std::string& where);
/// A required string (may be empty).
std::string_view text(const boost::json::object& obj, std::string_view key, const std::string& where);
/// An optional string; null counts as absent.
std::optional<std::string> optional_text(const boost::json::object& obj, std::string_view key, const std::string& where);
/// An optional whole number; null counts as absent.
std::optional<std::int64_t> optional_whole(const boost::json::object& obj, std::string_view key, const std::string& where);
/// An optional boolean; null counts as absent.
std::optional<bool> optional_flag(const boost::json::object& obj, std::string_view key, const std::string& where);
/// An optional RFC 3339 time, in ms since the epoch.
std::optional<std::int64_t> optional_time(const boost::json::object& obj, std::string_view key, const std::string& where);
/// The one wording of a text over a limit, which every API gives in its own envelope:
/// "<what> is N bytes; the limit is L (<setting>)"; nothing when the text fits.
std::optional<std::string> text_size_problem(std::string_view what, std::size_t size, std::uint64_t max_bytes,
                                             std::string_view setting = "api.max_text_bytes");
/// intake_error (too large) with that wording when `text` is over the limit.
void check_text_size(std::string_view text, std::uint64_t max_bytes, std::string_view what,
                     std::string_view setting = "api.max_text_bytes");
/// intake_error (too large) when a batch holds more than `max_batch` comments (api.max_batch):
/// "N comments; the limit is M (api.max_batch)", the one wording of every batch API.
void check_batch_size(std::size_t comments, std::uint64_t max_batch);
/// The same for a forum's comment, against api.max_comment_bytes.
inline void check_comment_size(std::string_view text, std::uint64_t max_comment_bytes, std::string_view what) {
  check_text_size(text, max_comment_bytes, what, "api.max_comment_bytes");
}

} // namespace hatewatch::daemon::fields
