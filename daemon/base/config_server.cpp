// The config sections of the server and its HTTP APIs: server, log, model, api, auth, rate_limit,
// perspective, openai.
#include "daemon/base/config_reader.hpp"

#include "core/language_id.hpp"
#include "daemon/base/trusted_proxies.hpp"

namespace hatewatch::daemon::config_detail {

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

void read_rate_limit(const reader& r, const YAML::Node& node, rate_limit_config& l) {
  r.section(node, "rate_limit",
            {
                {"requests_per_second", [&](auto& v, auto& k) { l.requests_per_second = r.number(v, k, 0, 1e9); }},
                {"burst", [&](auto& v, auto& k) { l.burst = static_cast<std::uint32_t>(r.whole(v, k, 1, 1000000)); }},
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

} // namespace hatewatch::daemon::config_detail
