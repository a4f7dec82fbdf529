// hatewatch evaluate: metrics of a model on labelled data, or of the training options by
// stratified k-fold cross-validation.
#include "core/folds.hpp"
#include "core/metrics.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/commands/dataset_file.hpp"
#include "daemon/models/review_comparison.hpp"
#include "daemon/commands/corpus_evaluation.hpp"
#include "daemon/commands/train_flags.hpp"
#include "daemon/commands/training_data.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/base/clock.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <ostream>

namespace hatewatch::daemon {
namespace {

boost::json::object to_json(const core::evaluation& e) {
  boost::json::object classes;
  for (std::size_t k = 0; k < core::class_count; ++k) {
    const auto& c = e.classes[k];
    classes[core::class_names[k]] = {{"precision", c.precision},
                                     {"recall", c.recall},
                                     {"f1", c.f1},
                                     {"average_precision", c.average_precision},
                                     {"support", c.support}};
  }
  boost::json::array confusion;
  for (const auto& row : e.confusion)
    confusion.push_back(boost::json::array(row.begin(), row.end()));
  return {{"n", e.n},
          {"accuracy", e.accuracy},
          {"macro_f1", e.macro_f1},
          {"weighted_f1", e.weighted_f1},
          {"log_loss", e.log_loss},
          {"classes", std::move(classes)},
          {"confusion", std::move(confusion)}};
}

void print_table(const core::evaluation& e, const std::string& what, std::ostream& out) {
  char line[160];
  out << what << ", n = " << e.n << "\n\n";
  std::snprintf(line, sizeof line, "%-20s %9s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "avg prec",
                "support");
  out << line;
  for (std::size_t k = 0; k < core::class_count; ++k) {
    const auto& c = e.classes[k];
    std::snprintf(line, sizeof line, "%-20s %9.3f %9.3f %9.3f %9.3f %9zu\n", std::string(core::class_names[k]).c_str(),
                  c.precision, c.recall, c.f1, c.average_precision, c.support);
    out << line;
  }
  std::snprintf(line, sizeof line, "\nmacro F1 %.3f   weighted F1 %.3f   accuracy %.3f   log loss %.3f\n", e.macro_f1,
                e.weighted_f1, e.accuracy, e.log_loss);
  out << line << "\nconfusion (rows: true class, columns: predicted)\n";
  for (std::size_t t = 0; t < core::class_count; ++t) {
    std::snprintf(line, sizeof line, "%-20s %8zu %8zu %8zu\n", std::string(core::class_names[t]).c_str(),
                  e.confusion[t][0], e.confusion[t][1], e.confusion[t][2]);
    out << line;
  }
}

class evaluate_command : public command {
public:
  explicit evaluate_command(CLI::App& parent) {
    app_ = parent.add_subcommand("evaluate", "Measure a model on labelled data, or training options by k-fold CV");
    auto* data = app_->add_option("--data", data_,
                                  "Labelled data: KIND:PATH[:WEIGHT] (repeat for a mix; per-corpus report), or a "
                                  "bare PATH (Davidson or text,label CSV)");
    auto* manifest =
        app_->add_option("--manifest", manifest_, "YAML manifest of corpora and options")->check(CLI::ExistingFile);
    data->excludes(manifest);
    auto* matrix = app_->add_flag("--matrix", matrix_,
                                  "With --cv and corpora: also the cross-corpus matrix (each corpus alone, then the "
                                  "mix)");
    auto* model = app_->add_option("--model", model_, "Model file to evaluate")->check(CLI::ExistingFile);
    auto* cv = app_->add_option("--cv", folds_, "Cross-validate: train on k-1 folds, score the k-th (k >= 2)")
                   ->check(CLI::Range(2, 100));
    model->excludes(cv);
    matrix->needs(cv); // a model has no folds to train
    app_->add_flag("--json", json_, "Print the metrics as JSON");
    app_->add_flag("--thresholds", thresholds_,
                   "Also print hate-speech precision, recall and share flagged at thresholds 0.3-0.95 (for "
                   "sources[].thresholds; with --cv, over the out-of-fold predictions)");
    auto* reviews = app_->add_option("--reviews", reviews_,
                                     "A hatewatch database: compare --model (a candidate) with --against (the live "
                                     "model) on its moderators' decisions");
    reviews->excludes(data)->excludes(manifest)->excludes(cv);
    app_->add_option("--against", against_, "With --reviews: the model to compare with (the live one)")
        ->check(CLI::ExistingFile);
    app_->add_option("--reviews-from", reviews_from_,
                     "With --reviews: only decisions made at or after this RFC 3339 time (the ones the candidate "
                     "was not trained on: train --reviews-before the same time)");
    app_->add_option("--source", source_, "With --reviews: only the reviews of this source");
    flags_.add_to(*app_);
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      if (!reviews_.empty())
        return run_reviews(out);
      if (!against_.empty() || !reviews_from_.empty() || !source_.empty())
        throw std::invalid_argument("--against, --reviews-from and --source need --reviews");
      if (model_.empty() && folds_ == 0)
        throw std::invalid_argument("give --model FILE or --cv K");
      if (data_.empty() && manifest_.empty())
        throw std::invalid_argument("give --data or --manifest");
      if (!manifest_.empty() || data_.size() != 1 || parse_data_spec(data_[0]).kind)
        return run_corpora(out, err);
      if (matrix_)
        throw std::invalid_argument("--matrix needs corpora given as --data KIND:PATH");
      const auto data_path = data_[0];
      const auto data = read_dataset_file(data_path);
      core::evaluation result;
      std::string what;
      if (!model_.empty()) {
        const auto m = load_model_file(model_);
        result = score_all(*m, data, {});
        what = "model " + m->version() + " on " + data_path;
      } else {
        result = cross_validate(data, flags_.to_options(), err);
        what = std::to_string(folds_) + "-fold stratified CV (mean of folds) on " + data_path;
      }
      const auto table = thresholds_ ? core::threshold_table(pooled_truth_, pooled_predicted_, core::hate_speech, cuts_)
                                     : std::vector<core::threshold_point>{};
      if (json_) {
        auto j = to_json(result);
        if (thresholds_) {
          boost::json::array rows;
          for (const auto& p : table)
            rows.push_back({{"threshold", p.threshold}, {"precision", p.precision}, {"recall", p.recall},
                            {"flagged", p.flagged}});
          j["hate_speech_thresholds"] = std::move(rows);
        }
        out << boost::json::serialize(j) << '\n';
      } else {
        print_table(result, what, out);
        if (thresholds_) {
          out << "\nflagging hate speech at probability >= threshold:\n"
              << "threshold  precision    recall   flagged\n";
          for (const auto& p : table) {
            char line[96];
            std::snprintf(line, sizeof line, "%9.2f  %9.3f %9.3f %8.2f%%\n", p.threshold, p.precision, p.recall,
                          100 * p.flagged);
            out << line;
          }
        }
      }
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch evaluate: " << e.what() << '\n';
      return 1;
    }
  }

private:
  // Several corpora (or a kind given): the per-corpus report, and the matrix when asked.
  int run_corpora(std::ostream& out, std::ostream& err) {
    auto plan = plan_training(manifest_, data_, flags_);
    auto& options = plan.options;
    auto set = load_training_set(plan.specs);
    boost::json::object j;
    if (!model_.empty()) {
      const auto m = load_model_file(model_);
      mix_result r;
      core::vectorizer_scratch scratch;
      for (std::size_t i = 0; i < set.data.size(); ++i)
        (set.data[i].held_out ? r.test : r.cv).push_back(predict(*m, set.data[i], i, scratch));
      j["model"] = m->version();
      j["corpora"] = report_json(set, r);
      if (!json_) {
        out << "model " << m->version() << " (part cv: every row outside a test split)\n\n";
        print_report(set, r, out);
      }
      add_thresholds(set, r.cv, j, out);
    } else {
      if (matrix_)
        throw_if_no_corpora(set);
      assign_heads(set.corpora, flags_.main_heads, flags_.second_heads, flags_.hate_only);
      options.corpora = set.corpora;
      const auto k = static_cast<std::uint32_t>(folds_);
      j["folds"] = k;
      j["seed"] = options.seed;
      if (matrix_) {
        const auto rows = cross_corpus_matrix(set, options, k, err);
        j["matrix"] = matrix_json(set, rows);
        if (!json_)
          print_matrix(set, rows, out);
      } else {
        const auto r = daemon::cross_validate(set, options, k, {}, err);
        j["corpora"] = report_json(set, r);
        if (!json_) {
          out << k << "-fold grouped CV of the mix (seed " << options.seed << "); test: the authors' split, by a "
              << "model trained on every other row\n\n";
          print_report(set, r, out);
        }
        add_thresholds(set, r.cv, j, out);
      }
    }
    if (json_)
      out << boost::json::serialize(j) << '\n';
    return 0;
  }

  void add_thresholds(const training_set& set, const std::vector<prediction>& predictions, boost::json::object& j,
                      std::ostream& out) const {
    if (!thresholds_)
      return;
    if (json_)
      j["hate_speech_thresholds"] = thresholds_json(set, predictions, cuts_);
    else
      print_thresholds(set, predictions, cuts_, out);
  }

  static void throw_if_no_corpora(const training_set& set) {
    if (set.corpora.size() < 2)
      throw std::invalid_argument("--matrix needs two or more corpora");
  }

  core::evaluation score_all(const core::model& m, const std::vector<core::example>& data,
                             const std::vector<std::size_t>& subset) {
    std::vector<core::label> truth;
    std::vector<core::probabilities> predicted;
    core::vectorizer_scratch scratch;
    auto add = [&](std::size_t i) {
      truth.push_back(data[i].y);
      predicted.push_back(m.score(data[i].text, scratch));
    };
    if (subset.empty())
      for (std::size_t i = 0; i < data.size(); ++i)
        add(i);
    for (std::size_t i : subset)
      add(i);
    pooled_truth_.insert(pooled_truth_.end(), truth.begin(), truth.end());
    pooled_predicted_.insert(pooled_predicted_.end(), predicted.begin(), predicted.end());
    return core::evaluate(truth, predicted);
  }

  core::evaluation cross_validate(const std::vector<core::example>& data, const core::train_options& options,
                                  std::ostream& err) {
    std::vector<core::label> labels;
    for (const auto& e : data)
      labels.push_back(e.y);
    const auto fold = core::stratified_folds(labels, static_cast<std::uint32_t>(folds_), options.seed);
    std::vector<core::evaluation> results;
    for (std::uint32_t f = 0; f < static_cast<std::uint32_t>(folds_); ++f) {
      std::vector<std::size_t> train_idx, test_idx;
      for (std::size_t i = 0; i < data.size(); ++i)
        (fold[i] == f ? test_idx : train_idx).push_back(i);
      const auto m = core::train(data, options, train_idx);
      results.push_back(score_all(m, data, test_idx));
      char line[128];
      std::snprintf(line, sizeof line, "fold %u: macro F1 %.4f, hate AP %.4f\n", f + 1, results.back().macro_f1,
                    results.back().classes[0].average_precision);
      err << line;
    }
    return core::mean_of(results);
  }

  // --reviews: the candidate (--model) against the live model (--against) on decisions.
  int run_reviews(std::ostream& out) {
    if (model_.empty() || against_.empty())
      throw std::invalid_argument("--reviews compares two models: give --model CANDIDATE and --against LIVE");
    review_selection sel;
    sel.source = source_;
    if (!reviews_from_.empty()) {
      sel.decided_from = store::parse_rfc3339(reviews_from_);
      if (!sel.decided_from)
        throw std::invalid_argument("--reviews-from: '" + reviews_from_ +
                                    "' is not an RFC 3339 time such as 2026-11-27T10:00:00Z");
    }
    const auto reviews = read_reviews(reviews_, sel);
    if (reviews.empty())
      throw std::runtime_error(reviews_ + ": no reviewed comments" +
                               (source_.empty() ? std::string() : " of source '" + source_ + "'") +
                               (reviews_from_.empty() ? std::string() : " decided from " + reviews_from_));
    const auto candidate = load_model_file(model_), live = load_model_file(against_);
    const auto c = compare_on_reviews(*candidate, *live, reviews);
    if (json_) {
      out << comparison_json(c, candidate->version(), live->version()) << '\n';
    } else {
      print_comparison(c, candidate->version(), live->version(), out);
    }
    return 0;
  }

  std::vector<std::string> data_;
  std::string manifest_, model_, reviews_, against_, reviews_from_, source_;
  bool matrix_ = false;
  int folds_ = 0;
  bool json_ = false;
  bool thresholds_ = false;
  const std::vector<double> cuts_{0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9, 0.95};
  // Every prediction made, out of fold with --cv, for the threshold table.
  std::vector<core::label> pooled_truth_;
  std::vector<core::probabilities> pooled_predicted_;
  train_flags flags_;
};

} // namespace

std::unique_ptr<command> make_evaluate_command(CLI::App& parent) {
  return std::make_unique<evaluate_command>(parent);
}

} // namespace hatewatch::daemon
