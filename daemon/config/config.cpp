#include "daemon/config/config.hpp"

#include "daemon/base/config_reader.hpp"

#include <fstream>
#include <sstream>

namespace hatewatch::daemon {

config parse_config(const std::string& yaml_text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw config_error(name + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  const config_reader r(name);
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
    for (std::size_t j = 0; j < cfg.sources[i].alerts.notify.size(); ++j) {
      const auto& name = cfg.sources[i].alerts.notify[j];
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

api_settings api_settings_of(const config& cfg) {
  return {cfg.api, cfg.auth, cfg.rate_limit, cfg.sources, cfg.perspective, cfg.openai, cfg.console, cfg.model};
}

dispatcher_config dispatcher_config_of(const config& cfg) {
  dispatcher_config out{cfg.alerts, cfg.channels, {}, cfg.console.public_url};
  for (const auto& s : cfg.sources)
    if (s.alerts.flag.enabled)
      out.flags.emplace(s.name, s.alerts.flag);
  return out;
}

} // namespace hatewatch::daemon
