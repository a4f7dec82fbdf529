// hatewatch bias: the identity-term false-positive rates of a model (bias_check.hpp).
#include "daemon/commands/bias_check.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_loader.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class bias_command : public command {
public:
  explicit bias_command(CLI::App& parent) {
    app_ = parent.add_subcommand("bias", "False-positive rate per identity term on non-hateful template sentences");
    app_->add_option("--model", model_, "Model file")->required()->check(CLI::ExistingFile);
    app_->add_option("--identities", identities_, "Identity terms, one per line")
        ->check(CLI::ExistingFile)
        ->capture_default_str();
    app_->add_option("--templates", templates_, "Sentence templates with one {}, one per line")
        ->check(CLI::ExistingFile)
        ->capture_default_str();
    app_->add_option("--threshold", threshold_, "Hate-speech probability at which a sentence counts as flagged")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app_->add_flag("--json", json_, "Print the rates as JSON");
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      const auto m = load_model_file(model_);
      const auto r = check_bias(*m, read_lines(identities_), read_lines(templates_), threshold_);
      if (json_) {
        boost::json::array ids;
        for (const auto& i : r.identities)
          ids.push_back({{"identity", i.identity},
                         {"sentences", i.sentences},
                         {"flagged", i.flagged},
                         {"false_positive_rate", i.rate()},
                         {"mean_hate_speech", i.mean_hate}});
        out << boost::json::serialize(boost::json::object{{"model", m->version()},
                                                          {"threshold", r.threshold},
                                                          {"sentences", r.sentences},
                                                          {"false_positive_rate", r.overall_rate()},
                                                          {"identities", std::move(ids)}})
            << '\n';
        return 0;
      }
      char line[160];
      out << "model " << m->version() << ", hate speech flagged at p >= " << r.threshold << "\n\n";
      std::snprintf(line, sizeof line, "%-22s %9s %8s %9s\n", "identity", "sentences", "FPR", "mean p");
      out << line;
      for (const auto& i : r.identities) {
        std::snprintf(line, sizeof line, "%-22s %9zu %7.1f%% %9.3f\n", i.identity.c_str(), i.sentences,
                      100 * i.rate(), i.mean_hate);
        out << line;
      }
      std::snprintf(line, sizeof line, "\noverall: %zu of %zu flagged, %.1f%%\n", r.flagged, r.sentences,
                    100 * r.overall_rate());
      out << line;
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch bias: " << e.what() << '\n';
      return 1;
    }
  }

private:
  std::string model_;
  std::string identities_ = "models/bias/identities.txt";
  std::string templates_ = "models/bias/templates.txt";
  double threshold_ = default_hate_speech_threshold;
  bool json_ = false;
};

} // namespace

std::unique_ptr<command> make_bias_command(CLI::App& parent) {
  return std::make_unique<bias_command>(parent);
}

} // namespace hatewatch::daemon
