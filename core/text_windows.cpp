#include "core/text_windows.hpp"

#include <algorithm>
#include <stdexcept>

namespace hatewatch::core {
namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// A boundary at or before `at` (and after `floor`): just after a space in the last quarter of the
// span from `floor`, else the start of the character at `at`.
std::size_t boundary(std::string_view text, std::size_t floor, std::size_t at) {
  if (at >= text.size())
    return text.size();
  const auto limit = at - std::min(at - floor, (at - floor) / 4);
  for (auto i = at; i > limit; --i)
    if (space(text[i - 1]))
      return i;
  while (at > floor + 1 && continuation(text[at]))
    --at;
  return at;
}

} // namespace

std::vector<text_window> text_windows(std::string_view text, std::size_t size, std::size_t step) {
  if (step == 0 || step > size)
    throw std::invalid_argument("text_windows: step must be from 1 to size");
  std::vector<text_window> out;
  if (text.size() <= size) {
    out.push_back({0, text.size()});
    return out;
  }
  std::size_t begin = 0;
  while (true) {
    const auto end = boundary(text, begin, begin + size);
    out.push_back({begin, end});
    if (end >= text.size())
      return out;
    auto next = boundary(text, begin, begin + step);
    if (next <= begin) // no progress (cannot happen with step >= 1, but never loop)
      next = end;
    begin = next;
  }
}

} // namespace hatewatch::core
