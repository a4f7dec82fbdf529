// hatewatch suite: a model's accuracy on a functional test suite, per functionality and per group
// (functional_suite.hpp).
#include "core/csv_reader.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/commands/functional_suite.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_loader.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <ostream>

namespace hatewatch::daemon {
namespace {

boost::json::array tallies_json(const std::vector<suite_tally>& list) {
  boost::json::array out;
  for (const auto& t : list)
    out.push_back({{"name", t.name}, {"cases", t.cases}, {"right", t.right}, {"accuracy", t.accuracy()}});
  return out;
}

class suite_command : public command {
public:
  explicit suite_command(CLI::App& parent) {
    app_ = parent.add_subcommand("suite", "Accuracy on a functional test suite, per functionality and group");
    app_->add_option("--model", model_, "Model file")->required()->check(CLI::ExistingFile);
    app_->add_option("--data", data_, "The suite: CSV functionality,label,group,text (label hate or not)")
        ->required()
        ->check(CLI::ExistingFile);
    app_->add_option("--threshold", threshold_, "Hate-speech probability at which a case counts as flagged")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app_->add_option("--show-wrong", show_, "Print up to this many cases the model gets wrong")
        ->capture_default_str();
    app_->add_flag("--json", json_, "Print the accuracies as JSON");
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      std::ifstream in(data_, std::ios::binary);
      if (!in)
        throw core::csv_error(data_ + ": cannot open");
      const auto cases = read_suite(in, data_);
      const auto m = load_model_file(model_);
      const auto r = run_suite(*m, cases, threshold_);
      if (json_) {
        out << boost::json::serialize(boost::json::object{
                   {"model", m->version()},
                   {"threshold", r.threshold},
                   {"overall", r.overall.accuracy()},
                   {"hateful", r.hateful.accuracy()},
                   {"not_hateful", r.not_hateful.accuracy()},
                   {"cases", r.overall.cases},
                   {"functionalities", tallies_json(r.functionalities)},
                   {"groups", tallies_json(r.groups)}})
            << '\n';
        return 0;
      }
      char line[200];
      out << "model " << m->version() << " on " << data_ << ", hate speech flagged at p >= " << r.threshold << "\n\n";
      std::snprintf(line, sizeof line, "%-24s %6s %6s %9s\n", "functionality", "label", "cases", "accuracy");
      out << line;
      for (const auto& t : r.functionalities) {
        std::snprintf(line, sizeof line, "%-24s %6s %6zu %9.3f\n", t.name.c_str(), t.hateful ? "hate" : "not",
                      t.cases, t.accuracy());
        out << line;
      }
      out << '\n';
      std::snprintf(line, sizeof line, "%-24s %6s %6s %9s\n", "group", "", "cases", "accuracy");
      out << line;
      for (const auto& t : r.groups) {
        std::snprintf(line, sizeof line, "%-24s %6s %6zu %9.3f\n", t.name.c_str(), "", t.cases, t.accuracy());
        out << line;
      }
      std::snprintf(line, sizeof line, "\noverall %.3f (%zu of %zu)   hateful %.3f   not hateful %.3f\n",
                    r.overall.accuracy(), r.overall.right, r.overall.cases, r.hateful.accuracy(),
                    r.not_hateful.accuracy());
      out << line;
      for (std::size_t i = 0; i < r.wrong.size() && i < show_; ++i) {
        const auto& c = cases[r.wrong[i]];
        out << (i == 0 ? "\nwrong:\n" : "") << "  [" << c.functionality << ", " << (c.hateful ? "hate" : "not")
            << "] " << c.text << '\n';
      }
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch suite: " << e.what() << '\n';
      return 1;
    }
  }

private:
  std::string model_, data_;
  double threshold_ = default_hate_speech_threshold;
  std::size_t show_ = 0;
  bool json_ = false;
};

} // namespace

std::unique_ptr<command> make_suite_command(CLI::App& parent) { return std::make_unique<suite_command>(parent); }

} // namespace hatewatch::daemon
