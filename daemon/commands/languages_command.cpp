// hatewatch languages: what language identification (core/language_id.hpp) makes of corpora or
// lines of text, for a model: how many comments each rule decided, which languages were found,
// and the share called "not the model's language" -- on corpora in the model's language, that share
// is the rate of comments that would wrongly go unscored.
#include "core/language_id.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/commands/training_data.hpp"
#include "daemon/models/routed_scoring.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/models/model_set.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

struct tally {
  std::string name;
  std::size_t texts = 0;
  std::map<std::string, std::size_t> by_basis;
  std::map<std::string, std::size_t> by_language;
  std::map<std::string, std::size_t> routed; // with --by-language: the main language of the model that scores
  std::size_t other = 0; // found in a language the model does not read (core::model_reads)
  std::vector<std::string> examples;
};

class languages_command : public command {
public:
  explicit languages_command(CLI::App& parent) {
    app_ = parent.add_subcommand("languages", "Which languages a model's language identification finds in corpora");
    app_->add_option("--model", model_, "Model file")->required()->check(CLI::ExistingFile);
    app_->add_option("--data", data_, "A corpus, KIND:PATH (as for train); repeatable");
    app_->add_option("--lines", lines_, "A UTF-8 text file, one comment per line; repeatable")
        ->check(CLI::ExistingFile);
    app_->add_option("--show", show_,
                     "Print up to N comments per corpus found in another language (with --by-language: routed to "
                     "the default model)")
        ->capture_default_str();
    app_->add_flag("--json", json_, "Print the counts as JSON");
    app_->add_option("--by-language", by_language_,
                     "CODE=MODEL: route as the daemon's model.by_language does, and count which model scores each "
                     "comment; repeatable");
    // The rules' constants, for measuring other choices (core/language_id.hpp).
    app_->add_option("--min-letters", rules_.min_letters, "Fewer bytes of words: undetermined")->capture_default_str();
    app_->add_option("--min-known", rules_.min_known, "Known words needed to skip the detector")->capture_default_str();
    app_->add_option("--known-share", rules_.known_share, "Share of known words needed to skip the detector")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app_->add_option("--min-percent", rules_.min_percent, "The detector's least share of the text for its language")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      if (data_.empty() && lines_.empty())
        throw std::invalid_argument("give --data KIND:PATH or --lines FILE");
      const auto m = load_model_file(model_);
      const auto languages = m->languages();
      model_config routing;
      routing.path = model_;
      for (const auto& spec : by_language_) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
          throw std::invalid_argument("--by-language " + spec + ": expected CODE=MODEL");
        routing.by_language[spec.substr(0, eq)] = spec.substr(eq + 1);
      }
      const auto set = by_language_.empty() ? nullptr : load_models(routing);
      std::vector<tally> tallies;
      core::vectorizer_scratch s;
      auto count = [&](tally& t, const std::string& text) {
        if (set) {
          // Where the daemon's routing sends the text: the language of the model that scores it.
          const auto routed = score_routed(*set, text, 0);
          const std::string to = routed.language.supported ? routed.model->languages().front() : "unsupported";
          ++t.routed[to];
          if (to == languages.front() && t.examples.size() < show_)
            t.examples.push_back("-> " + to + " (" + core::language_basis_name(routed.language.guess.basis) + ")  " +
                                 text.substr(0, 120));
        }
        m->score(text, s);
        const auto g = core::identify_language(text, s, languages.front(), rules_);
        ++t.texts;
        ++t.by_basis[core::language_basis_name(g.basis)];
        ++t.by_language[g.code];
        if (!core::model_reads(g, languages)) {
          ++t.other;
          if (!set && t.examples.size() < show_)
            t.examples.push_back(g.code + "  " + text.substr(0, 120));
        }
      };
      for (const auto& spec : data_) {
        const auto set = load_training_set({parse_data_spec(spec)});
        tally t;
        t.name = set.corpora.empty() ? spec : set.corpora.front().name;
        for (const auto& e : set.data)
          count(t, e.text);
        tallies.push_back(std::move(t));
      }
      for (const auto& path : lines_) {
        std::ifstream in(path);
        if (!in)
          throw std::runtime_error(path + ": cannot be read");
        tally t;
        t.name = path;
        for (std::string line; std::getline(in, line);)
          if (!line.empty())
            count(t, line);
        tallies.push_back(std::move(t));
      }
      json_ ? print_json(out, *m, tallies) : print_text(out, *m, tallies);
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch languages: " << e.what() << '\n';
      return 1;
    }
  }

private:
  static double share(std::size_t n, std::size_t of) { return of ? static_cast<double>(n) / static_cast<double>(of) : 0.0; }

  void print_text(std::ostream& out, const core::model& m, const std::vector<tally>& tallies) const {
    const auto languages = m.languages();
    std::string joined;
    for (const auto& l : languages)
      joined += (joined.empty() ? "" : ",") + l;
    out << "model " << m.version() << " (languages: " << joined << ")\n";
    char line[200];
    for (const auto& t : tallies) {
      std::snprintf(line, sizeof line, "\n%s: %zu comments, %.2f%% in another language\n", t.name.c_str(), t.texts,
                    100 * share(t.other, t.texts));
      out << line << "  decided by:";
      for (const auto& [basis, n] : t.by_basis) {
        std::snprintf(line, sizeof line, " %s %.1f%%;", basis.c_str(), 100 * share(n, t.texts));
        out << line;
      }
      out << "\n  languages:";
      std::vector<std::pair<std::size_t, std::string>> sorted;
      for (const auto& [code, n] : t.by_language)
        sorted.emplace_back(n, code);
      std::sort(sorted.rbegin(), sorted.rend());
      for (std::size_t i = 0; i < sorted.size() && i < 12; ++i) {
        std::snprintf(line, sizeof line, " %s %zu;", sorted[i].second.c_str(), sorted[i].first);
        out << line;
      }
      out << '\n';
      if (!t.routed.empty()) {
        out << "  routed to the model of:";
        for (const auto& [code, n] : t.routed) {
          std::snprintf(line, sizeof line, " %s %.1f%%;", code.c_str(), 100 * share(n, t.texts));
          out << line;
        }
        out << '\n';
      }
      for (const auto& e : t.examples)
        out << "    " << e << '\n';
    }
  }

  void print_json(std::ostream& out, const core::model& m, const std::vector<tally>& tallies) const {
    boost::json::array corpora;
    for (const auto& t : tallies) {
      boost::json::object basis, langs;
      for (const auto& [k, n] : t.by_basis)
        basis[k] = n;
      for (const auto& [k, n] : t.by_language)
        langs[k] = n;
      boost::json::object routed;
      for (const auto& [k, n] : t.routed)
        routed[k] = n;
      corpora.push_back({{"name", t.name},
                         {"routed", std::move(routed)},
                         {"comments", t.texts},
                         {"other_language", t.other},
                         {"other_language_share", share(t.other, t.texts)},
                         {"decided_by", std::move(basis)},
                         {"languages", std::move(langs)}});
    }
    boost::json::array model_languages;
    for (const auto& l : m.languages())
      model_languages.push_back(boost::json::string(l));
    out << boost::json::serialize(boost::json::object{
               {"model", m.version()}, {"model_languages", std::move(model_languages)}, {"corpora", std::move(corpora)}})
        << '\n';
  }

  std::string model_;
  std::vector<std::string> data_;
  std::vector<std::string> lines_;
  std::vector<std::string> by_language_;
  std::size_t show_ = 0;
  bool json_ = false;
  core::language_rules rules_;
};

} // namespace

std::unique_ptr<command> make_languages_command(CLI::App& parent) {
  return std::make_unique<languages_command>(parent);
}

} // namespace hatewatch::daemon
