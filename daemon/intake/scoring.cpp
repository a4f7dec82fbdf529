#include "daemon/intake/scoring.hpp"

#include "core/text_windows.hpp"
#include "core/utf8.hpp"
#include "daemon/intake/sentences.hpp"
#include "daemon/score_json.hpp"

#include <algorithm>
#include <memory>
#include <vector>

namespace hatewatch::daemon {

bool crosses_thresholds(const core::probabilities& p, const source_config& src) {
  if (p[0] >= src.hate_speech_threshold)
    return true;
  return src.offensive_language_threshold >= 0 && p[1] >= src.offensive_language_threshold;
}

std::vector<std::string> alerts_for(const store::comment_record& c, const source_config& src) {
  const bool alerts = c.unsupported ? src.unsupported_language == unsupported_policy::alert : c.flagged;
  if (!alerts || c.text.size() < src.min_text_length)
    return {};
  if (src.bypass_staff && c.author_staff)
    return {};
  if (src.bypass_min_trust_level >= 0 && c.author_trust_level && *c.author_trust_level >= src.bypass_min_trust_level)
    return {};
  auto out = src.notify;
  if (src.flag.enabled && src.kind == source_kind::discourse)
    out.push_back("@flag");
  return out;
}

core::vectorizer_scratch& thread_scratch(const core::model& m) {
  struct entry {
    std::uint64_t vocabulary = 0;
    std::unique_ptr<core::vectorizer_scratch> scratch;
  };
  thread_local std::vector<entry> scratches; // most recently used first
  const auto id = m.table().id();
  auto it = std::find_if(scratches.begin(), scratches.end(), [&](const entry& e) { return e.vocabulary == id; });
  if (it == scratches.end()) {
    if (scratches.size() < 8)
      scratches.push_back({id, std::make_unique<core::vectorizer_scratch>()});
    else
      scratches.back().vocabulary = id;
    it = std::prev(scratches.end());
  }
  if (it != scratches.begin())
    std::rotate(scratches.begin(), it, std::next(it));
  return *scratches.front().scratch;
}

language_verdict language_of_scored(const core::model& m, std::string_view text) {
  const auto& languages = m.languages();
  auto guess = core::identify_language(text, thread_scratch(m), languages.front());
  const bool supported = core::model_reads(guess, languages);
  return {std::move(guess), supported};
}

namespace {

// A text longer than this is scored sentence by sentence (a sentence over long_sentence_bytes in
// windows of window_bytes, one every window_step), and takes the scores of its most hateful one.
// Scored whole, one hateful sentence in a long post is averaged away: the model reads tweet-sized
// texts, and at 256 bytes a window already dilutes a sentence the model scores 0.60 alone to 0.14
// (issue 29's note has the measurements).
constexpr std::size_t whole_text_bytes = 2048;
constexpr std::size_t long_sentence_bytes = 1024;
constexpr std::size_t window_bytes = 512;
constexpr std::size_t window_step = 256;

// The pieces of a long text that are scored apart: its sentences, long ones cut in windows.
std::vector<text_span> pieces_of(std::string_view text) {
  std::vector<text_span> out;
  for (const auto& s : sentence_spans(text)) {
    if (s.end - s.begin <= long_sentence_bytes) {
      out.push_back(s);
      continue;
    }
    for (const auto& w : core::text_windows(text.substr(s.begin, s.end - s.begin), window_bytes, window_step))
      out.push_back({s.begin + w.begin, s.begin + w.end});
  }
  return out;
}

core::model::scored worst_piece(const core::model& m, std::string_view text, std::uint32_t explain_top) {
  auto& scratch = thread_scratch(m);
  core::model::scored worst;
  text_span where;
  bool first = true;
  for (const auto& piece : pieces_of(text)) {
    const auto p = m.score(text.substr(piece.begin, piece.end - piece.begin), scratch);
    if (first || p[0] > worst.p[0]) {
      worst.p = p;
      where = piece;
      first = false;
    }
  }
  if (first) // nothing but white space
    return {m.score(text, scratch), {}};
  if (explain_top > 0) { // the explanation of the worst piece, pointing into the whole text
    worst = m.score_explained(text.substr(where.begin, where.end - where.begin), explain_top, scratch);
    for (auto& c : worst.explanation) {
      c.begin += static_cast<std::uint32_t>(where.begin);
      c.end += static_cast<std::uint32_t>(where.begin);
    }
  }
  return worst;
}

} // namespace

routed_score score_routed(const model_set& models, std::string_view text, std::uint32_t explain_top,
                          const core::model* chosen) {
  // A long text's explanation is its worst piece's (worst_piece()): the whole text's is not made.
  const bool explain_whole = explain_top > 0 && text.size() <= whole_text_bytes;
  auto score_with = [&](const core::model& m) {
    auto& scratch = thread_scratch(m);
    return explain_whole ? m.score_explained(text, explain_top, scratch)
                           : core::model::scored{m.score(text, scratch), {}};
  };
  const core::model& first = chosen ? *chosen : *models.fallback;
  // The whole text scored first: its language is told from what the scratch holds after it.
  routed_score out{&first, score_with(first), language_of_scored(first, text)};
  if (chosen) {
    out.language.supported = true; // the caller named the language
  } else if (const auto* own = models.for_language(out.language.guess.code); own && own != &first) {
    // Only a language the detector (or the default model's vocabulary) named has a model of its own.
    out.model = own;
    out.result = score_with(*own);
    out.language.supported = true; // it lists the language (load_models checks)
  }
  if (text.size() > whole_text_bytes)
    out.result = worst_piece(*out.model, text, explain_top);
  return out;
}

const core::model& score_comment(const model_set& models, const source_config& src, std::uint32_t explain_top,
                   store::comment_record& c, bool any_language, const core::model* chosen) {
  // JSON may carry U+0000, which PostgreSQL's TEXT cannot hold: every backend stores U+FFFD in its
  // place, and the text is scored as stored (the store refuses a NUL that gets past this).
  for (auto* field : {&c.external_id, &c.author, &c.url, &c.text})
    core::utf8::replace_nul(*field);
  const auto routed = score_routed(models, c.text, explain_top, chosen);
  const auto& lang = routed.language;
  c.model_version = routed.model->version();
  c.language = lang.guess.code;
  c.language_confidence = lang.guess.confidence;
  c.unsupported = !lang.supported && !any_language;
  if (c.unsupported) {
    // Never scored, never called clean: stored without scores, then as the source's policy says.
    c.p = {};
    c.flagged = false;
    c.explanation_json.clear();
  } else {
    const auto& r = routed.result;
    c.p = r.p;
    c.flagged = crosses_thresholds(r.p, src);
    std::string member;
    append_explanation(member, r.explanation); // "explanation":[...]
    const auto colon = member.find(':');
    c.explanation_json = member.substr(colon + 1);
  }
  c.alerts = alerts_for(c, src);
  return *routed.model;
}

} // namespace hatewatch::daemon
