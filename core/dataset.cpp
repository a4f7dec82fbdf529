#include "core/dataset.hpp"

#include "core/csv_reader.hpp"

#include <algorithm>
#include <cctype>

namespace hatewatch::core {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

} // namespace

std::vector<example> read_dataset(std::istream& in, const std::string& name) {
  csv_reader csv(in, name);
  std::vector<std::string> fields;
  if (!csv.next(fields))
    throw csv_error(name + ":1: the file is empty (expected a header row)");
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t text_col = none, label_col = none;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto h = lower(fields[i]);
    if ((h == "tweet" || h == "text") && text_col == none)
      text_col = i;
    else if ((h == "class" || h == "label") && label_col == none)
      label_col = i;
  }
  if (text_col == none || label_col == none)
    throw csv_error(name + ":1: the header must name a text column ('tweet' or 'text') and a label column "
                           "('class' or 'label')");
  const std::size_t width = fields.size();

  std::vector<example> out;
  while (csv.next(fields)) {
    const auto at = name + ":" + std::to_string(csv.record_line()) + ": ";
    if (fields.size() == 1 && fields[0].empty())
      continue; // a blank line
    if (fields.size() != width)
      throw csv_error(at + "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
    const auto y = parse_label(fields[label_col]);
    if (!y)
      throw csv_error(at + "unknown label '" + fields[label_col] +
                      "' (use 0, 1, 2, 'hate speech', 'offensive language' or 'neither')");
    out.push_back({std::move(fields[text_col]), *y});
  }
  if (out.empty())
    throw csv_error(name + ": no examples after the header");
  return out;
}

} // namespace hatewatch::core
