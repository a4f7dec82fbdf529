#include "daemon/models/sentences.hpp"

namespace hatewatch::daemon {
namespace {

bool space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

void push_trimmed(std::vector<text_span>& out, std::string_view text, std::size_t begin, std::size_t end) {
  while (begin < end && space(text[begin]))
    ++begin;
  while (end > begin && space(text[end - 1]))
    --end;
  if (begin < end)
    out.push_back({begin, end});
}

} // namespace

std::vector<text_span> sentence_spans(std::string_view text) {
  std::vector<text_span> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      push_trimmed(out, text, start, i);
      start = i + 1;
      continue;
    }
    if (c == '.' || c == '!' || c == '?') {
      std::size_t j = i;
      while (j + 1 < text.size() && (text[j + 1] == '.' || text[j + 1] == '!' || text[j + 1] == '?'))
        ++j;
      if (j + 1 == text.size() || space(text[j + 1])) {
        push_trimmed(out, text, start, j + 1);
        start = j + 1;
      }
      i = j;
    }
  }
  push_trimmed(out, text, start, text.size());
  return out;
}

std::size_t code_points_before(std::string_view text, std::size_t offset) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      ++n;
  return n;
}

} // namespace hatewatch::daemon
