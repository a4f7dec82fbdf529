#include "daemon/models/routed_scoring.hpp"

#include "core/text_windows.hpp"
#include "core/utf8.hpp"
#include "daemon/models/sentences.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace hatewatch::daemon {

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

// The share of the last counted text's words that the scratch's model knows.
double known_share(const core::vectorizer_scratch& s) {
  return s.words == 0 ? 0.0 : static_cast<double>(s.known_words) / static_cast<double>(s.words);
}

// Whether `text` has a Latin letter beyond ASCII (Latin-1 and Latin Extended-A letters: æ ø å ä
// ö ü ß ç ã õ é ş ğ ı ...), which English comments rarely carry and most other Latin-script
// languages do.
bool has_letters_english_lacks(std::string_view text) {
  for (std::size_t p = 0; p < text.size();) {
    if (static_cast<unsigned char>(text[p]) < 0x80) {
      ++p;
      continue;
    }
    const char32_t c = core::utf8::decode(text, p);
    if ((c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7))
      return true;
  }
  return false;
}

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

// The scores and explanation of text[where], the explanation's offsets pointing into `text`.
core::model::scored explained_at(const core::model& m, std::string_view text, const text_span& where,
                                 std::uint32_t explain_top) {
  auto r = m.score_explained(text.substr(where.begin, where.end - where.begin), explain_top, thread_scratch(m));
  for (auto& c : r.explanation) {
    c.begin += static_cast<std::uint32_t>(where.begin);
    c.end += static_cast<std::uint32_t>(where.begin);
  }
  return r;
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
  if (explain_top > 0) // the explanation of the worst piece, pointing into the whole text
    worst = explained_at(m, text, where, explain_top);
  return worst;
}

// Scores each piece of `text` with the model of its language (see score_routed()) into `out`.
void score_parts(const model_set& models, std::string_view text, std::uint32_t explain_top, routed_score& out) {
  const auto& fallback = *models.fallback;
  bool first = true;
  text_span where;
  const core::model* worst_model = nullptr;
  out.part_unread = false;
  auto consider = [&](const core::model& m, const text_span& piece, const core::probabilities& p) {
    if (first || p[0] > out.result.p[0]) {
      out.result = {p, {}};
      worst_model = &m;
      where = piece;
      first = false;
    }
  };
  for (const auto& piece : pieces_of(text)) {
    const auto part = text.substr(piece.begin, piece.end - piece.begin);
    const auto by_fallback = fallback.score(part, thread_scratch(fallback));
    const auto verdict = language_of_scored(fallback, part);
    const auto& code = verdict.guess.code;
    if (const auto* own = models.for_language(code); own && own != &fallback) {
      consider(*own, piece, own->score(part, thread_scratch(*own)));
    } else if (verdict.supported && verdict.guess.determined()) {
      consider(fallback, piece, by_fallback);
    } else if (verdict.supported) {
      // Too short to tell: the default model or the whole text's, whichever knows more of its words.
      // (Scored again by the whole text's model only when that is another model.)
      const double by_default = known_share(thread_scratch(fallback));
      const core::model& whole = *out.model;
      std::optional<core::probabilities> by_whole;
      if (&whole != &fallback) {
        by_whole = whole.score(part, thread_scratch(whole));
        if (known_share(thread_scratch(whole)) < by_default)
          by_whole.reset();
      }
      if (by_whole)
        consider(whole, piece, *by_whole);
      else
        consider(fallback, piece, by_fallback);
    } else {
      out.part_unread = true;
      continue;
    }
    if (verdict.guess.determined() &&
        std::find(out.part_languages.begin(), out.part_languages.end(), code) == out.part_languages.end())
      out.part_languages.push_back(code);
  }
  if (first)
    return; // nothing read: the whole text's scores stay
  out.model = worst_model;
  out.language.supported = !out.part_unread;
  if (explain_top > 0)
    out.result = explained_at(*worst_model, text, where, explain_top);
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
  routed_score out{&first, score_with(first), language_of_scored(first, text), {}, false};
  if (chosen) {
    out.language.supported = true; // the caller named the language
  } else if (const auto* own = models.for_language(out.language.guess.code); own && own != &first) {
    // Only a language the detector (or the default model's vocabulary) named has a model of its own.
    out.model = own;
    out.result = score_with(*own);
    out.language.supported = true; // it lists the language (load_models checks)
  } else if (out.language.guess.basis == core::language_basis::vocabulary && !models.by_language.empty() &&
             has_letters_english_lacks(text)) {
    // The default model's vocabulary claimed a text with letters English does not write (æ, ß, ç,
    // ş, ...): ask the detector whether a routed language is the better reading.
    const auto g = core::detect_language(text);
    if (const auto* own = models.for_language(g.code); own && own != &first) {
      out.model = own;
      out.result = score_with(*own);
      out.language = {g, true};
    }
  } else if (!out.language.guess.determined() && !models.by_language.empty()) {
    // Too short or unclear for the detector: the model whose vocabulary knows the text best reads
    // it, if that is not the default model (short German replies: "Halt die Fresse du Idiot").
    // CLD2's unsure guess, when it names a routed language, wins over the default model if that
    // model's vocabulary knows no more of the text ("Haha, det er genialt!": da).
    const core::language_rules rules;
    const double by_default = known_share(thread_scratch(first));
    double best = by_default;
    const auto hint = core::top_language_hint(text);
    for (const auto& [code, m] : models.by_language) {
      if (m.get() == &first)
        continue;
      auto scored = score_with(*m);
      const auto& s = thread_scratch(*m);
      const bool hinted = code == hint && known_share(s) >= by_default && s.known_words > 0;
      const bool known = s.known_words >= rules.min_known && known_share(s) >= rules.known_share;
      if (hinted || (known && known_share(s) > best)) {
        best = known_share(s);
        out.model = m.get();
        out.result = std::move(scored);
        out.language.guess = {code, known_share(s), core::language_basis::vocabulary};
        out.language.supported = true;
        if (hinted)
          break; // nothing outranks the hinted language
      }
    }
  }
  // Mixed languages: only where the default model's vocabulary did not claim the whole text, or
  // where the text has a model of its own, so that plain English comments keep the one scoring. Also
  // without any language model: an English call to violence after a French sentence is read.
  const bool mixed_candidate = !chosen && (out.language.guess.basis != core::language_basis::vocabulary ||
                                           out.model != models.fallback.get());
  if (mixed_candidate && sentence_spans(text).size() > 1) {
    score_parts(models, text, explain_top, out);
    return out;
  }
  if (text.size() > whole_text_bytes)
    out.result = worst_piece(*out.model, text, explain_top);
  return out;
}

} // namespace hatewatch::daemon
