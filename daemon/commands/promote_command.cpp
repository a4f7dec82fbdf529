// hatewatch promote: puts a candidate model in place of the configured model.path (keeping the live
// one as <path>.previous), or rolls back to the previous one; shows the comparison on moderators'
// decisions first, records the promotion in the database, and says how to make the daemon reload.
#include "daemon/commands/command.hpp"
#include "daemon/models/review_comparison.hpp"
#include "daemon/models/review_corpus.hpp"
#include "daemon/config/config.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/models/model_promotion.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/promotion_store.hpp"
#include "daemon/store/connect.hpp"


#include <filesystem>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class promote_command : public command {
public:
  explicit promote_command(CLI::App& parent) {
    app_ = parent.add_subcommand("promote", "Put a candidate model in place of the live one (model.path), or roll back");
    app_->add_option("-c,--config", config_, "The daemon's config file (model.path, storage.path)")
        ->required()
        ->check(CLI::ExistingFile);
    auto* model = app_->add_option("--model", candidate_, "The candidate model file")->check(CLI::ExistingFile);
    auto* back = app_->add_flag("--rollback", rollback_, "Exchange the live model with the previous one");
    model->excludes(back);
    app_->add_option("--reviews-from", reviews_from_,
                     "Compare on the decisions made from this RFC 3339 time on (those the candidate was not trained on)");
    app_->add_option("--source", source_, "Compare on this source's decisions only");
    app_->add_option("--note", note_, "Why (kept with the promotion)");
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      if (candidate_.empty() && !rollback_)
        throw std::invalid_argument("give --model CANDIDATE, or --rollback");
      const auto cfg = load_config(config_);
      const auto live = cfg.model.path;
      std::optional<std::string> evaluation;
      if (!rollback_ && !cfg.storage.path.empty() && std::filesystem::exists(cfg.storage.path))
        evaluation = compare(cfg, live, out);
      const auto swap = rollback_ ? exchange_with_previous(live) : install_model(candidate_, live);
      if (!rollback_)
        keep_install(live); // the reload is the operator's: nothing here to undo it for
      out << (rollback_ ? "rolled back: " : "promoted: ") << swap.from_version << " -> " << swap.to_version << " at "
          << live.string() << " (the one it replaced is " << previous_model_path(live).string() << ")\n";
      record(cfg, swap, evaluation, err);
      out << "Reload the daemon to serve it: systemctl reload hatewatch (or kill -HUP <pid>)\n";
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch promote: " << e.what() << '\n';
      return 1;
    }
  }

private:
  std::optional<std::string> compare(const config& cfg, const std::filesystem::path& live, std::ostream& out) const {
    review_selection sel;
    sel.source = source_;
    if (!reviews_from_.empty()) {
      sel.decided_from = store::parse_rfc3339(reviews_from_);
      if (!sel.decided_from)
        throw std::invalid_argument("--reviews-from: '" + reviews_from_ + "' is not an RFC 3339 time");
    }
    const auto reviews = read_reviews(cfg.storage.path, sel);
    if (reviews.empty()) {
      out << "no reviewed comments to compare on: promoting without an evaluation\n";
      return std::nullopt;
    }
    const auto candidate = load_model_file(candidate_), current = load_model_file(live);
    const auto c = compare_on_reviews(*candidate, *current, reviews);
    print_comparison(c, candidate->version(), current->version(), out);
    return comparison_json(c, candidate->version(), current->version());
  }

  void record(const config& cfg, const model_swap& swap, const std::optional<std::string>& evaluation,
              std::ostream& err) const {
    if (cfg.storage.path.empty() || !std::filesystem::exists(cfg.storage.path))
      return;
    try {
      const auto conn = store::connect(cfg.storage, store::access::write, "hatewatch-promote");
      store::record_promotion(*conn, {0, rollback_ ? "rollback" : "promote", swap.from_version, swap.to_version, "cli",
                                   evaluation, note_.empty() ? std::nullopt : std::optional(note_), store::now_ms()});
    } catch (const std::exception& e) {
      err << "hatewatch promote: the model is in place, but the promotion could not be recorded in "
          << cfg.storage.path.string() << ": " << e.what() << '\n';
    }
  }

  std::string config_;
  std::string candidate_;
  bool rollback_ = false;
  std::string reviews_from_;
  std::string source_;
  std::string note_;
};

} // namespace

std::unique_ptr<command> make_promote_command(CLI::App& parent) {
  return std::make_unique<promote_command>(parent);
}

} // namespace hatewatch::daemon
