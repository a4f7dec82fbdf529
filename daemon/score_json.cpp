#include "daemon/score_json.hpp"

#include "core/utf8.hpp"
#include "daemon/store/clock.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
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

void append_scores(std::string& out, const core::probabilities& p) {
  for (std::size_t k = 0; k < core::class_count; ++k) {
    if (k)
      out += ',';
    append_json_string(out, core::class_names[k]);
    out += ':';
    append_json_number(out, p[k]);
  }
}

void append_explanation(std::string& out, const std::vector<core::contribution>& explanation) {
  out += "\"explanation\":[";
  bool first = true;
  for (const auto& c : explanation) {
    if (!first)
      out += ',';
    first = false;
    out += "{\"ngram\":";
    append_json_string(out, c.ngram);
    out += ",\"begin\":" + std::to_string(c.begin) + ",\"end\":" + std::to_string(c.end) + ",\"weight\":";
    append_json_number(out, c.weight);
    out += '}';
  }
  out += ']';
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

void append_language(std::string& out, const core::language_guess& g, bool supported) {
  out += "\"language\":{\"code\":";
  append_json_string(out, g.code);
  out += ",\"confidence\":";
  append_json_number(out, g.confidence);
  out += supported ? ",\"supported\":true}" : ",\"supported\":false},\"unsupported_language\":true";
}

void append_no_scores(std::string& out) {
  out += "\"hate speech\":null,\"offensive language\":null,\"neither\":null";
}

namespace {

void append_names(std::string& out, const std::vector<std::string_view>& names) {
  out += "\"distinguishes\":[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += i ? "," : "";
    append_json_string(out, names[i]);
  }
  out += ']';
}

} // namespace

void append_distinguishes(std::string& out, const core::model& m) {
  append_names(out, m.distinguishes());
}

void append_neither_scores(std::string& out, const core::probabilities& p) {
  out += "\"hate speech\":null,\"offensive language\":null,\"neither\":";
  append_json_number(out, p[2]);
  out += ",\"not neither\":";
  append_json_number(out, 1.0 - p[2]);
  out += ',';
  append_names(out, {core::two_class_names.begin(), core::two_class_names.end()});
}

void append_model_scores(std::string& out, const core::probabilities& p, const core::model& m) {
  if (m.tells_hate())
    return append_scores(out, p);
  append_neither_scores(out, p);
}

} // namespace hatewatch::daemon
