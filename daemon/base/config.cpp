#include "daemon/base/config.hpp"

#include "daemon/base/trusted_proxies.hpp"

#include "core/language_id.hpp"
#include "daemon/base/password_hash.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

namespace hatewatch::daemon {
namespace {

// The names each enumerated setting takes, in the order messages list them.
template <typename T> using name_table = std::initializer_list<std::pair<std::string_view, T>>;
constexpr std::array<std::pair<std::string_view, source_kind>, 4> source_kinds{{{"discourse", source_kind::discourse},
                                                                                 {"generic", source_kind::generic},
                                                                                 {"coral", source_kind::coral},
                                                                                 {"perspective", source_kind::perspective}}};
constexpr std::array<std::pair<std::string_view, unsupported_policy>, 3> unsupported_policies{
    {{"queue", unsupported_policy::queue}, {"alert", unsupported_policy::alert}, {"ignore", unsupported_policy::ignore}}};

/// Walks the YAML tree, knowing where it is, so that every message carries file, line and key.
class reader {
public:
  explicit reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& what) const {
    std::ostringstream out;
    out << file_;
    if (at.IsDefined() && at.Mark().line >= 0)
      out << ':' << at.Mark().line + 1;
    out << ": ";
    if (!key.empty())
      out << "key '" << key << "': ";
    out << what;
    throw config_error(out.str());
  }

  using handler = std::function<void(const YAML::Node& value, const std::string& key)>;

  /// A mapping key as a name: keys are plain scalars, never a sequence, a mapping or null.
  std::string key_name(const YAML::Node& key, const std::string& prefix) const {
    if (!key.IsScalar())
      fail(key, prefix, "a key must be a plain name (this one is a list, a mapping, empty or a '?' complex key)");
    return key.Scalar();
  }

  /// Calls the handler of each key present in `section`; an unknown key is an error.
  void section(const YAML::Node& node, const std::string& prefix, const std::map<std::string, handler>& keys) const {
    if (!node || node.IsNull())
      return;
    if (!node.IsMap())
      fail(node, prefix, "expected a mapping");
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const auto name = key_name(entry.first, prefix);
      const auto full = prefix.empty() ? name : prefix + "." + name;
      auto it = keys.find(name);
      if (it == keys.end())
        fail(entry.first, "", "unknown key '" + full + "'");
      if (!seen.insert(name).second)
        fail(entry.first, "", "duplicate key '" + full + "'");
      it->second(entry.second, full);
    }
  }

  /// The value that the node's name stands for in `names`; else an error listing the names.
  template <typename Names>
  auto choice(const YAML::Node& node, const std::string& key, const Names& names) const {
    const auto text = string(node, key);
    for (const auto& [name, value] : names)
      if (text == name)
        return value;
    std::string expected;
    std::size_t i = 0;
    for (const auto& entry : names) {
      expected += i == 0 ? "" : i + 1 == std::size(names) ? " or " : ", ";
      expected += entry.first;
      ++i;
    }
    fail(node, key, "expected " + expected + ", got '" + text + "'");
  }

  std::string string(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar())
      fail(node, key, "expected a string");
    return substitute_env(node, key, node.Scalar());
  }

  bool boolean(const YAML::Node& node, const std::string& key) const {
    return choice(node, key, name_table<bool>{{"true", true}, {"false", false}});
  }

  std::uint64_t whole(const YAML::Node& node, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const auto text = string(node, key);
    std::uint64_t value = 0;
    std::size_t used = 0;
    try {
      if (text.empty() || text.front() == '-' || text.front() == '+')
        throw std::invalid_argument(text);
      value = std::stoull(text, &used);
    } catch (const std::exception&) {
      fail(node, key, "expected a whole number, got '" + text + "'");
    }
    if (used != text.size())
      fail(node, key, "expected a whole number, got '" + text + "'");
    check_range(node, key, value, min, max);
    return value;
  }

  std::uint64_t byte_size(const YAML::Node& node, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const auto value = parse(node, key, parse_byte_size);
    check_range(node, key, value, min, max);
    return value;
  }

  std::chrono::milliseconds duration(const YAML::Node& node, const std::string& key,
                                     std::chrono::milliseconds min) const {
    const auto value = parse(node, key, parse_duration);
    if (value < min)
      fail(node, key, "must be at least " + std::to_string(min.count()) + "ms");
    return value;
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) const {
    if (!node.IsSequence())
      fail(node, key, "expected a list of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i)
      out.push_back(string(node[i], key + "[" + std::to_string(i) + "]"));
    return out;
  }

  double number(const YAML::Node& node, const std::string& key, double min, double max) const {
    const auto text = string(node, key);
    double value = 0;
    std::size_t used = 0;
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      fail(node, key, "expected a number, got '" + text + "'");
    }
    if (used != text.size() || !(value >= min && value <= max))
      fail(node, key,
           "expected a number in [" + std::to_string(min) + ", " + std::to_string(max) + "], got '" + text + "'");
    return value;
  }

  template <typename F>
  auto parse(const YAML::Node& node, const std::string& key, F&& f) const -> decltype(f(std::string_view{})) {
    const auto text = string(node, key);
    try {
      return f(text);
    } catch (const std::invalid_argument& e) {
      fail(node, key, e.what());
    }
  }

private:
  void check_range(const YAML::Node& node, const std::string& key, std::uint64_t value, std::uint64_t min,
                   std::uint64_t max) const {
    if (value < min || value > max)
      fail(node, key,
           std::to_string(value) + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }

  // Replaces ${NAME} with the environment variable NAME; "$$" stands for a literal '$'.
  std::string substitute_env(const YAML::Node& node, const std::string& key, const std::string& text) const {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$') {
        out += text[i];
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '$') {
        out += '$';
        ++i;
        continue;
      }
      if (i + 1 >= text.size() || text[i + 1] != '{') {
        out += '$';
        continue;
      }
      const auto close = text.find('}', i + 2);
      if (close == std::string::npos)
        fail(node, key, "unterminated '${' in value");
      const auto name = text.substr(i + 2, close - i - 2);
      const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
      if (!value)
        fail(node, key, "environment variable '" + name + "' is not set");
      out += value;
      i = close;
    }
    return out;
  }

  std::string file_;
};

constexpr std::uint64_t max_u32 = std::numeric_limits<std::uint32_t>::max();

void read_server(const reader& r, const YAML::Node& node, server_config& s) {
  r.section(
      node, "server",
      {
          {"listen", [&](auto& v, auto& k) { s.listen = r.parse(v, k, parse_listen_address); }},
          {"port_from_env", [&](auto& v, auto& k) { s.port_from_env = r.boolean(v, k); }},
          {"threads", [&](auto& v, auto& k) { s.threads = static_cast<unsigned>(r.whole(v, k, 0, 256)); }},
          {"body_limit", [&](auto& v, auto& k) { s.body_limit = r.byte_size(v, k, 1024, 1ULL << 30); }},
          {"header_limit",
           [&](auto& v, auto& k) { s.header_limit = static_cast<std::uint32_t>(r.byte_size(v, k, 512, 1ULL << 20)); }},
          {"read_timeout", [&](auto& v, auto& k) { s.read_timeout = r.duration(v, k, 100ms); }},
          {"idle_timeout", [&](auto& v, auto& k) { s.idle_timeout = r.duration(v, k, 100ms); }},
          {"drain_timeout", [&](auto& v, auto& k) { s.drain_timeout = r.duration(v, k, 0ms); }},
          {"max_connections",
           [&](auto& v, auto& k) { s.max_connections = static_cast<std::uint32_t>(r.whole(v, k, 1, max_u32)); }},
          {"trusted_proxies",
           [&](auto& v, auto& k) {
             s.trusted_proxies = r.strings(v, k);
             try {
               trusted_proxies check(s.trusted_proxies);
             } catch (const std::invalid_argument& e) {
               r.fail(v, k, e.what());
             }
           }},
      });
}

void read_log(const reader& r, const YAML::Node& node, log_config& l) {
  r.section(node, "log",
            {
                {"level",
                 [&](auto& v, auto& k) {
                   l.level = r.choice(v, k,
                                      name_table<const char*>{{"trace", "trace"},
                                                              {"debug", "debug"},
                                                              {"info", "info"},
                                                              {"warn", "warn"},
                                                              {"error", "error"},
                                                              {"critical", "critical"},
                                                              {"off", "off"}});
                 }},
                {"format",
                 [&](auto& v, auto& k) {
                   l.format = r.choice(v, k, name_table<log_format>{{"text", log_format::text}, {"json", log_format::json}});
                 }},
            });
}

void read_model(const reader& r, const YAML::Node& node, model_config& m) {
  auto path_of = [&](const YAML::Node& v, const std::string& k) {
    const auto path = r.string(v, k);
    if (path.empty())
      r.fail(v, k, "must not be empty");
    return std::filesystem::path(path);
  };
  r.section(node, "model",
            {{"path", [&](auto& v, auto& k) { m.path = path_of(v, k); }},
             {"candidates", [&](auto& v, auto& k) { m.candidates = path_of(v, k); }},
             {"by_language", [&](auto& v, auto& k) {
                if (v.IsNull())
                  return;
                if (!v.IsMap())
                  r.fail(v, k, "expected a mapping of language codes to model files ({de: models/de.hwm})");
                for (const auto& entry : v) {
                  const auto code = r.key_name(entry.first, k);
                  if (!core::detectable_language(code))
                    r.fail(entry.first, k + "." + code,
                           "not a language code the detector writes (ISO 639-1, such as de, fr, zh-Hant)");
                  if (!m.by_language.emplace(code, path_of(entry.second, k + "." + code)).second)
                    r.fail(entry.first, "", "duplicate key '" + k + "." + code + "'");
                }
              }}});
}

void read_api(const reader& r, const YAML::Node& node, api_config& a) {
  r.section(
      node, "api",
      {
          {"max_text_bytes", [&](auto& v, auto& k) { a.max_text_bytes = r.byte_size(v, k, 1, 1ULL << 24); }},
          {"max_comment_bytes",
           [&](auto& v, auto& k) { a.max_comment_bytes = r.byte_size(v, k, 1024, 1ULL << 24); }},
          {"max_batch", [&](auto& v, auto& k) { a.max_batch = static_cast<std::uint32_t>(r.whole(v, k, 1, 10000)); }},
          {"explain_top", [&](auto& v, auto& k) { a.explain_top = static_cast<std::uint32_t>(r.whole(v, k, 1, 100)); }},
      });
}

void read_auth(const reader& r, const YAML::Node& node, auth_config& a) {
  auto tokens = [&](const YAML::Node& v, const std::string& k) {
    auto list = r.strings(v, k);
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].size() < 16)
        r.fail(v, k + "[" + std::to_string(i) + "]", "a token must be at least 16 characters");
    return list;
  };
  r.section(node, "auth",
            {
                {"api_tokens", [&](auto& v, auto& k) { a.api_tokens = tokens(v, k); }},
                {"ops_tokens", [&](auto& v, auto& k) { a.ops_tokens = tokens(v, k); }},
                {"read_tokens", [&](auto& v, auto& k) { a.read_tokens = tokens(v, k); }},
            });
}

void read_console(const reader& r, const YAML::Node& node, console_config& c) {
  auto read_user = [&](const YAML::Node& v, const std::string& at) {
    moderator_config m;
    r.section(v, at,
              {{"name", [&](auto& x, auto& key) { m.name = r.string(x, key); }},
               {"token", [&](auto& x, auto& key) {
                  m.token = r.string(x, key);
                  if (m.token.size() < 16)
                    r.fail(x, key, "a token must be at least 16 characters");
                }},
               {"promote", [&](auto& x, auto& key) { m.promote = r.boolean(x, key); }},
               {"password", [&](auto& x, auto& key) {
                  m.password = r.string(x, key);
                  if (const auto why = password_hash_problem(m.password))
                    r.fail(x, key, *why);
                }}});
    if (m.name.empty() || m.name.size() > 64 || m.name.find_first_of("\r\n\t\"<>&") != std::string::npos)
      r.fail(v, at + ".name", "a moderator's name is 1-64 characters on one line, without quotes or < > &");
    if (m.token.empty() && m.password.empty())
      r.fail(v, at, "a moderator needs a password (a hash from hatewatch hash-password) or a token");
    for (const auto& other : c.users) {
      if (other.name == m.name)
        r.fail(v, at + ".name", "'" + m.name + "' is listed twice");
      if (!m.token.empty() && other.token == m.token)
        r.fail(v, at + ".token", "two moderators have the same token");
    }
    c.users.push_back(std::move(m));
  };
  r.section(node, "console",
            {{"users",
              [&](auto& v, auto& k) {
                if (!v.IsSequence())
                  r.fail(v, k, "expected a list of {name, password, token}");
                for (std::size_t i = 0; i < v.size(); ++i)
                  read_user(v[i], k + "[" + std::to_string(i) + "]");
              }},
             {"session_lifetime",
              [&](auto& v, auto& k) {
                c.session_lifetime = r.duration(v, k, std::chrono::minutes(1));
                if (c.session_lifetime > std::chrono::hours(24 * 30))
                  r.fail(v, k, "must be at most 30 days (720h)");
              }},
             {"public_url", [&](auto& v, auto& k) {
                c.public_url = r.string(v, k);
                if (c.public_url.empty())
                  return;
                if (!(c.public_url.starts_with("https://") || c.public_url.starts_with("http://")) ||
                    c.public_url.find_first_of(" \r\n\t\"<>") != std::string::npos)
                  r.fail(v, k, "expected an http:// or https:// address");
                if (!c.public_url.ends_with('/'))
                  c.public_url += '/';
              }}});
}

void read_rate_limit(const reader& r, const YAML::Node& node, rate_limit_config& l) {
  r.section(node, "rate_limit",
            {
                {"requests_per_second", [&](auto& v, auto& k) { l.requests_per_second = r.number(v, k, 0, 1e9); }},
                {"burst", [&](auto& v, auto& k) { l.burst = static_cast<std::uint32_t>(r.whole(v, k, 1, 1000000)); }},
            });
}

// Why `url` cannot be storage.url, or nothing. The URL is logged, so a password may not be in it.
std::optional<std::string> postgresql_url_problem(const std::string& url) {
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://"))
    return "expected a postgresql://user@host:5432/database URL";
  const auto rest = url.substr(url.find("//") + 2);
  const auto at = rest.find('@');
  const auto slash = rest.find('/');
  if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
      rest.substr(0, at).find(':') != std::string::npos)
    return "put the password in storage.password (\"${HATEWATCH_DB_PASSWORD}\"), not in the URL: the URL is logged";
  if (const auto query = url.find('?'); query != std::string::npos) {
    const auto params = "&" + url.substr(query + 1);
    if (params.find("&password=") != std::string::npos)
      return "put the password in storage.password, not in the URL: the URL is logged";
  }
  if (url.find_first_of(" \r\n\t") != std::string::npos)
    return "a URL has no spaces";
  return std::nullopt;
}

void read_pg_tls(const reader& r, const YAML::Node& node, pg_tls_config& t) {
  r.section(node, "storage.tls",
            {
                {"mode",
                 [&](auto& v, auto& k) {
                   t.mode = r.string(v, k);
                   static constexpr std::array modes{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
                   if (std::find(modes.begin(), modes.end(), t.mode) == modes.end())
                     r.fail(v, k, "expected disable, allow, prefer, require, verify-ca or verify-full");
                 }},
                {"ca_file", [&](auto& v, auto& k) { t.ca_file = r.string(v, k); }},
                {"cert_file", [&](auto& v, auto& k) { t.cert_file = r.string(v, k); }},
                {"key_file", [&](auto& v, auto& k) { t.key_file = r.string(v, k); }},
            });
}

void read_storage(const reader& r, const YAML::Node& node, storage_config& st) {
  r.section(
      node, "storage",
      {
          {"path", [&](auto& v, auto& k) { st.path = r.string(v, k); }},
          {"synchronous",
           [&](auto& v, auto& k) {
             st.synchronous = r.choice(v, k, name_table<sync_mode>{{"full", sync_mode::full}, {"normal", sync_mode::normal}});
           }},
          {"busy_timeout", [&](auto& v, auto& k) { st.busy_timeout = r.duration(v, k, 0ms); }},
          {"batch_max", [&](auto& v, auto& k) { st.batch_max = static_cast<std::uint32_t>(r.whole(v, k, 1, 100000)); }},
          {"queue_max",
           [&](auto& v, auto& k) { st.queue_max = static_cast<std::uint32_t>(r.whole(v, k, 1, 10000000)); }},
          {"retention_days",
           [&](auto& v, auto& k) { st.retention_days = static_cast<std::uint32_t>(r.whole(v, k, 0, 36500)); }},
          {"retention",
           [&](auto& v, auto& k) {
             st.retention =
                 r.choice(v, k, name_table<retention_mode>{{"text", retention_mode::text}, {"rows", retention_mode::rows}});
           }},
          {"retention_interval", [&](auto& v, auto& k) { st.retention_interval = r.duration(v, k, 1000ms); }},
          {"backend",
           [&](auto& v, auto& k) {
             st.backend = r.choice(v, k,
                                   name_table<storage_backend>{{"sqlite", storage_backend::sqlite},
                                                               {"postgresql", storage_backend::postgresql}});
           }},
          {"url",
           [&](auto& v, auto& k) {
             st.url = r.string(v, k);
             if (const auto why = postgresql_url_problem(st.url))
               r.fail(v, k, *why);
           }},
          {"password", [&](auto& v, auto& k) { st.password = r.string(v, k); }},
          {"tls", [&](auto& v, auto&) { read_pg_tls(r, v, st.tls); }},
          {"pool_size", [&](auto& v, auto& k) { st.pool_size = static_cast<std::uint32_t>(r.whole(v, k, 1, 64)); }},
          {"statement_timeout", [&](auto& v, auto& k) { st.statement_timeout = r.duration(v, k, 100ms); }},
          {"connect_timeout", [&](auto& v, auto& k) { st.connect_timeout = r.duration(v, k, 1000ms); }},
      });
  if (st.backend == storage_backend::postgresql && st.url.empty())
    r.fail(node, "storage.url", "storage.backend is postgresql: set storage.url (postgresql://user@host:5432/db)");
}

/// Source and channel names: they appear in URLs and metrics labels.
bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

void read_poll(const reader& r, const YAML::Node& node, const std::string& prefix, poll_config& p) {
  r.section(
      node, prefix,
      {
          {"base_url",
           [&](auto& v, auto& k) {
             p.base_url = r.string(v, k);
             if (!p.base_url.starts_with("http://") && !p.base_url.starts_with("https://"))
               r.fail(v, k, "expected an http:// or https:// URL");
             while (p.base_url.ends_with('/'))
               p.base_url.pop_back();
           }},
          {"api_key", [&](auto& v, auto& k) { p.api_key = r.string(v, k); }},
          {"api_username", [&](auto& v, auto& k) { p.api_username = r.string(v, k); }},
          {"interval", [&](auto& v, auto& k) { p.interval = r.duration(v, k, 100ms); }},
          {"timeout", [&](auto& v, auto& k) { p.timeout = r.duration(v, k, 100ms); }},
          {"max_backoff", [&](auto& v, auto& k) { p.max_backoff = r.duration(v, k, 100ms); }},
          {"max_pages", [&](auto& v, auto& k) { p.max_pages = static_cast<std::uint32_t>(r.whole(v, k, 1, 100000)); }},
      });
  if (p.base_url.empty())
    r.fail(node, prefix, "base_url is required");
}

void read_source(const reader& r, const YAML::Node& node, const std::string& prefix, source_config& src) {
  bool has_kind = false;
  r.section(
      node, prefix,
      {
          {"name",
           [&](auto& v, auto& k) {
             src.name = r.string(v, k);
             if (!valid_name(src.name))
               r.fail(v, k, "a source name is 1-64 characters of a-z, 0-9, '-' and '_'");
           }},
          {"model",
           [&](auto& v, auto& k) {
             const auto path = r.string(v, k);
             if (path.empty())
               r.fail(v, k, "must not be empty");
             src.model = path;
           }},
          {"kind",
           [&](auto& v, auto& k) {
             src.kind = r.choice(v, k, source_kinds);
             has_kind = true;
           }},
          {"secret",
           [&](auto& v, auto& k) {
             src.secret = r.string(v, k);
             if (!src.secret.empty() && src.secret.size() < 12)
               r.fail(v, k, "a secret must be at least 12 characters (Discourse's own minimum)");
           }},
          {"include_private", [&](auto& v, auto& k) { src.include_private = r.boolean(v, k); }},
          {"coral_status",
           [&](auto& v, auto& k) {
             src.coral_status = r.string(v, k);
             static const char* statuses[] = {"NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"};
             if (std::none_of(std::begin(statuses), std::end(statuses),
                              [&](const char* st) { return src.coral_status == st; }))
               r.fail(v, k, "expected NONE, APPROVED, REJECTED, PREMOD or SYSTEM_WITHHELD, got '" + src.coral_status + "'");
           }},
          {"thresholds",
           [&](auto& v, auto& k) {
             r.section(v, k,
                       {
                           {"hate_speech", [&](auto& tv, auto& tk) { src.hate_speech_threshold = r.number(tv, tk, 0, 1); }},
                           {"offensive_language",
                            [&](auto& tv, auto& tk) { src.offensive_language_threshold = r.number(tv, tk, 0, 1); }},
                           {"not_neither",
                            [&](auto& tv, auto& tk) { src.not_neither_threshold = r.number(tv, tk, 0, 1); }},
                       });
           }},
          {"poll",
           [&](auto& v, auto& k) {
             src.polls = true;
             read_poll(r, v, k, src.poll);
           }},
          {"min_text_length",
           [&](auto& v, auto& k) { src.min_text_length = static_cast<std::uint32_t>(r.whole(v, k, 0, 1 << 24)); }},
          {"unsupported_language",
           [&](auto& v, auto& k) { src.unsupported_language = r.choice(v, k, unsupported_policies); }},
          {"bypass",
           [&](auto& v, auto& k) {
             r.section(v, k,
                       {
                           {"staff", [&](auto& bv, auto& bk) { src.bypass_staff = r.boolean(bv, bk); }},
                           {"min_trust_level",
                            [&](auto& bv, auto& bk) {
                              src.bypass_min_trust_level = static_cast<std::int64_t>(r.whole(bv, bk, 0, 4));
                            }},
                       });
           }},
          {"notify", [&](auto& v, auto& k) { src.notify = r.strings(v, k); }},
          {"flag",
           [&](auto& v, auto& k) {
             r.section(v, k,
                       {
                           {"enabled", [&](auto& fv, auto& fk) { src.flag.enabled = r.boolean(fv, fk); }},
                           {"post_action_type_id",
                            [&](auto& fv, auto& fk) {
                              src.flag.post_action_type_id = static_cast<std::uint32_t>(r.whole(fv, fk, 1, 100));
                            }},
                           {"base_url",
                            [&](auto& fv, auto& fk) {
                              src.flag.base_url = r.string(fv, fk);
                              if (!src.flag.base_url.starts_with("http://") && !src.flag.base_url.starts_with("https://"))
                                r.fail(fv, fk, "expected an http:// or https:// URL");
                              while (src.flag.base_url.ends_with('/'))
                                src.flag.base_url.pop_back();
                            }},
                           {"api_key", [&](auto& fv, auto& fk) { src.flag.api_key = r.string(fv, fk); }},
                           {"api_username", [&](auto& fv, auto& fk) { src.flag.api_username = r.string(fv, fk); }},
                       });
           }},
      });
  if (src.name.empty())
    r.fail(node, prefix, "name is required");
  if (!has_kind)
    r.fail(node, prefix, "kind is required (discourse or generic)");
  if (src.polls && src.kind != source_kind::discourse)
    r.fail(node, prefix + ".poll", "only discourse sources can be polled");
  if (!src.coral_status.empty() && src.kind != source_kind::coral)
    r.fail(node, prefix + ".coral_status", "only coral sources have a coral_status");
  if (src.flag.enabled) {
    if (src.kind != source_kind::discourse)
      r.fail(node, prefix + ".flag", "only discourse sources can flag posts");
    if (src.flag.base_url.empty() && src.polls)
      src.flag.base_url = src.poll.base_url;
    if (src.flag.api_key.empty() && src.polls) {
      src.flag.api_key = src.poll.api_key;
      src.flag.api_username = src.poll.api_username;
    }
    if (src.flag.base_url.empty() || src.flag.api_key.empty())
      r.fail(node, prefix + ".flag", "flagging needs base_url and api_key (here or in the source's poll section)");
  }
}

void read_sources(const reader& r, const YAML::Node& node, std::vector<source_config>& sources) {
  if (node.IsNull())
    return;
  if (!node.IsSequence())
    r.fail(node, "sources", "expected a list of sources");
  std::set<std::string> names;
  for (std::size_t i = 0; i < node.size(); ++i) {
    source_config src;
    const auto key = "sources[" + std::to_string(i) + "]";
    read_source(r, node[i], key, src);
    if (!names.insert(src.name).second)
      r.fail(node[i], key + ".name", "source '" + src.name + "' is defined twice");
    sources.push_back(std::move(src));
  }
}

void read_channel(const reader& r, const YAML::Node& node, const std::string& prefix, channel_config& ch) {
  bool has_kind = false;
  auto url = [&](const YAML::Node& v, const std::string& k, std::initializer_list<const char*> schemes) {
    auto text = r.string(v, k);
    const bool ok = std::any_of(schemes.begin(), schemes.end(), [&](const char* scheme) {
      return text.starts_with(scheme) && text.size() > std::string_view(scheme).size();
    });
    if (!ok) {
      std::string expected;
      for (const char* scheme : schemes)
        expected += (expected.empty() ? "" : " or ") + std::string(scheme);
      r.fail(v, k, "expected a URL starting with " + expected); // the value itself may be a secret: not shown
    }
    return text;
  };
  r.section(
      node, prefix,
      {
          {"kind",
           [&](auto& v, auto& k) {
             ch.kind = r.choice(v, k,
                                name_table<channel_kind>{{"slack", channel_kind::slack},
                                                         {"discord", channel_kind::discord},
                                                         {"webhook", channel_kind::webhook},
                                                         {"email", channel_kind::email}});
             has_kind = true;
           }},
          {"url", [&](auto& v, auto& k) { ch.url = url(v, k, {"https://", "http://"}); }},
          {"secret",
           [&](auto& v, auto& k) {
             ch.secret = r.string(v, k);
             if (!ch.secret.empty() && ch.secret.size() < 12)
               r.fail(v, k, "a secret must be at least 12 characters");
           }},
          {"smtp_url", [&](auto& v, auto& k) { ch.smtp_url = url(v, k, {"smtp://", "smtps://"}); }},
          {"starttls", [&](auto& v, auto& k) { ch.starttls = r.boolean(v, k); }},
          {"username", [&](auto& v, auto& k) { ch.username = r.string(v, k); }},
          {"password", [&](auto& v, auto& k) { ch.password = r.string(v, k); }},
          {"from", [&](auto& v, auto& k) { ch.from = r.string(v, k); }},
          {"to", [&](auto& v, auto& k) { ch.to = r.strings(v, k); }},
          {"subject", [&](auto& v, auto& k) { ch.subject = r.string(v, k); }},
          {"ca_file", [&](auto& v, auto& k) { ch.ca_file = r.string(v, k); }},
          {"timeout", [&](auto& v, auto& k) { ch.timeout = r.duration(v, k, 100ms); }},
      });
  if (!has_kind)
    r.fail(node, prefix, "kind is required (slack, discord, webhook or email)");
  if (ch.kind == channel_kind::email) {
    if (ch.smtp_url.empty() || ch.from.empty() || ch.to.empty())
      r.fail(node, prefix, "an email channel needs smtp_url, from and to");
  } else if (ch.url.empty()) {
    r.fail(node, prefix, "url is required");
  }
}

void read_channels(const reader& r, const YAML::Node& node, std::vector<channel_config>& channels) {
  if (node.IsNull())
    return;
  if (!node.IsMap())
    r.fail(node, "channels", "expected a mapping of channel names to channels");
  for (const auto& entry : node) {
    channel_config ch;
    ch.name = r.key_name(entry.first, "channels");
    const auto key = "channels." + ch.name;
    if (!valid_name(ch.name))
      r.fail(entry.first, key, "a channel name is 1-64 characters of a-z, 0-9, '-' and '_'");
    for (const auto& other : channels)
      if (other.name == ch.name)
        r.fail(entry.first, "", "duplicate key '" + key + "'");
    read_channel(r, entry.second, key, ch);
    channels.push_back(std::move(ch));
  }
}

void read_alerts(const reader& r, const YAML::Node& node, alerts_config& a) {
  r.section(node, "alerts",
            {
                {"digest_after",
                 [&](auto& v, auto& k) { a.digest_after = static_cast<std::uint32_t>(r.whole(v, k, 1, 100000)); }},
                {"digest_window", [&](auto& v, auto& k) { a.digest_window = r.duration(v, k, 1000ms); }},
                {"max_attempts",
                 [&](auto& v, auto& k) { a.max_attempts = static_cast<std::uint32_t>(r.whole(v, k, 1, 1000)); }},
                {"retry_base", [&](auto& v, auto& k) { a.retry_base = r.duration(v, k, 100ms); }},
                {"retry_max", [&](auto& v, auto& k) { a.retry_max = r.duration(v, k, 100ms); }},
                {"interval", [&](auto& v, auto& k) { a.interval = r.duration(v, k, 50ms); }},
                {"lease", [&](auto& v, auto& k) { a.lease = r.duration(v, k, 1000ms); }},
                {"excerpt_bytes",
                 [&](auto& v, auto& k) { a.excerpt_bytes = static_cast<std::uint32_t>(r.whole(v, k, 0, 2800)); }},
            });
}

void read_perspective(const reader& r, const YAML::Node& node, perspective_config& p) {
  r.section(node, "perspective",
            {
                {"keys",
                 [&](auto& v, auto& k) {
                   p.keys = r.strings(v, k);
                   for (std::size_t i = 0; i < p.keys.size(); ++i)
                     if (p.keys[i].empty())
                       r.fail(v, k + "[" + std::to_string(i) + "]", "a key must not be empty");
                 }},
                {"source",
                 [&](auto& v, auto& k) {
                   p.source = r.string(v, k);
                   if (p.source.empty())
                     r.fail(v, k, "must not be empty");
                 }},
            });
}

void read_openai(const reader& r, const YAML::Node& node, openai_config& o) {
  r.section(node, "openai",
            {
                {"hate_threshold", [&](auto& v, auto& k) { o.hate_threshold = r.number(v, k, 0, 1); }},
                {"harassment_threshold", [&](auto& v, auto& k) { o.harassment_threshold = r.number(v, k, 0, 1); }},
            });
}

} // namespace

const char* source_kind_name(source_kind k) {
  for (const auto& [name, kind] : source_kinds)
    if (kind == k)
      return name.data(); // the names are literals: NUL-terminated
  return "generic";
}

const char* unsupported_policy_name(unsupported_policy p) {
  for (const auto& [name, policy] : unsupported_policies)
    if (policy == p)
      return name.data();
  return "queue";
}

config parse_config(const std::string& yaml_text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw config_error(name + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  const reader r(name);
  config cfg;
  if (root.IsNull())
    return cfg;
  r.section(root, "",
            {
                {"server", [&](auto& v, auto&) { read_server(r, v, cfg.server); }},
                {"log", [&](auto& v, auto&) { read_log(r, v, cfg.log); }},
                {"model", [&](auto& v, auto&) { read_model(r, v, cfg.model); }},
                {"console", [&](auto& v, auto&) { read_console(r, v, cfg.console); }},
                {"api", [&](auto& v, auto&) { read_api(r, v, cfg.api); }},
                {"auth", [&](auto& v, auto&) { read_auth(r, v, cfg.auth); }},
                {"rate_limit", [&](auto& v, auto&) { read_rate_limit(r, v, cfg.rate_limit); }},
                {"storage", [&](auto& v, auto&) { read_storage(r, v, cfg.storage); }},
                {"sources", [&](auto& v, auto&) { read_sources(r, v, cfg.sources); }},
                {"perspective", [&](auto& v, auto&) { read_perspective(r, v, cfg.perspective); }},
                {"openai", [&](auto& v, auto&) { read_openai(r, v, cfg.openai); }},
                {"channels", [&](auto& v, auto&) { read_channels(r, v, cfg.channels); }},
                {"alerts", [&](auto& v, auto&) { read_alerts(r, v, cfg.alerts); }},
            });
  // Names that point across sections.
  for (std::size_t i = 0; i < cfg.sources.size(); ++i)
    for (std::size_t j = 0; j < cfg.sources[i].notify.size(); ++j) {
      const auto& name = cfg.sources[i].notify[j];
      if (std::none_of(cfg.channels.begin(), cfg.channels.end(), [&](const auto& c) { return c.name == name; }))
        r.fail(root["sources"][i]["notify"][j], "sources[" + std::to_string(i) + "].notify[" + std::to_string(j) + "]",
               "no channel named '" + name + "' under 'channels'");
    }
  return cfg;
}

config load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw config_error(file.string() + ": cannot open config file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw config_error(file.string() + ": cannot read config file");
  auto cfg = parse_config(text.str(), file.string());
  cfg.source = file;
  apply_environment(cfg);
  return cfg;
}

void apply_environment(config& cfg) {
  if (!cfg.server.port_from_env)
    return;
  if (const char* port = std::getenv("PORT"); port && *port) {
    try {
      const auto& host = cfg.server.listen.host;
      const auto bracketed = host.find(':') == std::string::npos ? host : "[" + host + "]";
      cfg.server.listen.port = parse_listen_address(bracketed + ":" + std::string(port)).port;
    } catch (const std::invalid_argument& e) {
      throw config_error(std::string("environment variable PORT (server.port_from_env): ") + e.what());
    }
  }
}

} // namespace hatewatch::daemon
