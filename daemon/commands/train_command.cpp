// hatewatch train: trains a model from one or more labelled corpora and writes the model file.
#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/models/review_corpus.hpp"
#include "daemon/commands/training_data.hpp"
#include "daemon/base/clock.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class train_command : public command {
public:
  explicit train_command(CLI::App& parent) {
    app_ = parent.add_subcommand("train", "Train a model from labelled corpora (--data, repeated, or --manifest)");
    auto* data = app_->add_option("--data", data_,
                                  "Training data: KIND:PATH[:WEIGHT] (kinds davidson, stormfront, ethos, "
                                  "hatemojibuild, hatexplain, text), or a bare PATH (Davidson or text,label CSV)");
    auto* manifest = app_->add_option("--manifest", manifest_, "YAML manifest of corpora and options")
                         ->check(CLI::ExistingFile);
    data->excludes(manifest);
    app_->add_option("--out", out_, "Model file to write")->required();
    app_->add_option("--name", name_, "Model name, recorded in the file and its version (default: the manifest's "
                                      "name, else --out's stem)");
    app_->add_option("--languages", languages_,
                     "Languages the model reads, comma-separated ISO 639-1 codes (default: the manifest's, else "
                     "en); the daemon sends comments in other languages elsewhere or leaves them unscored");
    app_->add_option("--reviews", reviews_,
                     "A hatewatch database: its moderators' current decisions are trained on too, as one more "
                     "corpus, 'reviews'");
    app_->add_option("--reviews-weight", reviews_weight_,
                     "How many times each reviewed comment counts (a multiple of 0.25 up to 16)")
        ->capture_default_str();
    app_->add_option("--source", source_, "Only the reviews of this source");
    app_->add_option("--reviews-before", reviews_before_,
                     "Only decisions made before this RFC 3339 time (the rest can test the model: evaluate)");
    flags_.add_to(*app_);
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      auto plan = plan_training(manifest_, data_, flags_);
      auto& options = plan.options;
      std::string name = name_.empty() ? plan.name : name_;
      if (name.empty())
        name = std::filesystem::path(out_).stem().string();
      const auto started = std::chrono::steady_clock::now();
      auto set = load_training_set(plan.specs);
      if (!reviews_.empty()) {
        const auto reviews = read_reviews(reviews_, selection());
        if (reviews.empty())
          throw std::runtime_error(reviews_ + ": no reviewed comments" +
                                   (source_.empty() ? std::string() : " of source '" + source_ + "'") +
                                   (reviews_before_.empty() ? std::string() : " decided before " + reviews_before_));
        add_reviews(set, reviews, reviews_weight_);
        out << "reviews: " << reviews.size() << " reviewed comments from " << reviews_ << ", each counted "
            << reviews_weight_ << " times\n";
      } else if (!source_.empty() || !reviews_before_.empty()) {
        throw std::invalid_argument("--source and --reviews-before select reviews: give --reviews");
      }
      assign_heads(set.corpora, flags_.main_heads, flags_.second_heads, flags_.hate_only);
      options.corpora = set.corpora;
      const auto languages = languages_.empty() ? plan.languages : parse_languages(languages_, "--languages");
      std::map<std::string, std::string> info{{"name", name}};
      if (!languages.empty()) {
        // Written only when given, so a model of the default (English) is the same file as before.
        auto& list = info["languages"];
        for (const auto& code : languages)
          list += (list.empty() ? "" : ", ") + code;
      }
      const auto m = core::train(set.data, options, {}, info);
      // Write beside the target and rename, so a failed run never leaves half a model in place.
      const auto tmp = out_ + ".tmp";
      std::uint64_t sum;
      {
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        if (!file)
          throw std::runtime_error("cannot create " + tmp);
        sum = core::write_model(m, file);
        file.close();
        if (!file)
          throw std::runtime_error("cannot write " + tmp);
      }
      std::filesystem::rename(tmp, out_);
      const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      out << "trained " << core::model_version(m.info(), sum) << " (reads";
      for (const auto& code : m.languages())
        out << ' ' << code;
      out << ") on " << m.info().at("training_examples")
          << " examples, " << m.table().size() << " features, in " << seconds << " s -> " << out_ << '\n';
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch train: " << e.what() << '\n';
      return 1;
    }
  }

private:
  review_selection selection() const {
    review_selection sel;
    sel.source = source_;
    if (!reviews_before_.empty()) {
      sel.decided_before = store::parse_rfc3339(reviews_before_);
      if (!sel.decided_before)
        throw std::invalid_argument("--reviews-before: '" + reviews_before_ +
                                    "' is not an RFC 3339 time such as 2026-11-27T10:00:00Z");
    }
    return sel;
  }

  std::vector<std::string> data_;
  std::string reviews_, source_, reviews_before_;
  double reviews_weight_ = 1.0;
  std::string manifest_, out_, name_, languages_;
  train_flags flags_;
};

} // namespace

std::unique_ptr<command> make_train_command(CLI::App& parent) {
  return std::make_unique<train_command>(parent);
}

} // namespace hatewatch::daemon
