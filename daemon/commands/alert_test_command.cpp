// hatewatch alert-test --source NAME: sends a test alert through each channel the source notifies
// and reports what each answered. The Discourse flag action is not tested: it would flag a real post.
#include "daemon/alerts/channels.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/config/config.hpp"
#include "daemon/base/clock.hpp"

#include <ostream>

namespace hatewatch::daemon {
namespace {

class alert_test_command : public command {
public:
  explicit alert_test_command(CLI::App& parent) {
    app_ = parent.add_subcommand("alert-test", "Send a test alert through each channel of a source and report the answers");
    app_->add_option("-c,--config", config_, "YAML config file")->required()->check(CLI::ExistingFile);
    app_->add_option("--source", source_, "The source whose channels to test")->required();
  }

  int run(std::ostream& out, std::ostream& err) override {
    config cfg;
    try {
      cfg = load_config(config_);
    } catch (const std::exception& e) {
      err << "hatewatch: " << e.what() << '\n';
      return 1;
    }
    const source_config* src = nullptr;
    for (const auto& s : cfg.sources)
      if (s.name == source_)
        src = &s;
    if (!src) {
      err << "hatewatch: no source named '" << source_ << "' in " << config_ << '\n';
      return 1;
    }
    if (src->alerts.notify.empty()) {
      err << "hatewatch: source '" << source_ << "' notifies no channel (sources[].notify)\n";
      return 1;
    }
    alert_item test;
    test.event_id = "hw-test-" + std::to_string(store::now_ms());
    test.channel = "test";
    test.source = src->name;
    test.external_id = "test";
    test.author = "hatewatch";
    test.text = "This is a test alert from hatewatch alert-test. No comment was flagged.";
    test.p = {0.0, 0.0, 1.0};
    test.explanation_json = "[]";
    test.model_version = "test";
    int failures = 0;
    for (const auto& name : src->alerts.notify) {
      for (const auto& ch : cfg.channels) {
        if (ch.name != name)
          continue;
        const auto r = deliver(ch, {test}, {cfg.alerts.excerpt_bytes, nullptr, cfg.console.public_url});
        const bool ok = r.result == delivery_result::outcome::delivered;
        failures += ok ? 0 : 1;
        out << name << ": " << (ok ? "delivered" : "FAILED") << (r.status ? " (status " + std::to_string(r.status) + ")" : "")
            << (r.error.empty() ? "" : ": " + r.error) << '\n';
      }
    }
    if (src->alerts.flag.enabled)
      out << "discourse flag: not tested (it would flag a real post)\n";
    return failures ? 1 : 0;
  }

private:
  std::string config_;
  std::string source_;
};

} // namespace

std::unique_ptr<command> make_alert_test_command(CLI::App& parent) {
  return std::make_unique<alert_test_command>(parent);
}

} // namespace hatewatch::daemon
