#include "core/dataset.hpp"

#include "core/annotated_corpora.hpp"
#include "core/csv_reader.hpp"
#include "core/ngram_hash.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace hatewatch::core {
namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

struct kind_row {
  corpus_kind kind;
  std::string_view name;
  label_scheme scheme;
};
constexpr auto three = label_scheme::three_class;
constexpr auto hate_or_not = label_scheme::hate_or_not;
constexpr std::array<kind_row, 16> kinds{{
    {corpus_kind::davidson, "davidson", three},
    {corpus_kind::stormfront, "stormfront", hate_or_not},
    {corpus_kind::ethos, "ethos", hate_or_not},
    {corpus_kind::hatemojibuild, "hatemojibuild", hate_or_not},
    {corpus_kind::hatexplain, "hatexplain", three},
    {corpus_kind::text, "text", three},
    {corpus_kind::cad, "cad", hate_or_not},
    {corpus_kind::ghc, "ghc", hate_or_not},
    {corpus_kind::dynahate, "dynahate", hate_or_not},
    {corpus_kind::implicit_hate, "implicit_hate", hate_or_not},
    {corpus_kind::mlma, "mlma", hate_or_not},
    {corpus_kind::functional, "functional", hate_or_not},
    {corpus_kind::germeval, "germeval", three},
    {corpus_kind::told_br, "told_br", three},
    {corpus_kind::offenseval, "offenseval", label_scheme::neither_or_not},
    {corpus_kind::beep, "beep", three},
}};

/// The columns a layout may have, found by their header names.
struct columns {
  std::size_t text = none, label = none, split = none, file_id = none, entry_id = none, matched_id = none,
              group = none;
  std::size_t width = 0;
};

columns find_columns(csv_reader& csv, const std::string& name) {
  std::vector<std::string> fields;
  if (!csv.next(fields))
    throw csv_error(name + ":1: the file is empty (expected a header row)");
  columns c;
  c.width = fields.size();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto h = lower_ascii(fields[i]);
    auto take = [&](std::size_t& col) {
      if (col == none)
        col = i;
    };
    if (h == "tweet" || h == "text")
      take(c.text);
    else if (h == "class" || h == "label")
      take(c.label);
    else if (h == "split")
      take(c.split);
    else if (h == "file_id")
      take(c.file_id);
    else if (h == "entry_id")
      take(c.entry_id);
    else if (h == "matched_id")
      take(c.matched_id);
    else if (h == "group")
      take(c.group);
  }
  if (c.text == none || c.label == none)
    throw csv_error(name + ":1: the header must name a text column ('tweet' or 'text') and a label column "
                           "('class' or 'label')");
  return c;
}

// The group of a row, by the corpus's layout: a Stormfront post (file_id "<post>_<sentence>"), a
// HatemojiBuild pair (the smaller of entry_id and matched_id), or an explicit `group` column.
std::uint64_t group_of(corpus_kind kind, const columns& c, const std::vector<std::string>& f, const std::string& at) {
  if (kind == corpus_kind::stormfront && c.file_id != none) {
    const auto& id = f[c.file_id];
    return group_key(std::string_view(id).substr(0, id.find('_')));
  }
  if (kind == corpus_kind::hatemojibuild && c.entry_id != none) {
    auto number = [&](std::size_t col) {
      long v = -1;
      const auto& s = f[col];
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || end != s.data() + s.size())
        return -1L;
      return v;
    };
    const long entry = number(c.entry_id);
    if (entry < 0)
      throw csv_error(at + "entry_id '" + f[c.entry_id] + "' is not a number");
    const long matched = c.matched_id == none ? -1 : number(c.matched_id);
    return group_key("pair " + std::to_string(matched >= 0 ? std::min(entry, matched) : entry));
  }
  if (c.group != none && !f[c.group].empty())
    return group_key(f[c.group]);
  return 0;
}

std::vector<example> read_rows(std::istream& in, const std::string& name, std::optional<corpus_kind> kind,
                               std::uint16_t corpus_index) {
  csv_reader csv(in, name);
  const columns c = find_columns(csv, name);
  if (kind == corpus_kind::stormfront && c.file_id == none)
    throw csv_error(name + ":1: a stormfront file needs its file_id column (posts are the CV groups)");
  if (kind == corpus_kind::hatemojibuild && (c.entry_id == none || c.split == none))
    throw csv_error(name + ":1: a hatemojibuild file needs its split and entry_id columns");
  const bool offensive = !kind || labels_offensive(*kind);

  std::vector<example> out;
  std::vector<std::string> fields;
  while (csv.next(fields)) {
    const auto at = name + ":" + std::to_string(csv.record_line()) + ": ";
    if (fields.size() == 1 && fields[0].empty())
      continue; // a blank line
    if (fields.size() != c.width)
      throw csv_error(at + "expected " + std::to_string(c.width) + " fields, found " + std::to_string(fields.size()));
    const auto y = parse_label(fields[c.label]);
    if (!y)
      throw csv_error(at + "unknown label '" + fields[c.label] +
                      "' (use 0, 1, 2, 'hate speech', 'offensive language' or 'neither')");
    if (!offensive && *y == offensive_language)
      throw csv_error(at + "label 1 (offensive language) in a " + std::string(corpus_kind_name(*kind)) +
                      " corpus, which has no offensive class");
    example e{std::move(fields[c.text]), *y, corpus_index};
    if (kind) {
      e.group = group_of(*kind, c, fields, at);
      e.held_out = c.split != none && lower_ascii(fields[c.split]) == "test";
    }
    out.push_back(std::move(e));
  }
  if (out.empty())
    throw csv_error(name + ": no examples after the header");
  return out;
}

} // namespace

std::uint64_t group_key(std::string_view key) {
  const auto h = ngram_hash::feed(ngram_hash::offset_basis, key);
  return h == 0 ? 1 : h;
}

std::string lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string_view corpus_kind_name(corpus_kind k) {
  for (const auto& row : kinds)
    if (row.kind == k)
      return row.name;
  return "?";
}

std::optional<corpus_kind> parse_corpus_kind(std::string_view name) {
  for (const auto& row : kinds)
    if (row.name == name)
      return row.kind;
  return std::nullopt;
}

label_scheme label_scheme_of(corpus_kind k) {
  for (const auto& row : kinds)
    if (row.kind == k)
      return row.scheme;
  return label_scheme::three_class;
}

bool labels_offensive(corpus_kind k) { return label_scheme_of(k) == label_scheme::three_class; }

std::vector<example> read_dataset(std::istream& in, const std::string& name) {
  return read_rows(in, name, std::nullopt, 0);
}

std::vector<example> read_corpus(std::istream& in, const std::string& name, corpus_kind kind,
                                 std::uint16_t corpus_index) {
  return read_corpus({{&in, name}}, kind, corpus_index);
}

std::vector<example> read_corpus(const std::vector<named_input>& inputs, corpus_kind kind,
                                 std::uint16_t corpus_index) {
  if (is_annotated_kind(kind))
    return read_annotated_corpus(inputs, kind, corpus_index);
  if (inputs.empty())
    throw std::invalid_argument("no data file given");
  if (inputs.size() > 1) {
    std::string names;
    for (const auto& i : inputs)
      names += (names.empty() ? "" : ", ") + i.name;
    throw std::invalid_argument(names + ": several files are read as one corpus only for the kinds cad, ghc, "
                                "dynahate, implicit_hate, mlma, germeval, told_br, offenseval and beep (not " + std::string(corpus_kind_name(kind)) + ")");
  }
  return read_rows(*inputs[0].in, inputs[0].name, kind, corpus_index);
}

} // namespace hatewatch::core
