#include "daemon/commands/train_flags.hpp"

#include <charconv>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

// "1-2" -> {1, 2}; "0" -> {0, 0} (off); "3" -> {3, 3}.
std::pair<std::uint32_t, std::uint32_t> parse_range(const std::string& text, const char* flag) {
  auto number = [&](std::string_view s) {
    std::uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
      throw std::invalid_argument(std::string(flag) + ": expected a range such as 1-2, got '" + text + "'");
    return v;
  };
  const auto dash = text.find('-');
  if (dash == std::string::npos) {
    const auto v = number(text);
    return {v, v};
  }
  return {number(std::string_view(text).substr(0, dash)), number(std::string_view(text).substr(dash + 1))};
}

} // namespace

void train_flags::add_to(CLI::App& cmd) {
  auto& o = options;
  o = defaults;
  cmd.add_option("--c", o.c, "Inverse regularisation strength")->capture_default_str();
  cmd.add_option("--class-weight", class_weight, "balanced, none, or three weights 'w0,w1,w2'")->capture_default_str();
  cmd.add_option("--word-ngrams", word_ngrams, "Word n-gram lengths, e.g. 1-2 (0 for none)")->capture_default_str();
  cmd.add_option("--char-ngrams", char_ngrams, "Character n-gram lengths, e.g. 2-5 (0 for none)")
      ->capture_default_str();
  cmd.add_option("--min-df", o.features.min_df, "Drop features seen in fewer documents")->capture_default_str();
  cmd.add_option("--max-df", o.features.max_df, "Drop features seen in more than this fraction of documents")
      ->capture_default_str();
  cmd.add_option("--char-weight", o.features.char_weight, "Scale of the character block")->capture_default_str();
  cmd.add_option("--text-rules", o.features.text_rules,
                 "Text rules: 1 (first release), 2 (evasion-robust normalisation, emoji names) or 3 (also styled letters, group and negation features)")
      ->capture_default_str();
  cmd.add_flag("!--no-sublinear-tf", o.features.sublinear_tf, "Use raw term counts instead of 1 + ln(tf)");
  cmd.add_flag("!--no-smooth-idf", o.features.smooth_idf, "Use ln(n/df) + 1 instead of ln((1+n)/(1+df)) + 1");
  cmd.add_option("--link", link, "Decision values to probabilities: ovr (normalised sigmoids) or softmax")
      ->check(CLI::IsMember({"ovr", "softmax"}))
      ->capture_default_str();
  cmd.add_option("--penalty", penalty, "Regularisation: l2, l1, or l2+l1 (the two models' weights averaged)")
      ->check(CLI::IsMember({"l2", "l1", "l2+l1"}))
      ->capture_default_str();
  cmd.add_option("--epsilon", o.epsilon, "liblinear stopping tolerance")->capture_default_str();
  cmd.add_option("--bias", o.bias, "Intercept feature value (0 for no intercept)")->capture_default_str();
  cmd.add_option("--seed", o.seed, "Seed for every random choice")->capture_default_str();
  cmd.add_flag("--augment", o.augment, "Train with shared and per-corpus copies of the features; keep the shared");
  cmd.add_flag("--corpus-intercepts", o.corpus_intercepts,
               "With corpora: an intercept per corpus while training (keeps words from learning a corpus's hate "
               "rate); the model keeps the shared one");
  cmd.add_option("--calibrate", o.calibration_folds,
                 "Fit the calibration on K-fold out-of-fold predictions (0: none)")
      ->capture_default_str();
  cmd.add_option("--main-head", main_heads,
                 "Corpora that train the three-class head: all, none or names (default: all, or as the manifest says)");
  cmd.add_option("--second-head", second_heads,
                 "Corpora that train a second hate-speech head, combined by max: all, none or names");
  cmd.add_option("--hate-only", hate_only,
                 "Corpora whose offensive/neither labels are not used (only hate speech against the rest): "
                 "all, none or names");
  added_.clear();
  for (const char* name : {"--c", "--class-weight", "--word-ngrams", "--char-ngrams", "--min-df", "--max-df",
                           "--char-weight", "--text-rules", "--no-sublinear-tf", "--no-smooth-idf", "--link", "--penalty", "--epsilon",
                           "--bias", "--seed", "--augment", "--corpus-intercepts", "--calibrate", "--main-head", "--second-head", "--hate-only"})
    added_.push_back(cmd.get_option(name));
}

bool train_flags::any_given() const {
  for (const auto* o : added_)
    if (o->count() > 0)
      return true;
  return false;
}

void train_flags::parse_words(const std::vector<std::string>& words) {
  CLI::App parser("manifest options");
  add_to(parser);
  std::vector<std::string> reversed(words.rbegin(), words.rend()); // CLI11 takes them last first
  try {
    parser.parse(reversed);
  } catch (const CLI::ParseError& e) {
    throw std::invalid_argument(std::string("manifest options: ") + e.what());
  }
}

core::train_options train_flags::to_options() const {
  core::train_options o = options;
  std::tie(o.features.word_ngram_min, o.features.word_ngram_max) = parse_range(word_ngrams, "--word-ngrams");
  std::tie(o.features.char_ngram_min, o.features.char_ngram_max) = parse_range(char_ngrams, "--char-ngrams");
  o.link = link == "softmax" ? core::probability_link::softmax : core::probability_link::one_vs_rest;
  o.penalty = penalty == "l2" ? core::penalty::l2 : penalty == "l1" ? core::penalty::l1 : core::penalty::l2_l1;
  if (class_weight == "balanced") {
    o.weighting = core::class_weighting::balanced;
  } else if (class_weight == "none") {
    o.weighting = core::class_weighting::none;
  } else {
    o.weighting = core::class_weighting::custom;
    std::size_t start = 0;
    for (std::size_t k = 0; k < core::class_count; ++k) {
      const auto comma = class_weight.find(',', start);
      const bool last = k + 1 == core::class_count;
      if ((comma == std::string::npos) != last)
        throw std::invalid_argument("--class-weight: expected balanced, none or 'w0,w1,w2', got '" + class_weight +
                                    "'");
      const auto part = class_weight.substr(start, last ? std::string::npos : comma - start);
      try {
        std::size_t used = 0;
        o.class_weights[k] = std::stod(part, &used);
        if (used != part.size())
          throw std::invalid_argument(part);
      } catch (const std::exception&) {
        throw std::invalid_argument("--class-weight: '" + part + "' is not a number");
      }
      start = comma + 1;
    }
  }
  o.validate();
  return o;
}

} // namespace hatewatch::daemon
