// The config section of logging.
#include "daemon/base/config_reader.hpp"
#include "daemon/base/logging.hpp"

namespace hatewatch::daemon {

void read_log(const config_reader& r, const YAML::Node& node, log_config& l) {
  r.section(
      node, "log",
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

} // namespace hatewatch::daemon
