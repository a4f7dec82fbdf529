#include "daemon/intake/html_text.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace hatewatch::daemon {
namespace {

std::string lower_name(std::string_view tag) {
  std::size_t i = 0;
  if (i < tag.size() && tag[i] == '/')
    ++i;
  std::string name;
  while (i < tag.size() && std::isalnum(static_cast<unsigned char>(tag[i])))
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i++])));
  return name;
}

bool breaks_line(const std::string& name) {
  static const std::array<std::string_view, 14> blocks{"br", "p", "div", "li", "ul", "ol", "blockquote",
                                                       "h1", "h2", "h3", "h4", "tr", "pre", "hr"};
  for (auto b : blocks)
    if (name == b)
      return true;
  return false;
}

} // namespace

std::string html_to_text(std::string_view html) {
  static const std::array<std::pair<std::string_view, std::string_view>, 7> entities{
      {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", " "}}};
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const auto close = html.find('>', i + 1);
      if (close == std::string_view::npos) { // not a tag: keep the text
        out += c;
        ++i;
        continue;
      }
      const auto tag = html.substr(i + 1, close - i - 1);
      const auto name = lower_name(tag);
      i = close + 1;
      if ((name == "script" || name == "style") && !tag.starts_with('/')) {
        const std::string end = "</" + name;
        std::size_t at = i;
        for (; at < html.size(); ++at) {
          if (html[at] != '<' || at + end.size() > html.size())
            continue;
          bool match = true;
          for (std::size_t k = 0; k < end.size() && match; ++k)
            match = std::tolower(static_cast<unsigned char>(html[at + k])) == end[k];
          if (match)
            break;
        }
        const auto gt = html.find('>', at);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      if (breaks_line(name) && !out.empty() && out.back() != '\n')
        out += '\n';
      continue;
    }
    if (c == '&') {
      bool decoded = false;
      for (const auto& [entity, text] : entities) {
        if (html.substr(i, entity.size()) == entity) {
          out += text;
          i += entity.size();
          decoded = true;
          break;
        }
      }
      if (decoded)
        continue;
    }
    out += c;
    ++i;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
    out.pop_back();
  return out;
}

} // namespace hatewatch::daemon
