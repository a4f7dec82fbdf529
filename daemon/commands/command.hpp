#pragma once
// A subcommand of the `hatewatch` program: it registers its flags on construction and runs after
// the command line has been parsed.

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <memory>

namespace hatewatch::daemon {

class command {
public:
  virtual ~command() = default;
  /// Whether the command line selected this command.
  bool selected() const { return app_ && app_->parsed(); }
  /// Returns the exit code: 0 on success, 1 on failure.
  virtual int run(std::ostream& out, std::ostream& err) = 0;

protected:
  CLI::App* app_ = nullptr;
};

std::unique_ptr<command> make_train_command(CLI::App& parent);
std::unique_ptr<command> make_evaluate_command(CLI::App& parent);
std::unique_ptr<command> make_bias_command(CLI::App& parent);
std::unique_ptr<command> make_suite_command(CLI::App& parent);
std::unique_ptr<command> make_languages_command(CLI::App& parent);
std::unique_ptr<command> make_score_command(CLI::App& parent);
std::unique_ptr<command> make_healthcheck_command(CLI::App& parent);
std::unique_ptr<command> make_migrate_command(CLI::App& parent);
std::unique_ptr<command> make_alert_test_command(CLI::App& parent);
std::unique_ptr<command> make_hash_password_command(CLI::App& parent);
std::unique_ptr<command> make_promote_command(CLI::App& parent);

} // namespace hatewatch::daemon
