#include "daemon/app/cli.hpp"

#include "daemon/commands/command.hpp"
#include "daemon/config/config.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/app/server.hpp"

#include <CLI/CLI.hpp>
#include <hatewatch/version.hpp>

#include <algorithm>
#include <ostream>

namespace hatewatch::daemon {
namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

config load_or_default(const std::string& path) {
  return path.empty() ? config{} : load_config(path);
}

int serve(const std::string& config_path, std::ostream& err) {
  config cfg;
  try {
    cfg = load_or_default(config_path);
  } catch (const config_error& e) {
    err << "hatewatch: " << e.what() << '\n';
    return exit_failure;
  }
  setup_logging(cfg.log);
  try {
    server s(cfg);
    s.start(true);
    return s.wait();
  } catch (const std::exception& e) {
    get_logger("server")->critical("{}", e.what());
    return exit_failure;
  }
}

int check_config(const std::string& path, std::ostream& out, std::ostream& err) {
  try {
    load_config(path);
  } catch (const config_error& e) {
    err << "hatewatch: " << e.what() << '\n';
    return exit_failure;
  }
  out << path << ": ok\n";
  return 0;
}

} // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"hatewatch: scores forum comments for hate speech and alerts moderators", "hatewatch"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print help for every subcommand");

  std::string serve_config;
  auto* serve_cmd = app.add_subcommand("serve", "Run the daemon: HTTP API, intake, storage and alerts");
  serve_cmd->add_option("-c,--config", serve_config, "YAML config file (default: built-in defaults)")
      ->check(CLI::ExistingFile);

  std::string check_path;
  auto* check_cmd = app.add_subcommand("check-config", "Validate a config file and exit (0 when valid)");
  check_cmd->add_option("file", check_path, "YAML config file")->required();

  auto* version_cmd = app.add_subcommand("version", "Print the version and exit");

  std::vector<std::unique_ptr<command>> commands;
  commands.push_back(make_train_command(app));
  commands.push_back(make_evaluate_command(app));
  commands.push_back(make_bias_command(app));
  commands.push_back(make_suite_command(app));
  commands.push_back(make_languages_command(app));
  commands.push_back(make_score_command(app));
  commands.push_back(make_healthcheck_command(app));
  commands.push_back(make_migrate_command(app));
  commands.push_back(make_alert_test_command(app));
  commands.push_back(make_hash_password_command(app));
  commands.push_back(make_promote_command(app));

  // The first word that is not an option names the subcommand (the top level takes no other
  // words): an unknown one is named, and refused even with --help after it.
  if (const auto word = std::find_if(args.begin(), args.end(), [](const std::string& a) { return !a.starts_with('-'); });
      word != args.end()) {
    std::string names;
    bool known = false;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      known = known || sub->get_name() == *word;
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      err << "hatewatch: unknown subcommand '" << *word << "'; the subcommands are: " << names
          << "\nRun 'hatewatch --help' for usage.\n";
      return exit_usage;
    }
  }

  std::vector<const char*> argv{"hatewatch"};
  for (const auto& a : args)
    argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help(); // delegates to the subcommand that was asked for help
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "hatewatch: " << e.what() << "\nRun 'hatewatch --help' for usage.\n";
    return exit_usage;
  }

  if (*serve_cmd)
    return serve(serve_config, err);
  if (*check_cmd)
    return check_config(check_path, out, err);
  for (const auto& c : commands)
    if (c->selected())
      return c->run(out, err);
  if (*version_cmd) {
    out << "hatewatch " << hatewatch::version << '\n';
    return 0;
  }
  return exit_usage;
}

} // namespace hatewatch::daemon
