#include "daemon/store/pg/placeholders.hpp"

#include <algorithm>
#include <stdexcept>

namespace hatewatch::daemon::store::pg {
namespace {

bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool name_char(char c) {
  return name_start(c) || (c >= '0' && c <= '9');
}

} // namespace

numbered_sql number_placeholders(std::string_view sql) {
  numbered_sql out;
  out.sql.reserve(sql.size() + 16);
  bool positional = false;
  bool named = false;
  std::size_t i = 0;
  auto copy_until = [&](std::string_view end, const char* what) {
    const auto stop = sql.find(end, i);
    if (stop == std::string_view::npos)
      throw std::invalid_argument(std::string("SQL with an unterminated ") + what + ": " + std::string(sql.substr(0, 80)));
    out.sql.append(sql.substr(i, stop + end.size() - i));
    i = stop + end.size();
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // A literal or quoted identifier; a doubled quote inside is an escaped one, copied as two.
      out.sql += c;
      ++i;
      copy_until(std::string_view(&c, 1), c == '\'' ? "string literal" : "quoted identifier");
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const auto stop = sql.find('\n', i);
      const auto end = stop == std::string_view::npos ? sql.size() : stop;
      out.sql.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/", "comment");
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out.sql += "::"; // a cast
      i += 2;
    } else if (c == '?') {
      positional = true;
      out.names.emplace_back();
      out.sql += '$' + std::to_string(out.names.size());
      ++i;
    } else if (c == ':' && i + 1 < sql.size() && name_start(sql[i + 1])) {
      named = true;
      std::size_t end = i + 1;
      while (end < sql.size() && name_char(sql[end]))
        ++end;
      const std::string name(sql.substr(i + 1, end - i - 1));
      const auto known = std::find(out.names.begin(), out.names.end(), name);
      const auto number = known == out.names.end() ? (out.names.push_back(name), out.names.size())
                                                   : static_cast<std::size_t>(known - out.names.begin()) + 1;
      out.sql += '$' + std::to_string(number);
      i = end;
    } else {
      out.sql += c;
      ++i;
    }
  }
  if (positional && named)
    throw std::invalid_argument("SQL mixes ? and :name parameters: " + std::string(sql.substr(0, 80)));
  return out;
}

} // namespace hatewatch::daemon::store::pg
