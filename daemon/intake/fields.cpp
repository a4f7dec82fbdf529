#include "daemon/intake/fields.hpp"

#include "daemon/base/clock.hpp"

namespace hatewatch::daemon::fields {
namespace {

[[noreturn]] void bad(const std::string& where, std::string_view key, const std::string& what) {
  throw intake_error(intake_error::kind::malformed, where + "\"" + std::string(key) + "\" " + what);
}

const boost::json::value* member(const boost::json::object& obj, std::string_view key) {
  const auto* v = obj.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

} // namespace

std::string id(const boost::json::object& obj, std::string_view key, const std::string& where) {
  const auto* v = member(obj, key);
  if (!v)
    bad(where, key, "is missing");
  if (v->is_string() && !v->as_string().empty() && v->as_string().size() <= 256)
    return std::string(v->as_string());
  if (v->is_int64())
    return std::to_string(v->as_int64());
  if (v->is_uint64())
    return std::to_string(v->as_uint64());
  bad(where, key, "must be a whole number or a string of 1-256 characters");
}

std::string_view text(const boost::json::object& obj, std::string_view key, const std::string& where) {
  const auto* v = member(obj, key);
  if (!v)
    bad(where, key, "is missing");
  if (!v->is_string())
    bad(where, key, "must be a string");
  return v->as_string();
}

std::optional<std::string> optional_text(const boost::json::object& obj, std::string_view key, const std::string& where) {
  const auto* v = member(obj, key);
  if (!v)
    return std::nullopt;
  if (!v->is_string())
    bad(where, key, "must be a string");
  return std::string(v->as_string());
}

std::optional<std::int64_t> optional_whole(const boost::json::object& obj, std::string_view key,
                                           const std::string& where) {
  const auto* v = member(obj, key);
  if (!v)
    return std::nullopt;
  if (v->is_int64())
    return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->as_uint64());
  bad(where, key, "must be a whole number");
}

std::optional<bool> optional_flag(const boost::json::object& obj, std::string_view key, const std::string& where) {
  const auto* v = member(obj, key);
  if (!v)
    return std::nullopt;
  if (!v->is_bool())
    bad(where, key, "must be true or false");
  return v->as_bool();
}

std::optional<std::int64_t> optional_time(const boost::json::object& obj, std::string_view key,
                                          const std::string& where) {
  const auto text = optional_text(obj, key, where);
  if (!text)
    return std::nullopt;
  const auto ms = store::parse_rfc3339(*text);
  if (!ms)
    bad(where, key, "must be an RFC 3339 time such as 2026-11-27T10:22:06Z");
  return ms;
}

std::optional<std::string> text_size_problem(std::string_view what, std::size_t size, std::uint64_t max_bytes,
                                             std::string_view setting) {
  if (size <= max_bytes)
    return std::nullopt;
  return std::string(what) + " is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_bytes) +
         " (" + std::string(setting) + ")";
}

void check_text_size(std::string_view text, std::uint64_t max_bytes, std::string_view what, std::string_view setting) {
  if (auto problem = text_size_problem(what, text.size(), max_bytes, setting))
    throw intake_error(intake_error::kind::too_large, std::move(*problem));
}

void check_batch_size(std::size_t comments, std::uint64_t max_batch) {
  if (comments > max_batch)
    throw intake_error(intake_error::kind::too_large, std::to_string(comments) + " comments; the limit is " +
                                                          std::to_string(max_batch) + " (api.max_batch)");
}

} // namespace hatewatch::daemon::fields
