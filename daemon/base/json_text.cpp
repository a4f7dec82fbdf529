#include "daemon/base/json_text.hpp"

#include "core/utf8.hpp"
#include "daemon/base/clock.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace hatewatch::daemon {

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t begin = pos;
    const char32_t c = core::utf8::decode(s, pos);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c == core::utf8::replacement && (pos - begin != 3 || s.substr(begin, 3) != "\xEF\xBF\xBD")) {
      out += "\xEF\xBF\xBD"; // an invalid byte
    } else {
      out.append(s.substr(begin, pos - begin));
    }
  }
  out += '"';
}

void append_optional_string(std::string& out, const std::optional<std::string>& s) {
  if (s)
    append_json_string(out, *s);
  else
    out += "null";
}

void append_time(std::string& out, std::optional<std::int64_t> ms) {
  if (ms)
    append_json_string(out, store::format_rfc3339(*ms));
  else
    out += "null";
}

namespace {
bool finite_throughout(const boost::json::value& v) {
  if (v.is_double())
    return std::isfinite(v.get_double());
  if (const auto* a = v.if_array())
    return std::all_of(a->begin(), a->end(), finite_throughout);
  if (const auto* o = v.if_object())
    return std::all_of(o->begin(), o->end(), [](const auto& m) { return finite_throughout(m.value()); });
  return true;
}
} // namespace

std::optional<std::string> echo_json(const boost::json::value& v) {
  if (!finite_throughout(v))
    return std::nullopt;
  return boost::json::serialize(v);
}

} // namespace hatewatch::daemon
