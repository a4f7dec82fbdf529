// The text check: everything a comment's bytes go through before a score (normalisation, tokens,
// n-grams, vectorising, scoring and explanations). See fuzz_checks.hpp.
#include "fuzz/fuzz_checks.hpp"

#include "core/language_id.hpp"
#include "core/model.hpp"
#include "core/utf8.hpp"
#include "core/trainer.hpp"
#include "support/tiny_corpus.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

const hatewatch::core::model& fuzz_model() {
  static const auto m = hatewatch::core::train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options());
  return m;
}

} // namespace

namespace hatewatch::test {

const char* check_text(std::string_view text) {
  using namespace hatewatch::core;
  static thread_local vectorizer_scratch scratch;
  const auto size = text.size();
#define HW_CHECK(ok, what)                                                                                             \
  if (!(ok))                                                                                                           \
    return what;

  for (std::uint32_t rules = 1; rules <= latest_text_rules; ++rules) {
    normalize(text, scratch.norm, rules);
    const auto& n = scratch.norm;
    HW_CHECK(n.source_begin.size() == n.text.size() && n.source_end.size() == n.text.size(), "offset arrays sized");
    for (std::size_t i = 0; i < n.text.size(); ++i)
      HW_CHECK(n.source_begin[i] < n.source_end[i] && n.source_end[i] <= size, "offsets inside the input");
    if (rules >= 2) {
      // The deobfuscation pass's quick scan skips only what the full pass would leave unchanged.
      static thread_local normalized_text full, bare;
      normalize(text, full, rules, true);
      HW_CHECK(full.text == n.text && full.source_begin == n.source_begin && full.source_end == n.source_end,
               "quick scan agrees with the full pass");
      // Scoring skips the source ranges; the text must not change with them.
      normalize(text, bare, rules, false, false);
      HW_CHECK(bare.text == n.text && bare.source_begin.empty(), "the text is the same without source ranges");
    }
    tokenize(n.text, scratch.tokens, rules);
    for (const auto& t : scratch.tokens)
      HW_CHECK(t.begin < t.end && t.end <= n.text.size() && !t.key.empty(), "token inside the text");
  }

  const auto p = fuzz_model().score(text, scratch);
  HW_CHECK(std::abs(p[0] + p[1] + p[2] - 1.0) < 1e-9, "probabilities sum to 1");
  for (double x : p)
    HW_CHECK(std::isfinite(x) && x >= 0 && x <= 1, "probability in [0, 1]");

  // Language identification of what was just scored (CLD2 gets the bytes, sanitised).
  HW_CHECK(scratch.known_words <= scratch.words, "known words are words");
  const auto g = identify_language(text, scratch, "en");
  HW_CHECK(!g.code.empty() && g.confidence >= 0 && g.confidence <= 1, "a language code and a confidence in [0, 1]");
  HW_CHECK(g.determined() || g.confidence == 0, "an undetermined language has no confidence");
  HW_CHECK(utf8::sanitize(g.code) == g.code, "the language code is valid UTF-8");
  HW_CHECK(detect_language(text).code.rfind("xx-", 0) != 0, "no script pseudo-language");

  const auto explained = fuzz_model().score_explained(text, 10, scratch);
  HW_CHECK(explained.p == p, "score_explained scores as score does");
  for (const auto& c : explained.explanation) {
    HW_CHECK(c.begin < c.end && c.end <= size, "explanation inside the input");
    HW_CHECK(text.substr(c.begin, c.end - c.begin) == c.ngram, "explanation quotes the input");
    HW_CHECK(c.weight > 0, "explanation pushes hate speech up");
  }
#undef HW_CHECK
  return nullptr;
}

} // namespace hatewatch::test
