// Fuzz target for everything a comment's bytes go through before a score: normalisation, tokens,
// n-grams, vectorising, scoring and explanations. Any input must keep these invariants; a crash,
// a sanitizer report or a failed check is a bug.
//
// Built two ways: as a libFuzzer binary with clang (-DHATEWATCH_FUZZ=ON), and into the test suite
// through fuzz_smoke_test.cpp, which feeds it a fixed set of generated inputs on every run.
#include "core/model.hpp"
#include "core/trainer.hpp"
#include "support/tiny_corpus.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

const hatewatch::core::model& fuzz_model() {
  static const auto m = hatewatch::core::train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options());
  return m;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hatewatch::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static thread_local vectorizer_scratch scratch;

  for (std::uint32_t rules = 1; rules <= latest_text_rules; ++rules) {
    normalize(text, scratch.norm, rules);
    const auto& n = scratch.norm;
    check(n.source_begin.size() == n.text.size() && n.source_end.size() == n.text.size(), "offset arrays sized");
    for (std::size_t i = 0; i < n.text.size(); ++i)
      check(n.source_begin[i] < n.source_end[i] && n.source_end[i] <= size, "offsets inside the input");
    if (rules >= 2) {
      // The deobfuscation pass's quick scan skips only what the full pass would leave unchanged.
      static thread_local normalized_text full;
      normalize(text, full, rules, true);
      check(full.text == n.text && full.source_begin == n.source_begin && full.source_end == n.source_end,
            "quick scan agrees with the full pass");
    }
    tokenize(n.text, scratch.tokens, rules);
    for (const auto& t : scratch.tokens)
      check(t.begin < t.end && t.end <= n.text.size() && !t.key.empty(), "token inside the text");
  }

  const auto p = fuzz_model().score(text, scratch);
  check(std::abs(p[0] + p[1] + p[2] - 1.0) < 1e-9, "probabilities sum to 1");
  for (double x : p)
    check(std::isfinite(x) && x >= 0 && x <= 1, "probability in [0, 1]");

  for (const auto& c : fuzz_model().explain(text, 10, scratch)) {
    check(c.begin < c.end && c.end <= size, "explanation inside the input");
    check(text.substr(c.begin, c.end - c.begin) == c.ngram, "explanation quotes the input");
    check(c.weight > 0, "explanation pushes hate speech up");
  }
  return 0;
}
