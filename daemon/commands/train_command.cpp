// hatewatch train: trains a model from one or more labelled corpora and writes the model file.
#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/commands/training_data.hpp"

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
  std::vector<std::string> data_;
  std::string manifest_, out_, name_, languages_;
  train_flags flags_;
};

} // namespace

std::unique_ptr<command> make_train_command(CLI::App& parent) {
  return std::make_unique<train_command>(parent);
}

} // namespace hatewatch::daemon
