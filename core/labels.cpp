#include "core/labels.hpp"

namespace hatewatch::core {

std::optional<label> parse_label(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  if (text.size() == 1 && text[0] >= '0' && text[0] <= '2')
    return static_cast<label>(text[0] - '0');
  for (std::size_t k = 0; k < class_count; ++k) {
    const auto name = class_names[k];
    if (text.size() != name.size())
      continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = text[i] == name[i] || (name[i] == ' ' && text[i] == '_');
    if (same)
      return static_cast<label>(k);
  }
  return std::nullopt;
}

} // namespace hatewatch::core
