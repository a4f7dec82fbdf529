// The config section of the HTTP server.
#include "daemon/http/server_config.hpp"

#include "daemon/base/config_reader.hpp"
#include "daemon/base/trusted_proxies.hpp"

namespace hatewatch::daemon {

void read_server(const config_reader& r, const YAML::Node& node, server_config& s) {
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

} // namespace hatewatch::daemon
