#include "core/deobfuscate.hpp"

#include "core/obfuscation_chars.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace hatewatch::core {
namespace {

using namespace obfuscation;

struct unit {
  char32_t c;
  std::uint32_t begin, end; // source range
  bool keep = false;        // inside a link or an @mention: left as written
};

// "1st", "22nd", "3rd", "10th": digits and an ordinal suffix.
bool is_ordinal(const std::vector<unit>& u, std::size_t b, std::size_t e) {
  std::size_t d = b;
  while (d < e && is_digit(u[d].c))
    ++d;
  if (d == b || e - d != 2)
    return false;
  const char32_t x = u[d].c, y = u[d + 1].c;
  return (x == 's' && y == 't') || (x == 'n' && y == 'd') || (x == 'r' && y == 'd') || (x == 't' && y == 'h');
}

// Look-alikes and leetspeak inside one word, units [b, e).
void fix_word(std::vector<unit>& u, std::size_t b, std::size_t e, bool latin_leet_only) {
  std::size_t latin = 0, look_alike = 0, letters = 0, leet_chars = 0;
  for (std::size_t i = b; i < e; ++i) {
    latin += is_ascii_letter(u[i].c);
    look_alike += latin_look_alike(u[i].c) != 0;
    letters += is_letter(u[i].c);
    leet_chars += leet_of(u[i].c).letter != 0;
  }
  if (latin > 0 && look_alike > 0)
    for (std::size_t i = b; i < e; ++i)
      if (const char32_t l = latin_look_alike(u[i].c))
        u[i].c = l;
  if (leet_chars == 0 || letters == 0 || is_ordinal(u, b, e) || (latin_leet_only && latin == 0))
    return;
  // At a word's edge only in words of two or more letters and three or more characters that could
  // be letters ("th3", "$hit", "b@b13$"), so "3d", "h8" and "100k" stay as written.
  const bool edges = letters >= 2 && letters + leet_chars >= 3;
  for (std::size_t i = b; i < e; ++i) {
    const leet l = leet_of(u[i].c);
    if (!l.letter)
      continue;
    const bool left = i > b && is_letter(u[i - 1].c);
    std::size_t j = i + 1;
    while (j < e && leet_of(u[j].c).letter)
      ++j;
    const bool right = j < e && is_letter(u[j].c);
    const bool edge_ok = l.at_edge && edges && ((i == b && right) || (j == e && left));
    if ((left && right) || edge_ok)
      u[i].c = l.letter;
  }
}

// A run of three of one character (normalize() keeps at most three) is an elongation: at the end
// of a word it stands for one letter ("bitchhh", "sooo"), elsewhere for two ("niggger", "!!!").
void shorten_runs(std::vector<unit>& u) {
  std::size_t out = 0;
  for (std::size_t k = 0; k < u.size();) {
    std::size_t e = k + 1;
    while (e < u.size() && u[e].c == u[k].c && u[e].keep == u[k].keep)
      ++e;
    std::size_t keep = e - k;
    if (keep >= 3 && u[k].c != ' ' && !u[k].keep && !u[e - 1].keep) {
      const bool word_end = e == u.size() || !is_letter(u[e].c);
      keep = is_letter(u[k].c) && word_end ? 1 : 2;
    }
    for (std::size_t j = k; j < k + keep; ++j)
      u[out++] = u[j];
    u[out - 1].end = u[e - 1].end; // the last kept one covers the dropped repeats
    k = e;
  }
  u.resize(out);
}

// A word character that the pass may change (not inside a link or a mention).
bool free_word(const unit& x) {
  return !x.keep && in_word(x.c);
}

// Joins spaced and dotted letters; removed separators widen the unit before them. `drop` and
// `seps` are scratch space.
void join_pieces(std::vector<unit>& u, std::vector<std::uint8_t>& drop, std::vector<std::size_t>& seps) {
  drop.assign(u.size(), 0);
  std::size_t i = 0;
  // Pieces are runs of word characters (letters, digits, leetspeak), so "n.1.g" is a chain too.
  auto piece_end = [&](std::size_t p) {
    while (p < u.size() && free_word(u[p]) && !is_joiner(u[p].c))
      ++p;
    return p;
  };
  bool any = false;
  while (i < u.size()) {
    if (!free_word(u[i]) || (i > 0 && free_word(u[i - 1]))) {
      ++i;
      continue;
    }
    // A chain: piece (sep piece)+ with one separator throughout.
    seps.clear();
    std::size_t end = piece_end(i);
    std::size_t pieces = 1, longest = end - i, shortest = end - i;
    const char32_t sep = end < u.size() ? u[end].c : 0;
    // Spaced letters chain only single letters (so ordinary sentences are not walked as chains).
    const bool spaced = sep == ' ';
    if (is_joiner(sep) && !(spaced && longest != 1)) {
      while (end + 1 < u.size() && u[end].c == sep && !u[end].keep && free_word(u[end + 1])) {
        const std::size_t next_end = piece_end(end + 1);
        const std::size_t length = next_end - end - 1;
        if (spaced && length != 1)
          break;
        seps.push_back(end);
        ++pieces;
        longest = std::max(longest, length);
        shortest = std::min(shortest, length);
        end = next_end;
      }
    }
    // The chain must start and end at a word boundary (no digit or letter glued on).
    const bool clean_end = end >= u.size() || !in_word(u[end].c);
    const bool clean_start = i == 0 || !in_word(u[i - 1].c);
    if (!seps.empty() && clean_end && clean_start) {
      std::size_t letters = 0;
      for (std::size_t k = i; k < end; ++k)
        letters += is_letter(u[k].c);
      const bool join = letters >= 2 && (spaced ? longest == 1 && pieces >= 3
                                                : longest <= 2 || (pieces == 2 && shortest <= 2));
      if (join) {
        for (std::size_t k : seps)
          drop[k] = 1;
        any = true;
      }
    }
    i = end;
  }
  if (!any)
    return;
  std::size_t out = 0;
  for (std::size_t k = 0; k < u.size(); ++k) {
    if (drop[k]) {
      if (out > 0)
        u[out - 1].end = std::max(u[out - 1].end, u[k].end);
      continue;
    }
    u[out++] = u[k];
  }
  u.resize(out);
}

// Whether deobfuscate() could change the text: a cheap scan that lets most comments skip the
// pass. It answers true whenever a step could change something (a false true only costs time):
// a run of three of one character; '.', '-' or '_' between two word characters; three
// one-character words one space apart; a word holding a letter and a character that could be
// leetspeak (a digit 1 3 0 4 5 7, '$', or '@' or '!' with a word character after it); a word
// holding a Latin letter and a Cyrillic or Greek look-alike. Links and mentions are skipped.
bool worth_a_look(const std::string& t) {
  // ASCII classes: what the scan needs to know of a byte in one look-up.
  enum : std::uint8_t { word = 1, letter = 2, leet_digit = 4, maybe_leet = 8, joiner = 16, opener = 32 };
  static constexpr auto ascii = [] {
    std::array<std::uint8_t, 128> a{};
    for (int c = 'a'; c <= 'z'; ++c)
      a[c] = word | letter;
    for (int c = '0'; c <= '9'; ++c)
      a[c] = word | (leet_of(static_cast<char32_t>(c)).letter ? leet_digit : 0);
    a['$'] = word | leet_digit; // '$' counts anywhere in a word
    a['@'] = word | maybe_leet; // '@' and '!' only with a word character after them
    a['!'] = word | maybe_leet;
    a['.'] = a['-'] = a['_'] = joiner;
    a['h'] |= opener;
    a['w'] |= opener;
    a['@'] |= opener;
    return a;
  }();
  const std::size_t n = t.size();
  // Whether the character starting at byte p is a word character (a non-ASCII one counts as one).
  auto word_at = [&](std::size_t p) {
    if (p >= n)
      return false;
    const auto b = static_cast<unsigned char>(t[p]);
    return b >= 0x80 || (ascii[b] & word);
  };
  std::size_t run = 0;
  std::size_t singles = 0; // one-character words in a row, one space apart
  bool has_letter = false, leet = false, latin = false, look_alike = false, one_space = false;
  char32_t c1 = 0, c2 = 0; // the two characters before
  for (std::size_t p = 0; p <= n;) {
    // Inside a word, the Latin letters that make up most of any text, in a tight loop: all they
    // can do is make a run of three.
    if (run > 0 && p < n && static_cast<unsigned char>(t[p] - 'a') < 26) {
      do {
        const auto b = static_cast<char32_t>(static_cast<unsigned char>(t[p]));
        if (b == c1 && b == c2)
          return true;
        c2 = c1;
        c1 = b;
        ++run;
        ++p;
      } while (p < n && static_cast<unsigned char>(t[p] - 'a') < 26);
      has_letter = latin = true;
      continue;
    }
    std::uint8_t k = 0;
    char32_t c = ' ';
    if (p < n) {
      const auto b = static_cast<unsigned char>(t[p]);
      if (b < 0x80) {
        k = ascii[b];
        // Links and mentions are left as written: skip them as a separator would be.
        if ((k & opener) && run == 0) {
          if (const auto e = opaque_end(t, p); e > p) {
            p = e;
            singles = 0;
            one_space = false;
            c1 = c2 = 0;
            continue;
          }
        }
        c = b;
        ++p;
      } else {
        c = utf8::decode(t, p);
        k = in_word(c) ? word : 0;
        if (is_letter(c)) {
          k |= letter;
          look_alike = look_alike || latin_look_alike(c) != 0;
        }
      }
    } else {
      ++p;
    }
    if (c == c1 && c == c2 && c != ' ')
      return true;
    c2 = c1;
    c1 = c;
    if (k & word) {
      if (k & letter) {
        has_letter = true;
        latin = latin || c < 0x80;
      } else if (k & leet_digit) {
        leet = true;
      } else if (k & maybe_leet) {
        leet = leet || (run > 0 && word_at(p));
      }
      ++run;
      continue;
    }
    if (run > 0) {
      if ((has_letter && leet) || (latin && look_alike))
        return true;
      singles = run == 1 && (one_space || singles == 0) ? singles + 1 : run == 1 ? 1 : 0;
      if (singles >= 3)
        return true;
      if ((k & joiner) && word_at(p))
        return true;
      one_space = c == ' ';
    } else {
      singles = 0;
      one_space = false;
    }
    run = 0;
    has_letter = leet = latin = look_alike = false;
  }
  return false;
}

} // namespace

void deobfuscate(normalized_text& text, bool always, bool latin_leet_only) {
  if (!always && !worth_a_look(text.text))
    return;
  thread_local std::vector<unit> u;
  thread_local std::vector<std::uint8_t> drop;
  thread_local std::vector<std::size_t> seps;
  u.clear();
  const std::string& t = text.text;
  const bool sources = text.with_sources;
  std::size_t opaque_until = 0;
  for (std::size_t p = 0; p < t.size();) {
    const std::size_t at = p;
    if (p >= opaque_until)
      opaque_until = opaque_end(t, p);
    const char32_t c = static_cast<unsigned char>(t[p]) < 0x80 ? static_cast<unsigned char>(t[p++]) : utf8::decode(t, p);
    u.push_back({c, sources ? text.source_begin[at] : 0, sources ? text.source_end[p - 1] : 0, at < opaque_until});
  }
  shorten_runs(u);
  join_pieces(u, drop, seps);
  for (std::size_t i = 0; i < u.size();) {
    if (!free_word(u[i])) {
      ++i;
      continue;
    }
    std::size_t e = i;
    while (e < u.size() && free_word(u[e]))
      ++e;
    fix_word(u, i, e, latin_leet_only);
    i = e;
  }

  text.clear();
  for (const unit& x : u) {
    if (x.c < 0x80) {
      text.text.push_back(static_cast<char>(x.c));
      if (sources) {
        text.source_begin.push_back(x.begin);
        text.source_end.push_back(x.end);
      }
      continue;
    }
    utf8::append(text.text, x.c);
    if (sources) {
      text.source_begin.resize(text.text.size(), x.begin);
      text.source_end.resize(text.text.size(), x.end);
    }
  }
}

} // namespace hatewatch::core
