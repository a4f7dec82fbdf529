#pragma once
// Ways people write a word so that a filter misses it, as deterministic functions of the text, for
// the evasion tests. Each changes the words a reader would still read the same.

#include "core/utf8.hpp"

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::test {

struct obfuscation {
  std::string_view name;
  std::function<std::string(const std::string&)> apply;
};

namespace obfuscate_detail {

inline bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Whether text[i] starts a chunk that is not prose: a mention, hashtag, link or HTML entity,
/// which people do not obfuscate; returns its end.
inline std::size_t skip_non_prose(const std::string& text, std::size_t i) {
  const bool chunk_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '"';
  const std::string_view rest = std::string_view(text).substr(i);
  if ((chunk_start && (text[i] == '@' || text[i] == '#' || rest.starts_with("http"))) || text[i] == '&') {
    std::size_t e = i + 1;
    while (e < text.size() && text[e] != ' ' && text[e] != '\n' && !(text[i] == '&' && text[e - 1] == ';'))
      ++e;
    return e;
  }
  return i;
}

/// Calls f(word) for each maximal run of ASCII letters and joins the results with what lay between.
template <typename F> std::string map_words(const std::string& text, F&& f) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (const auto skip = skip_non_prose(text, i); skip != i) {
      out += text.substr(i, skip - i);
      i = skip;
      continue;
    }
    if (!is_letter(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t e = i;
    while (e < text.size() && is_letter(text[e]))
      ++e;
    out += f(text.substr(i, e - i));
    i = e;
  }
  return out;
}

/// Applies f to the longest word (the first of equals), which in hateful texts is most often the
/// slur or the insult that carries the score.
template <typename F> std::string map_longest(const std::string& text, F&& f) {
  std::size_t best = 0, best_len = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (const auto skip = skip_non_prose(text, i); skip != i) {
      i = skip;
      continue;
    }
    if (!is_letter(text[i])) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < text.size() && is_letter(text[e]))
      ++e;
    if (e - i > best_len) {
      best = i;
      best_len = e - i;
    }
    i = e;
  }
  if (best_len < 3)
    return text;
  return text.substr(0, best) + f(text.substr(best, best_len)) + text.substr(best + best_len);
}

inline std::string interleave(const std::string& word, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (i > 0)
      out += sep;
    out += word[i];
  }
  return out;
}


/// A word in a styled alphabet: `capital` and `small` are the code points of its A and a.
inline std::string styled(const std::string& w, char32_t capital, char32_t small) {
  std::string out;
  for (char c : w) {
    if (c >= 'a' && c <= 'z')
      core::utf8::append(out, small + static_cast<char32_t>(c - 'a'));
    else if (c >= 'A' && c <= 'Z')
      core::utf8::append(out, capital + static_cast<char32_t>(c - 'A'));
    else
      out += c;
  }
  return out;
}

/// The longest word and the words around it (`words` in all) spelt out letter by letter with one
/// space between every letter, so the word boundaries are gone:
/// "those fags are" -> "t h o s e f a g s a r e".
inline std::string spaced_across_words(const std::string& text, std::size_t words) {
  // The longest word and its neighbours, never across a mention, link or entity.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t i = 0; i < text.size();) {
    if (const auto skip = skip_non_prose(text, i); skip != i) {
      spans.emplace_back(std::string::npos, 0); // a barrier
      i = skip;
      continue;
    }
    if (!is_letter(text[i])) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < text.size() && is_letter(text[e]))
      ++e;
    spans.emplace_back(i, e);
    i = e;
  }
  std::size_t best = spans.size();
  for (std::size_t k = 0; k < spans.size(); ++k)
    if (spans[k].first != std::string::npos &&
        (best == spans.size() || spans[k].second - spans[k].first > spans[best].second - spans[best].first))
      best = k;
  if (best == spans.size())
    return text;
  std::size_t first = best, last = best;
  while (last - first + 1 < words) { // grow to the right first, then to the left
    bool grew = false;
    if (last + 1 < spans.size() && spans[last + 1].first != std::string::npos) {
      ++last;
      grew = true;
    }
    if (last - first + 1 < words && first > 0 && spans[first - 1].first != std::string::npos) {
      --first;
      grew = true;
    }
    if (!grew)
      break;
  }
  std::string letters;
  for (std::size_t k = first; k <= last; ++k)
    letters += text.substr(spans[k].first, spans[k].second - spans[k].first);
  return text.substr(0, spans[first].first) + interleave(letters, " ") + text.substr(spans[last].second);
}

} // namespace obfuscate_detail

/// The obfuscation kinds of model v3 (issue 30), besides those below: spaced letters across word
/// boundaries, styled Unicode letters, swapped and dropped letters.
inline std::vector<obfuscation> more_obfuscations() {
  using namespace obfuscate_detail;
  return {
      {"spaced across words", [](const std::string& t) { return spaced_across_words(t, 3); }},
      {"mathematical bold letters",
       [](const std::string& t) { return map_longest(t, [](const std::string& w) { return styled(w, 0x1D400, 0x1D41A); }); }},
      {"circled letters",
       [](const std::string& t) { return map_longest(t, [](const std::string& w) { return styled(w, 0x24B6, 0x24D0); }); }},
      {"swapped letters",
       [](const std::string& t) {
         // The two letters after the first swap places: "vermin" -> "vremin".
         return map_longest(t, [](std::string w) {
           std::swap(w[1], w[2]);
           return w;
         });
       }},
      {"dropped letter",
       [](const std::string& t) {
         return map_longest(t, [](std::string w) {
           w.erase(w.size() / 2, 1);
           return w;
         });
       }},
  };
}


/// The obfuscation kinds of issue 12: leetspeak, spaced and dotted letters, inserted symbols,
/// repeated letters, homoglyphs (Cyrillic, Greek, full-width) and zero-width characters.
inline std::vector<obfuscation> obfuscations() {
  using namespace obfuscate_detail;
  return {
      {"leetspeak",
       [](const std::string& t) {
         return map_words(t, [](std::string w) {
           if (w.size() < 3)
             return w;
           for (std::size_t i = 0; i < w.size(); ++i) {
             const char c = static_cast<char>(w[i] | 0x20);
             if (c == 'i')
               w[i] = '1';
             else if (c == 'e')
               w[i] = '3';
             else if (c == 'o')
               w[i] = '0';
             else if (c == 'a' && i > 0)
               w[i] = '@';
             else if (c == 's')
               w[i] = '$';
           }
           return w;
         });
       }},
      {"spaced letters", [](const std::string& t) { return map_longest(t, [](const std::string& w) { return interleave(w, " "); }); }},
      {"dotted letters", [](const std::string& t) { return map_longest(t, [](const std::string& w) { return interleave(w, "."); }); }},
      {"inserted symbol",
       [](const std::string& t) {
         return map_longest(t, [](const std::string& w) { return w.substr(0, 2) + "-" + w.substr(2); });
       }},
      {"repeated letters",
       [](const std::string& t) {
         return map_longest(t, [](const std::string& w) {
           // Stretch the last letter that is already doubled, else the last vowel's neighbour run.
           for (std::size_t i = w.size() - 1; i > 0; --i)
             if (w[i] == w[i - 1])
               return w.substr(0, i) + std::string(5, w[i]) + w.substr(i + 1);
           return w + std::string(4, w.back());
         });
       }},
      {"cyrillic and greek look-alikes",
       [](const std::string& t) {
         return map_words(t, [](const std::string& w) {
           std::string out;
           for (std::size_t i = 0; i < w.size(); ++i) {
             const char c = w[i];
             // Keep the first letter Latin: the attack mixes scripts inside a word.
             if (i > 0 && c == 'a')
               out += "\xD0\xB0"; // Cyrillic а
             else if (i > 0 && c == 'e')
               out += "\xD0\xB5"; // Cyrillic е
             else if (i > 0 && c == 'o')
               out += "\xCE\xBF"; // Greek ο
             else if (i > 0 && c == 'i')
               out += "\xD1\x96"; // Cyrillic і
             else
               out += c;
           }
           return out;
         });
       }},
      {"full-width forms", // U+FF21.. and U+FF41.. (map_longest's words are ASCII letters only)
       [](const std::string& t) { return map_longest(t, [](const std::string& w) { return styled(w, 0xFF21, 0xFF41); }); }},
      {"zero-width characters",
       [](const std::string& t) {
         return map_words(t, [](const std::string& w) { return interleave(w, "\xE2\x80\x8B"); });
       }},
  };
}

} // namespace hatewatch::test
