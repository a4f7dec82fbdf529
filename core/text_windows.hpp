#pragma once
// Long runs of text cut in overlapping windows (issue 29): a long post is scored sentence by
// sentence, and a sentence too long to be scored whole (a run without punctuation) window by window,
// taking the worst, since a linear model's score of a long text averages one hateful passage away.

#include <cstddef>
#include <string_view>
#include <vector>

namespace hatewatch::core {

struct text_window {
  std::size_t begin = 0; // byte offsets into the text
  std::size_t end = 0;
};

/// Windows of at most `size` bytes covering `text`, one starting at most every `step` bytes. Each
/// boundary is moved back to just after a space or line break where there is one in its last
/// quarter, and never splits a UTF-8 character; so a window spans at least 3/4 of `size` (but the
/// last), and a passage of up to 3/4 * size - step bytes lies whole in one window. A text of `size`
/// bytes or fewer is one window. Requires 0 < step <= size.
std::vector<text_window> text_windows(std::string_view text, std::size_t size, std::size_t step);

} // namespace hatewatch::core
