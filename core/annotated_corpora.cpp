#include "core/annotated_corpora.hpp"

#include "core/csv_reader.hpp"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <utility>

namespace hatewatch::core {
namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

/// Reads records of either separator: TSV files here have no quoting (a tab or line break never
/// appears inside a field), CSV files are RFC 4180.
class record_source {
public:
  record_source(std::istream& in, const std::string& name, bool tabs) : in_(in), name_(name) {
    if (!tabs)
      csv_.emplace(in, name);
  }

  bool next(std::vector<std::string>& fields) {
    if (csv_) {
      const bool got = csv_->next(fields);
      line_ = csv_->record_line();
      return got;
    }
    std::string row;
    if (!std::getline(in_, row))
      return false;
    ++line_;
    if (line_ == 1 && row.rfind("\xEF\xBB\xBF", 0) == 0)
      row.erase(0, 3);
    if (!row.empty() && row.back() == '\r')
      row.pop_back();
    fields.clear();
    std::size_t start = 0;
    for (;;) {
      const auto tab = row.find('\t', start);
      fields.push_back(row.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos)
        break;
      start = tab + 1;
    }
    return true;
  }

  std::string at() const { return name_ + ":" + std::to_string(line_) + ": "; }

private:
  std::istream& in_;
  const std::string& name_;
  std::optional<csv_reader> csv_;
  std::size_t line_ = 0;
};

struct layout {
  bool tabs;
  std::vector<std::string_view> required; // header names, lower case
  /// For files that come without a header row: the column of each required name, and the width.
  std::vector<std::size_t> positions = {};
  std::size_t headerless_width = 0;
};

layout layout_of(corpus_kind kind) {
  switch (kind) {
  case corpus_kind::cad:
    return {true, {"id", "text", "labels"}};
  case corpus_kind::ghc:
    return {true, {"text", "hd", "cv"}};
  case corpus_kind::dynahate:
    return {false, {"text", "label", "acl.id", "acl.id.matched"}};
  case corpus_kind::implicit_hate:
    return {true, {"post", "class"}};
  case corpus_kind::mlma:
    return {false, {"tweet", "sentiment"}};
  case corpus_kind::functional:
    return {false, {"text", "label", "functionality"}};
  case corpus_kind::germeval:
    return {true, {"text", "coarse", "fine"}, {0, 1, 2}, 3};
  case corpus_kind::told_br:
    return {false, {"text", "homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"}};
  case corpus_kind::offenseval:
    return {true, {"tweet", "subtask_a"}, {1, 2}, 3};
  case corpus_kind::beep:
    return {true, {"comments", "hate"}};
  default:
    throw std::logic_error("read_annotated_corpus: not an annotated kind");
  }
}

/// A vote count of ToLD-Br ("0".."3", written "2.0" too).
int votes(const std::string& v, const std::string& at, std::string_view column) {
  if (v.size() >= 1 && v[0] >= '0' && v[0] <= '3' && (v.size() == 1 || v.substr(1) == ".0"))
    return v[0] - '0';
  throw csv_error(at + std::string(column) + " must be a vote count 0-3, found '" + v.substr(0, 40) + "'");
}

bool flag(const std::string& v, const std::string& at, std::string_view column) {
  if (v == "1")
    return true;
  if (v == "0")
    return false;
  throw csv_error(at + std::string(column) + " must be 0 or 1, found '" + v.substr(0, 40) + "'");
}

/// Splits `list` at `sep` (empty parts too: "a," has two), checks that every part is one of `known`
/// (else throws naming `what` and the part), and answers whether `wanted` is among them.
bool has_known_part(std::string_view list, char sep, std::span<const std::string_view> known, std::string_view wanted,
                    std::string_view what, const std::string& at) {
  bool found = false;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto end = std::min(list.find(sep, start), list.size());
    const auto part = list.substr(start, end - start);
    if (std::find(known.begin(), known.end(), part) == known.end())
      throw csv_error(at + "unknown " + std::string(what) + " '" + std::string(part.substr(0, 40)) + "'");
    found = found || part == wanted;
    start = end + 1;
  }
  return found;
}

/// The label `v` names in a corpus whose values are the `names` (mapped to `labels`); anything else
/// throws "unknown <what> 'v' (a, b or c)".
label named_label(const std::string& v, std::initializer_list<std::pair<std::string_view, label>> names,
                  std::string_view what, const std::string& at) {
  std::string list;
  std::size_t i = 0;
  for (const auto& [name, y] : names) {
    if (v == name)
      return y;
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(name);
    ++i;
  }
  throw csv_error(at + "unknown " + std::string(what) + " '" + v.substr(0, 40) + "' (" + list + ")");
}

/// The label of one row; throws csv_error for a value the corpus does not use.
label label_of(corpus_kind kind, const std::vector<std::string>& f, const std::vector<std::size_t>& col,
               const std::string& at) {
  switch (kind) {
  case corpus_kind::cad: {
    static constexpr std::string_view known[] = {"Neutral", "IdentityDirectedAbuse", "AffiliationDirectedAbuse",
                                                 "PersonDirectedAbuse", "CounterSpeech"};
    return has_known_part(f[col[2]], ',', known, "IdentityDirectedAbuse", "CAD label", at) ? hate_speech : neither;
  }
  case corpus_kind::ghc:
    return flag(f[col[1]], at, "hd") || flag(f[col[2]], at, "cv") ? hate_speech : neither;
  case corpus_kind::dynahate:
    return named_label(f[col[1]], {{"hate", hate_speech}, {"nothate", neither}}, "DynaHate label", at);
  case corpus_kind::implicit_hate:
    return named_label(f[col[1]], {{"implicit_hate", hate_speech}, {"explicit_hate", hate_speech}, {"not_hate", neither}},
                       "class", at);
  case corpus_kind::mlma: {
    static constexpr std::string_view known[] = {"hateful", "offensive", "abusive", "disrespectful", "fearful",
                                                 "normal"};
    return has_known_part(f[col[1]], '_', known, "hateful", "sentiment", at) ? hate_speech : neither;
  }
  case corpus_kind::functional:
    return named_label(f[col[1]], {{"hate", hate_speech}, {"not", neither}}, "label", at);
  case corpus_kind::germeval: {
    const auto& coarse = f[col[1]];
    const auto& fine = f[col[2]];
    if (coarse != "OFFENSE" && coarse != "OTHER")
      throw csv_error(at + "unknown coarse label '" + coarse.substr(0, 40) + "' (OFFENSE or OTHER)");
    const label y = fine == "ABUSE" ? hate_speech
                    : fine == "INSULT" || fine == "PROFANITY" ? offensive_language
                    : fine == "OTHER" ? neither
                    : throw csv_error(at + "unknown fine label '" + fine.substr(0, 40) +
                                      "' (ABUSE, INSULT, PROFANITY or OTHER)");
    if ((y == neither) != (coarse == "OTHER"))
      throw csv_error(at + "coarse label " + coarse + " disagrees with fine label " + fine);
    return y;
  }
  case corpus_kind::told_br: {
    // A majority (2 of 3 annotators) for a group-directed category is hate speech; else a majority
    // for obscene or insult is offensive language.
    const int homophobia = votes(f[col[1]], at, "homophobia"), obscene = votes(f[col[2]], at, "obscene"),
              insult = votes(f[col[3]], at, "insult"), racism = votes(f[col[4]], at, "racism"),
              misogyny = votes(f[col[5]], at, "misogyny"), xenophobia = votes(f[col[6]], at, "xenophobia");
    if (std::max({homophobia, racism, misogyny, xenophobia}) >= 2)
      return hate_speech;
    return std::max(obscene, insult) >= 2 ? offensive_language : neither;
  }
  case corpus_kind::offenseval: // OFF is "not neither": offensive or hateful (label_scheme::neither_or_not)
    return named_label(f[col[1]], {{"OFF", offensive_language}, {"NOT", neither}}, "label", at);
  case corpus_kind::beep:
    return named_label(f[col[1]], {{"hate", hate_speech}, {"offensive", offensive_language}, {"none", neither}},
                       "hate label", at);
  default:
    throw std::logic_error("read_annotated_corpus: not an annotated kind");
  }
}

/// OffensEval Danish has a row whose tabs were written as runs of spaces ("4000    [deleted]   NOT"
/// followed by two empty fields): such a row is split at its first and last run of spaces.
void respace_row(std::vector<std::string>& f) {
  if (f.size() != 3 || !f[1].empty() || !f[2].empty())
    return;
  const auto& row = f[0];
  const auto first = row.find("  "), last = row.rfind("  ");
  if (first == std::string::npos || first == last)
    return;
  const auto text_begin = row.find_first_not_of(' ', first);
  const auto text_end = row.find_last_not_of(' ', last) + 1;
  const auto label_begin = row.find_first_not_of(' ', last);
  if (text_begin >= text_end || label_begin == std::string::npos)
    return; // not that shape: the row is refused as it is
  std::vector<std::string> split{row.substr(0, first), row.substr(text_begin, text_end - text_begin),
                                 row.substr(label_begin)};
  f = std::move(split);
}

} // namespace

bool is_annotated_kind(corpus_kind kind) {
  switch (kind) {
  case corpus_kind::cad:
  case corpus_kind::ghc:
  case corpus_kind::dynahate:
  case corpus_kind::implicit_hate:
  case corpus_kind::mlma:
  case corpus_kind::functional:
  case corpus_kind::germeval:
  case corpus_kind::told_br:
  case corpus_kind::offenseval:
  case corpus_kind::beep:
    return true;
  default:
    return false;
  }
}

std::vector<example> read_annotated_corpus(const std::vector<named_input>& inputs, corpus_kind kind,
                                           std::uint16_t corpus_index) {
  const auto shape = layout_of(kind);
  // DynaHate: an entry and every perturbation made from it are one group (union of acl.id and
  // acl.id.matched, so chains of perturbations stay together too, across files).
  std::map<std::string, std::string> parent;
  std::function<std::string(const std::string&)> root = [&](const std::string& id) {
    auto it = parent.find(id);
    if (it == parent.end() || it->second == id)
      return id;
    return it->second = root(it->second);
  };
  std::vector<example> out;
  std::vector<std::string> ids;
  for (const auto& input : inputs) {
    const auto& name = input.name;
    record_source src(*input.in, name, shape.tabs);
    std::vector<std::string> fields;
    if (!src.next(fields))
      throw csv_error(name + ":1: the file is empty (expected a header row)");
    std::size_t width = fields.size();
    std::vector<std::size_t> col(shape.required.size(), none);
    for (std::size_t i = 0; i < fields.size(); ++i)
      for (std::size_t r = 0; r < shape.required.size(); ++r)
        if (col[r] == none && lower_ascii(fields[i]) == shape.required[r])
          col[r] = i;
    // A file of a layout that comes without a header (GermEval, OffensEval Turkish) starts with a
    // row: read by position when no required name is in it.
    const bool headerless = shape.headerless_width != 0 && std::count(col.begin(), col.end(), none) ==
                                                                static_cast<std::ptrdiff_t>(col.size());
    if (headerless) {
      col = shape.positions;
      width = shape.headerless_width;
    }
    for (std::size_t r = 0; r < col.size(); ++r)
      if (col[r] == none)
        throw csv_error(name + ":1: a " + std::string(corpus_kind_name(kind)) + " file needs a '" +
                        std::string(shape.required[r]) + "' column");
    const std::size_t text_col = kind == corpus_kind::cad ? col[1] : col[0];
    const std::size_t before = out.size();
    for (bool row = headerless; row || src.next(fields); row = false) {
      const auto at = src.at();
      if (fields.size() == 1 && fields[0].empty())
        continue;
      if (kind == corpus_kind::offenseval)
        respace_row(fields);
      if (fields.size() != width)
        throw csv_error(at + "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
      const auto y = label_of(kind, fields, col, at);
      std::string text = std::move(fields[text_col]);
      if (kind == corpus_kind::cad) {
        // Reddit line breaks are written as "[linebreak]". Rebuilt rather than replaced in place:
        // g++ 12 -O3 reports a false -Wrestrict on std::string::replace here.
        constexpr std::string_view marker = "[linebreak]";
        if (text.find(marker) != std::string::npos) {
          std::string joined;
          joined.reserve(text.size());
          std::size_t from = 0;
          for (std::size_t p; (p = text.find(marker, from)) != std::string::npos; from = p + marker.size()) {
            joined.append(text, from, p - from);
            joined.push_back('\n');
          }
          joined.append(text, from, std::string::npos);
          text = std::move(joined);
        }
      }
      example e{std::move(text), y, corpus_index};
      if (kind == corpus_kind::cad) {
        // A post's body and title ("<post>-post", "<post>-title") are one group; the files hold no
        // thread ids for comments, so each comment is a group of its own.
        const auto& id = fields[col[0]];
        const auto dash = id.find('-');
        e.group = dash == std::string::npos ? 0 : group_key("cad " + id.substr(0, dash));
      } else if (kind == corpus_kind::functional) {
        e.group = group_key("functionality " + fields[col[2]]);
        e.held_out = true;
      } else if (kind == corpus_kind::germeval || kind == corpus_kind::told_br || kind == corpus_kind::offenseval ||
                 kind == corpus_kind::beep) {
        // Retweets and copies of one text stay in one fold.
        e.group = group_key("text " + lower_ascii(e.text));
      } else if (kind == corpus_kind::dynahate) {
        const auto& id = fields[col[2]];
        const auto& matched = fields[col[3]];
        if (id.empty())
          throw csv_error(at + "acl.id is empty");
        parent.try_emplace(id, id);
        if (!matched.empty()) {
          parent.try_emplace(matched, matched);
          const auto a = root(id), b = root(matched);
          if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
        }
        ids.push_back(id);
      }
      out.push_back(std::move(e));
    }
    if (out.size() == before)
      throw csv_error(name + ": no examples after the header");
  }
  if (kind == corpus_kind::dynahate)
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i].group = group_key("dynahate " + root(ids[i]));
  return out;
}

} // namespace hatewatch::core
