#pragma once
// Ways people write a word so that a filter misses it, as deterministic functions of the text, for
// the evasion tests. Each changes the words a reader would still read the same.

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

} // namespace obfuscate_detail

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
      {"full-width forms",
       [](const std::string& t) {
         return map_longest(t, [](const std::string& w) {
           std::string out;
           for (char c : w) {
             const char32_t f = static_cast<char32_t>(static_cast<unsigned char>(c)) + 0xFEE0;
             out += static_cast<char>(0xE0 | (f >> 12));
             out += static_cast<char>(0x80 | ((f >> 6) & 0x3F));
             out += static_cast<char>(0x80 | (f & 0x3F));
           }
           return out;
         });
       }},
      {"zero-width characters",
       [](const std::string& t) {
         return map_words(t, [](const std::string& w) { return interleave(w, "\xE2\x80\x8B"); });
       }},
  };
}

} // namespace hatewatch::test
