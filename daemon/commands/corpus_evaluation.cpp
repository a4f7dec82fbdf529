#include "daemon/commands/corpus_evaluation.hpp"

#include "core/folds.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ostream>

namespace hatewatch::daemon {
namespace {

std::size_t arg_max(const core::probabilities& p) {
  return static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
}

boost::json::object metrics_json(const corpus_metrics& m) {
  boost::json::object o{{"n", m.n}};
  auto put = [&](const char* key, double v) {
    if (!std::isnan(v))
      o[key] = v;
  };
  put("hate_ap", m.hate_ap);
  put("hate_accuracy", m.hate_accuracy);
  put("macro_f1", m.macro_f1);
  put("offence_f1", m.offence_f1);
  put("offence_ap", m.offence_ap);
  put("ece_before", m.ece_before);
  put("ece_after", m.ece_after);
  return o;
}

std::string cell(double v) {
  if (std::isnan(v))
    return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

} // namespace

prediction predict(const core::model& m, const core::example& e, std::size_t row, core::vectorizer_scratch& s) {
  const auto raw = m.raw_decision_values(e.text, s);
  return {row, core::model::link_probabilities(core::model::combine(raw, m.heads(), {}), m.link()),
          core::model::link_probabilities(core::model::combine(raw, m.heads(), m.calibration()), m.link())};
}

corpus_metrics measure(const training_set& set, const std::vector<prediction>& predictions, std::size_t corpus) {
  corpus_metrics m;
  std::vector<bool> hate;
  std::vector<double> before, after;
  std::vector<core::label> truth;
  std::vector<core::probabilities> predicted;
  std::size_t correct = 0;
  for (const auto& p : predictions) {
    const auto& e = set.data[p.row];
    if (e.corpus != corpus)
      continue;
    hate.push_back(e.y == core::hate_speech);
    before.push_back(p.before[0]);
    after.push_back(p.after[0]);
    truth.push_back(e.y);
    predicted.push_back(p.after);
    correct += (arg_max(p.after) == 0) == (e.y == core::hate_speech);
  }
  m.n = hate.size();
  if (m.n == 0)
    return m;
  m.hate_ap = core::average_precision(hate, after);
  m.hate_accuracy = static_cast<double>(correct) / static_cast<double>(m.n);
  m.ece_before = core::expected_calibration_error(hate, before);
  m.ece_after = core::expected_calibration_error(hate, after);
  const auto scheme = set.corpora.empty() ? core::label_scheme::three_class
                                           : core::label_scheme_of(set.corpora[corpus].kind);
  if (scheme == core::label_scheme::three_class)
    m.macro_f1 = core::evaluate(truth, predicted).macro_f1;
  if (scheme == core::label_scheme::neither_or_not)
    m.hate_ap = m.hate_accuracy = m.ece_before = m.ece_after = NAN; // the labels never say hate speech
  if (scheme != core::label_scheme::hate_or_not) {
    std::vector<bool> offence;
    std::vector<double> not_neither;
    std::array<std::array<double, 2>, 2> count{}; // [truth][said], 1 = offence
    for (std::size_t i = 0; i < truth.size(); ++i) {
      offence.push_back(truth[i] != core::neither);
      not_neither.push_back(1.0 - predicted[i][core::neither]);
      ++count[offence.back()][predicted[i][core::neither] < 0.5];
    }
    double f1 = 0;
    for (int k = 0; k < 2; ++k) {
      const double tp = count[k][k], fp = count[1 - k][k], fn = count[k][1 - k];
      f1 += tp == 0 ? 0.0 : 2 * tp / (2 * tp + fp + fn);
    }
    m.offence_f1 = f1 / 2;
    m.offence_ap = core::average_precision(offence, not_neither);
  }
  return m;
}

mix_result cross_validate(const training_set& set, const core::train_options& options, std::uint32_t folds,
                          const std::vector<bool>& use, std::ostream& log) {
  auto in_use = [&](const core::example& e) { return use.empty() || use[e.corpus]; };
  std::vector<std::size_t> rows, test_rows;
  for (std::size_t i = 0; i < set.data.size(); ++i)
    (set.data[i].held_out ? test_rows : rows).push_back(i);
  const auto fold = core::grouped_folds(set.data, rows, folds, options.seed);
  mix_result r;
  core::vectorizer_scratch scratch;
  for (std::uint32_t f = 0; f < folds; ++f) {
    std::vector<std::size_t> train_idx;
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (fold[k] != f && in_use(set.data[rows[k]]))
        train_idx.push_back(rows[k]);
    const auto m = core::train(set.data, options, train_idx);
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (fold[k] == f)
        r.cv.push_back(predict(m, set.data[rows[k]], rows[k], scratch));
    log << "fold " << f + 1 << "/" << folds << " done\n" << std::flush;
  }
  if (!test_rows.empty()) {
    std::vector<std::size_t> train_idx;
    for (std::size_t i : rows)
      if (in_use(set.data[i]))
        train_idx.push_back(i);
    const auto m = core::train(set.data, options, train_idx);
    for (std::size_t i : test_rows)
      r.test.push_back(predict(m, set.data[i], i, scratch));
    log << "test splits scored\n" << std::flush;
  }
  return r;
}

std::vector<core::threshold_point> hate_thresholds(const training_set& set, const std::vector<prediction>& predictions,
                                                   std::size_t corpus, const std::vector<double>& cuts) {
  // A corpus that tells only neither from the rest is measured on what a source flags its comments
  // by (thresholds.not_neither): 1 - p(neither) against "not neither".
  const bool not_neither = !set.corpora.empty() && corpus < set.corpora.size() &&
                           core::label_scheme_of(set.corpora[corpus].kind) == core::label_scheme::neither_or_not;
  std::vector<core::label> truth;
  std::vector<core::probabilities> predicted;
  for (const auto& p : predictions)
    if (set.data[p.row].corpus == corpus) {
      const auto y = set.data[p.row].y;
      truth.push_back(not_neither ? (y == core::neither ? core::neither : core::hate_speech) : y);
      predicted.push_back(not_neither ? core::probabilities{1.0 - p.after[2], 0.0, p.after[2]} : p.after);
    }
  return core::threshold_table(truth, predicted, core::hate_speech, cuts);
}

boost::json::object thresholds_json(const training_set& set, const std::vector<prediction>& predictions,
                                    const std::vector<double>& cuts) {
  boost::json::object out;
  for (std::size_t c = 0; c < set.corpora.size(); ++c) {
    boost::json::array rows;
    for (const auto& p : hate_thresholds(set, predictions, c, cuts))
      rows.push_back({{"threshold", p.threshold}, {"precision", p.precision}, {"recall", p.recall},
                      {"flagged", p.flagged}});
    out[set.corpora[c].name] = std::move(rows);
  }
  return out;
}

void print_thresholds(const training_set& set, const std::vector<prediction>& predictions,
                      const std::vector<double>& cuts, std::ostream& out) {
  out << "\nflagging hate speech at probability >= threshold (precision / recall / share flagged; for a corpus\n"
         "marked *, which tells only neither from the rest, not neither at 1 - p(neither) >= threshold):\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-16s", "threshold");
  out << buf;
  for (double t : cuts) {
    std::snprintf(buf, sizeof buf, " %18.2f", t);
    out << buf;
  }
  out << '\n';
  for (std::size_t c = 0; c < set.corpora.size(); ++c) {
    // A corpus of test rows only has no out-of-fold predictions to count.
    if (std::none_of(predictions.begin(), predictions.end(),
                     [&](const prediction& p) { return set.data[p.row].corpus == c; }))
      continue;
    const bool starred = core::label_scheme_of(set.corpora[c].kind) == core::label_scheme::neither_or_not;
    std::snprintf(buf, sizeof buf, "%-16s", (set.corpora[c].name + (starred ? " *" : "")).c_str());
    out << buf;
    for (const auto& p : hate_thresholds(set, predictions, c, cuts)) {
      std::snprintf(buf, sizeof buf, " %5.2f/%5.2f/%5.1f%%", p.precision, p.recall, 100 * p.flagged);
      out << buf;
    }
    out << '\n';
  }
}

boost::json::object report_json(const training_set& set, const mix_result& r) {
  boost::json::object out;
  for (std::size_t c = 0; c < set.corpora.size(); ++c) {
    boost::json::object o{{"cv", metrics_json(measure(set, r.cv, c))}};
    if (const auto t = measure(set, r.test, c); t.n > 0)
      o["test"] = metrics_json(t);
    out[set.corpora[c].name] = std::move(o);
  }
  return out;
}

void print_report(const training_set& set, const mix_result& r, std::ostream& out) {
  char line[200];
  std::snprintf(line, sizeof line, "%-16s %-5s %7s %8s %9s %9s %10s %10s %11s %10s\n", "corpus", "part", "n",
                "hate AP", "hate acc", "macro F1", "offence F1", "offence AP", "ECE before", "ECE after");
  out << line;
  for (std::size_t c = 0; c < set.corpora.size(); ++c)
    for (const auto& [part, preds] : {std::pair{"cv", &r.cv}, std::pair{"test", &r.test}}) {
      const auto m = measure(set, *preds, c);
      if (m.n == 0)
        continue;
      std::snprintf(line, sizeof line, "%-16s %-5s %7zu %8s %9s %9s %10s %10s %11s %10s\n",
                    set.corpora[c].name.c_str(), part, m.n, cell(m.hate_ap).c_str(), cell(m.hate_accuracy).c_str(),
                    cell(m.macro_f1).c_str(), cell(m.offence_f1).c_str(), cell(m.offence_ap).c_str(),
                    cell(m.ece_before).c_str(), cell(m.ece_after).c_str());
      out << line;
    }
}

std::vector<matrix_row> cross_corpus_matrix(const training_set& set, const core::train_options& options,
                                            std::uint32_t folds, std::ostream& log) {
  std::vector<matrix_row> rows;
  auto add = [&](const std::string& name, const core::train_options& o, const std::vector<bool>& use) {
    log << "training on " << name << '\n';
    const auto r = cross_validate(set, o, folds, use, log);
    matrix_row row{name, {}, {}};
    for (std::size_t c = 0; c < set.corpora.size(); ++c) {
      row.cv.push_back(measure(set, r.cv, c));
      row.test.push_back(measure(set, r.test, c));
    }
    rows.push_back(std::move(row));
  };
  for (std::size_t c = 0; c < set.corpora.size(); ++c) {
    // A corpus of test rows only (a held-out split, a functional suite) has nothing to train on.
    if (std::none_of(set.data.begin(), set.data.end(),
                     [&](const core::example& e) { return e.corpus == c && !e.held_out; }))
      continue;
    // A corpus alone trains the main head, whatever its role in the mix.
    auto o = options;
    for (auto& k : o.corpora) {
      k.main_head = true;
      k.second_head = false;
    }
    std::vector<bool> use(set.corpora.size(), false);
    use[c] = true;
    add(set.corpora[c].name, o, use);
  }
  add("mix", options, {});
  return rows;
}

boost::json::array matrix_json(const training_set& set, const std::vector<matrix_row>& rows) {
  boost::json::array out;
  for (const auto& row : rows) {
    boost::json::object o{{"trained_on", row.trained_on}};
    for (std::size_t c = 0; c < set.corpora.size(); ++c) {
      boost::json::object cellj{{"cv", metrics_json(row.cv[c])}};
      if (row.test[c].n > 0)
        cellj["test"] = metrics_json(row.test[c]);
      o[set.corpora[c].name] = std::move(cellj);
    }
    out.push_back(std::move(o));
  }
  return out;
}

void print_matrix(const training_set& set, const std::vector<matrix_row>& rows, std::ostream& out) {
  out << "\ncross-corpus matrix: hate AP on each corpus's out-of-fold rows (macro F1 where the corpus has "
         "three classes; test accuracy where it has a test split)\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-16s", "trained on");
  out << buf;
  for (const auto& c : set.corpora) {
    std::snprintf(buf, sizeof buf, " %22s", c.name.c_str());
    out << buf;
  }
  out << '\n';
  for (const auto& row : rows) {
    std::snprintf(buf, sizeof buf, "%-16s", row.trained_on.c_str());
    out << buf;
    for (std::size_t c = 0; c < set.corpora.size(); ++c) {
      std::string v = cell(row.cv[c].hate_ap);
      if (!std::isnan(row.cv[c].macro_f1))
        v += " F1 " + cell(row.cv[c].macro_f1);
      if (row.test[c].n > 0)
        v += " acc " + cell(row.test[c].hate_accuracy);
      std::snprintf(buf, sizeof buf, " %22s", v.c_str());
      out << buf;
    }
    out << '\n';
  }
}

} // namespace hatewatch::daemon
