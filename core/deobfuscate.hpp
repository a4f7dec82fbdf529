#pragma once
// Undoes the usual ways of writing a word so that a filter misses it (text rules 2), on text that
// normalize() has already lower-cased:
//
// - a letter repeated three times (normalize() keeps at most three) is an elongation: at the end of
//   a word it becomes one ("bitchhhh" -> "bitch", "sooo" -> "so"), inside a word two ("niiiigger"
//   -> "niigger"), as do repeated symbols and emoji;
// - look-alike letters from another script inside a Latin word ("nіgger" with a Cyrillic і, Greek
//   ο for o) become the Latin letters; a word wholly in Cyrillic or Greek is left alone;
// - leetspeak: 1 3 0 4 5 7 @ $ ! for i e o a s t a s i, where the character sits inside a word
//   ("n1gger", "f@g", "a$$hole", "sh!t"), and 1 3 0 $ also at a word's edge when the word has two
//   or more letters and three or more characters that could be letters ("$hit", "th3", "h3ll0");
//   "1st", "3d", "100k", "2017" and "@name" are left alone (and "mp3" becomes "mpe");
// - letters spaced apart ("k i l l", three or more single letters) are joined, and so are pieces of
//   a word split by one kind of '.', '-' or '_' when the pieces are short ("f.u.c.k", "ni.gger",
//   "fu-ck"), but not ordinary compounds ("well-known") or a missing space ("great.thanks").
//
// Links ("http://", "https://", "www." to the next space) and @mentions are left as written: the
// tokenizer turns them into placeholders, and "www." must stay "www." for it to see a link.
//
// Every kept character keeps its source range; a removed separator widens the range of the
// character before it, so offsets still cover the original bytes.

#include "core/text_normalizer.hpp"

namespace hatewatch::core {

/// Rewrites `text` in place. A quick scan skips text that holds nothing to undo (most comments);
/// `always` runs every step regardless, to check that the scan misses nothing. `latin_leet_only`
/// (text rules 4) reads leetspeak only in words that have a Latin letter: leetspeak stands for Latin
/// letters, and in Korean a digit beside Hangul is a number ("10년", ten years), not a letter.
void deobfuscate(normalized_text& text, bool always = false, bool latin_leet_only = false);

} // namespace hatewatch::core
