#pragma once
// Sentence spans of a text, for Perspective's spanScores: a sentence ends after a run of . ! ? that
// is followed by white space or the end, or at a line break. Spans are trimmed of white space and
// never empty.

#include <cstddef>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

struct text_span {
  std::size_t begin = 0; // byte offsets into the text
  std::size_t end = 0;
};

std::vector<text_span> sentence_spans(std::string_view text);

/// How many UTF-8 code points `text` has before byte `offset` (what Perspective's offsets count).
std::size_t code_points_before(std::string_view text, std::size_t offset);

} // namespace hatewatch::daemon
