#pragma once
// Comma-separated lists in headers and settings ("sha256=ab, sha256=cd", "de, en").

#include <string_view>

namespace hatewatch::core {

/// Calls f(item) for each item of the comma-separated `list`, with the characters of `space`
/// trimmed from both ends; empty items too (callers skip what they do not want). Nothing after a
/// trailing comma.
template <typename F>
void for_each_list_item(std::string_view list, std::string_view space, F&& f) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && space.find(item.front()) != std::string_view::npos)
      item.remove_prefix(1);
    while (!item.empty() && space.find(item.back()) != std::string_view::npos)
      item.remove_suffix(1);
    f(item);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
}

} // namespace hatewatch::core
