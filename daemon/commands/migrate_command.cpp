// hatewatch migrate: applies the embedded migrations to the configured database (what `serve` does at
// startup), or with --status lists each migration as applied or pending.
#include "daemon/commands/command.hpp"
#include "daemon/config/config.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/connect.hpp"

#include <filesystem>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class migrate_command : public command {
public:
  explicit migrate_command(CLI::App& parent) {
    app_ = parent.add_subcommand("migrate", "Apply pending database migrations (or list them with --status)");
    app_->add_option("-c,--config", config_, "YAML config file whose storage section is used")->check(CLI::ExistingFile);
    app_->add_option("--database", database_, "The database: a SQLite file, or a postgresql:// URL (overrides the config's storage)");
    app_->add_flag("--status", status_, "List the migrations and whether each is applied; change nothing");
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      config cfg;
      if (!config_.empty())
        cfg = load_config(config_);
      if (database_.starts_with("postgresql://") || database_.starts_with("postgres://")) {
        cfg.storage.backend = storage_backend::postgresql;
        cfg.storage.url = database_;
      } else if (!database_.empty()) {
        cfg.storage.backend = storage_backend::sqlite;
        cfg.storage.path = database_;
      }
      if (!cfg.storage.enabled()) {
        err << "hatewatch: storage is off (storage.path is empty): nothing to migrate\n";
        return 1;
      }
      const auto where = cfg.storage.where();
      const auto known = store::known_migrations(cfg.storage);
      if (status_) {
        if (cfg.storage.backend == storage_backend::sqlite && !std::filesystem::exists(cfg.storage.path)) {
          out << where << ": no database yet; " << known.size() << " migration(s) pending\n";
          for (const auto& m : known)
            out << "  " << m.version << " " << m.name << ": pending\n";
          return 0;
        }
        auto db = store::connect(cfg.storage, store::access::read, "hatewatch-migrate");
        const auto states = store::migration_status(*db);
        out << where << ": schema version " << store::schema_version(*db) << " (this hatewatch knows "
            << (known.empty() ? 0 : known.back().version) << ")\n";
        for (const auto& s : states)
          out << "  " << s.version << " " << s.name << ": "
              << (s.applied_at ? "applied " + store::format_rfc3339(*s.applied_at) : std::string("pending")) << '\n';
        return 0;
      }
      auto db = store::connect(cfg.storage, store::access::write, "hatewatch-migrate");
      const auto [before, ran] = store::migrate(*db);
      out << where << ": "
          << (ran ? "migrated from schema version " + std::to_string(before) + " to " + std::to_string(before + ran)
                  : "up to date at schema version " + std::to_string(before))
          << '\n';
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch: " << e.what() << '\n';
      return 1;
    }
  }

private:
  std::string config_;
  std::string database_;
  bool status_ = false;
};

} // namespace

std::unique_ptr<command> make_migrate_command(CLI::App& parent) {
  return std::make_unique<migrate_command>(parent);
}

} // namespace hatewatch::daemon
