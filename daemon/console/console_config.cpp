// The config section of the moderator console.
#include "daemon/console/console_config.hpp"

#include "daemon/base/config_reader.hpp"
#include "daemon/base/password_hash.hpp"

namespace hatewatch::daemon {

void read_console(const config_reader& r, const YAML::Node& node, console_config& c) {
  auto read_user = [&](const YAML::Node& v, const std::string& at) {
    moderator_config m;
    r.section(v, at,
              {{"name", [&](auto& x, auto& key) { m.name = r.string(x, key); }},
               {"token",
                [&](auto& x, auto& key) {
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

} // namespace hatewatch::daemon
