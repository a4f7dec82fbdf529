#pragma once
// Text rules 3: word features that carry a statement's shape across the groups it names and mark
// what a negation reaches. Both go into the word block, beside the plain word n-grams.
//
// - Group n-grams: every word 1-3-gram that holds an identity term (a noun or adjective naming a
//   group by race, ethnicity, nationality, religion, gender, sexuality or disability: "jews",
//   "muslim", "gay", "women", ...) is also counted with each such term replaced by one placeholder:
//   "kill all jews" adds "kill all <group>", "muslims are vermin" adds "<group> are vermin". What is
//   learnt of one group's statements then carries to the others, and a hateful shape is told from
//   a neutral mention by its other words.
// - Words beside a group: in a text that names a group, every other word is also counted as
//   "<with group> word", so a word gets a weight of its own where a group is spoken of ("great"
//   beside a group is not "great" alone). A linear model then learns the pairs (a group and what is
//   said of it) that a plain bag of words cannot.
// - Negation scope: the three words after a negator ("not", "never", "no", "don't", "nobody", ...)
//   are also counted as "<not> word": "are not vermin" adds "<not> vermin".
// The placeholders are hashed with a marker byte no token holds, so they never meet a real word.

#include "core/feature_config.hpp"
#include "core/ngram_hash.hpp"
#include "core/tokenizer.hpp"

#include <string_view>
#include <vector>

namespace hatewatch::core {

/// Whether `key` (a normalised, lower-case token) names a group of people by identity.
bool is_identity_term(std::string_view key);
/// Whether `key` negates what follows.
bool is_negator(std::string_view key);

inline constexpr std::string_view group_placeholder = "\x01group";
inline constexpr std::string_view group_context_marker = "\x01with";
inline constexpr std::string_view negation_marker = "\x01not";
inline constexpr std::size_t negation_reach = 3;

/// Calls `f(block::word, hash, begin, end)` for the words beside a group, the group n-grams and the
/// negation-scope words of `tokens` (see above), in that order. `marks` is scratch space.
template <typename F>
void for_each_context_ngram(const std::vector<token>& tokens, std::vector<std::uint8_t>& marks, F&& f) {
  const std::size_t n_tokens = tokens.size();
  marks.assign(n_tokens, 0);
  bool any_group = false;
  for (std::size_t i = 0; i < n_tokens; ++i) {
    if (!tokens[i].char_grams)
      continue;
    if (is_identity_term(tokens[i].key)) {
      marks[i] = 1;
      any_group = true;
    } else if (is_negator(tokens[i].key)) {
      marks[i] = 2;
    }
  }
  if (any_group) {
    for (std::size_t j = 0; j < n_tokens; ++j) {
      if (!tokens[j].char_grams || marks[j] == 1)
        continue;
      std::uint64_t h = ngram_hash::feed(ngram_hash::start(block::word), group_context_marker);
      h = ngram_hash::feed(h, ngram_hash::word_separator);
      h = ngram_hash::feed(h, tokens[j].key);
      f(block::word, ngram_hash::finish(h), tokens[j].begin, tokens[j].end);
    }
    for (std::size_t i = 0; i < n_tokens; ++i) {
      std::uint64_t h = ngram_hash::feed(ngram_hash::start(block::word), group_placeholder);
      bool has_group = false;
      for (std::size_t n = 1; n <= 3 && i + n <= n_tokens; ++n) {
        const std::size_t j = i + n - 1;
        h = ngram_hash::feed(h, ngram_hash::word_separator);
        const bool group = marks[j] == 1;
        h = ngram_hash::feed(h, group ? group_placeholder : tokens[j].key);
        has_group = has_group || group;
        if (has_group)
          f(block::word, ngram_hash::finish(h), tokens[i].begin, tokens[j].end);
      }
    }
  }
  for (std::size_t i = 0; i < n_tokens; ++i) {
    if (marks[i] != 2)
      continue;
    for (std::size_t j = i + 1; j < n_tokens && j <= i + negation_reach; ++j) {
      if (!tokens[j].char_grams || marks[j] == 2)
        break; // punctuation ("!", "?"), an emoji or another negator ends the scope
      std::uint64_t h = ngram_hash::feed(ngram_hash::start(block::word), negation_marker);
      h = ngram_hash::feed(h, ngram_hash::word_separator);
      h = ngram_hash::feed(h, marks[j] == 1 ? group_placeholder : tokens[j].key);
      f(block::word, ngram_hash::finish(h), tokens[i].begin, tokens[j].end);
    }
  }
}

} // namespace hatewatch::core
