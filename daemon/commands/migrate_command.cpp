// hatewatch migrate: applies the embedded migrations to the configured database (what `serve` does at
// startup), or with --status lists each migration as applied or pending.
#include "daemon/commands/command.hpp"
#include "daemon/config.hpp"
#include "daemon/store/clock.hpp"
#include "daemon/store/database.hpp"
#include "daemon/store/migrations.hpp"

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class migrate_command : public command {
public:
  explicit migrate_command(CLI::App& parent) {
    app_ = parent.add_subcommand("migrate", "Apply pending database migrations (or list them with --status)");
    app_->add_option("-c,--config", config_, "YAML config file whose storage.path is used")->check(CLI::ExistingFile);
    app_->add_option("--database", database_, "The database file (overrides the config's storage.path)");
    app_->add_flag("--status", status_, "List the migrations and whether each is applied; change nothing");
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      config cfg;
      if (!config_.empty())
        cfg = load_config(config_);
      if (!database_.empty())
        cfg.storage.path = database_;
      if (cfg.storage.path.empty()) {
        err << "hatewatch: storage is off (storage.path is empty): nothing to migrate\n";
        return 1;
      }
      const auto known = store::embedded_migrations();
      if (status_) {
        if (!std::filesystem::exists(cfg.storage.path)) {
          out << cfg.storage.path.string() << ": no database yet; " << known.size() << " migration(s) pending\n";
          for (const auto& m : known)
            out << "  " << m.version << " " << m.name << ": pending\n";
          return 0;
        }
        auto db = store::open_for_reading(cfg.storage);
        const auto states = store::migration_status(*db, known);
        out << cfg.storage.path.string() << ": schema version " << store::schema_version(*db) << " (this hatewatch knows "
            << (known.empty() ? 0 : known.back().version) << ")\n";
        for (const auto& s : states)
          out << "  " << s.version << " " << s.name << ": "
              << (s.applied_at ? "applied " + store::format_rfc3339(*s.applied_at) : std::string("pending")) << '\n';
        return 0;
      }
      auto db = store::open_for_writing(cfg.storage);
      const int before = store::schema_version(*db);
      const int ran = store::apply_migrations(*db, known);
      out << cfg.storage.path.string() << ": " << (ran ? "migrated from schema version " + std::to_string(before) + " to " +
                                                            std::to_string(before + ran)
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
