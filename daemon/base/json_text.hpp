#pragma once
// Writing JSON by appending to a string: the one style of the daemon's answers and alert bodies
// (Boost.JSON parses what comes in). Numbers are written in their shortest round-trip form
// ("0.25", not Boost.JSON's "2.5E-1"); strings are always valid UTF-8.

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hatewatch::daemon {

void append_json_number(std::string& out, double v);
/// A JSON string literal; invalid UTF-8 in `s` is written as U+FFFD, so the output is always valid.
void append_json_string(std::string& out, std::string_view s);
/// The string, or null.
void append_optional_string(std::string& out, const std::optional<std::string>& s);
/// A time (ms since the epoch) as an RFC 3339 string, or null.
void append_time(std::string& out, std::optional<std::int64_t> ms);
/// A client's value (an id) as JSON to echo, or nullopt when it holds a number out of range: a
/// literal too large for a double parses as infinity, which JSON cannot carry.
std::optional<std::string> echo_json(const boost::json::value& v);

} // namespace hatewatch::daemon
