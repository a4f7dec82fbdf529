// The config sections of the HTTP APIs: api, auth, rate_limit, perspective, openai.
#include "daemon/api/api_config.hpp"

#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon {

void read_api(const config_reader& r, const YAML::Node& node, api_config& a) {
  r.section(
      node, "api",
      {
          {"max_text_bytes", [&](auto& v, auto& k) { a.max_text_bytes = r.byte_size(v, k, 1, 1ULL << 24); }},
          {"max_comment_bytes", [&](auto& v, auto& k) { a.max_comment_bytes = r.byte_size(v, k, 1024, 1ULL << 24); }},
          {"max_batch", [&](auto& v, auto& k) { a.max_batch = static_cast<std::uint32_t>(r.whole(v, k, 1, 10000)); }},
          {"explain_top", [&](auto& v, auto& k) { a.explain_top = static_cast<std::uint32_t>(r.whole(v, k, 1, 100)); }},
      });
}

void read_auth(const config_reader& r, const YAML::Node& node, auth_config& a) {
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

void read_rate_limit(const config_reader& r, const YAML::Node& node, rate_limit_config& l) {
  r.section(node, "rate_limit",
            {
                {"requests_per_second", [&](auto& v, auto& k) { l.requests_per_second = r.number(v, k, 0, 1e9); }},
                {"burst", [&](auto& v, auto& k) { l.burst = static_cast<std::uint32_t>(r.whole(v, k, 1, 1000000)); }},
            });
}

void read_perspective(const config_reader& r, const YAML::Node& node, perspective_config& p) {
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

void read_openai(const config_reader& r, const YAML::Node& node, openai_config& o) {
  r.section(node, "openai",
            {
                {"hate_threshold", [&](auto& v, auto& k) { o.hate_threshold = r.number(v, k, 0, 1); }},
                {"harassment_threshold", [&](auto& v, auto& k) { o.harassment_threshold = r.number(v, k, 0, 1); }},
            });
}

const source_config* api_settings::find_source(std::string_view name) const {
  for (const auto& s : sources)
    if (s.name == name)
      return &s;
  return nullptr;
}

} // namespace hatewatch::daemon
