#include "daemon/commands/training_data.hpp"

#include "core/csv_reader.hpp"
#include "core/language_id.hpp"
#include "core/text_list.hpp"
#include "daemon/commands/dataset_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

double parse_weight(std::string_view text, const std::string& where) {
  double w = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), w);
  if (ec != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument(where + ": weight '" + std::string(text) + "' is not a number");
  return w;
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const auto part = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty())
      out.push_back(part);
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  return out;
}

} // namespace

data_spec parse_data_spec(const std::string& text) {
  data_spec spec;
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    spec.path = text;
    return spec;
  }
  const auto kind = core::parse_corpus_kind(text.substr(0, colon));
  if (!kind)
    throw std::invalid_argument("--data '" + text +
                                "': unknown kind (use davidson, stormfront, ethos, hatemojibuild, hatexplain, cad, ghc, "
                                "dynahate, implicit_hate, mlma, germeval, told_br, offenseval, beep or text)");
  spec.kind = kind;
  auto rest = text.substr(colon + 1);
  if (rest.size() > 5 && rest.compare(rest.size() - 5, 5, ":test") == 0) {
    spec.held_out = true;
    rest.resize(rest.size() - 5);
  }
  // A trailing ":WEIGHT" is a weight when it parses as a number.
  if (const auto last = rest.rfind(':'); last != std::string::npos) {
    const auto tail = std::string_view(rest).substr(last + 1);
    double w;
    const auto [end, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), w);
    if (ec == std::errc() && end == tail.data() + tail.size()) {
      spec.weight = w;
      rest.resize(last);
    }
  }
  if (rest.empty())
    throw std::invalid_argument("--data '" + text + "': no path");
  spec.path = rest;
  return spec;
}

training_set load_training_set(const std::vector<data_spec>& specs) {
  if (specs.empty())
    throw std::invalid_argument("no --data given");
  training_set set;
  if (specs.size() == 1 && !specs[0].kind) {
    set.data = read_dataset_file(specs[0].path);
    return set;
  }
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& s = specs[i];
    const auto kind = s.kind.value_or(core::corpus_kind::text);
    core::corpus_options c;
    const std::string base(core::corpus_kind_name(kind));
    const int n = ++seen[base];
    c.name = n == 1 ? base : base + "-" + std::to_string(n);
    c.kind = kind;
    c.weight = s.weight;
    c.main_head = s.main_head;
    c.second_head = s.second_head;
    c.hate_only = s.hate_only;
    const auto paths = split_names(s.path);
    std::vector<std::unique_ptr<std::ifstream>> files;
    std::vector<core::named_input> inputs;
    for (const auto& path : paths) {
      files.push_back(std::make_unique<std::ifstream>(path, std::ios::binary));
      if (!*files.back())
        throw core::csv_error(path + ": cannot open data file");
      inputs.push_back({files.back().get(), path});
    }
    auto rows = core::read_corpus(inputs, kind, static_cast<std::uint16_t>(i));
    for (auto& r : rows)
      r.held_out = r.held_out || s.held_out;
    set.data.insert(set.data.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    set.corpora.push_back(std::move(c));
  }
  return set;
}

void assign_heads(std::vector<core::corpus_options>& corpora, const std::string& main_heads,
                  const std::string& second_heads, const std::string& hate_only) {
  auto apply = [&](const std::string& list, bool core::corpus_options::*head, const char* flag) {
    if (list.empty())
      return;
    if (corpora.empty())
      throw std::invalid_argument(std::string(flag) + " needs corpora given as --data KIND:PATH");
    for (auto& c : corpora)
      c.*head = list == "all";
    if (list == "all" || list == "none")
      return;
    for (const auto& name : split_names(list)) {
      bool found = false;
      for (auto& c : corpora)
        if (c.name == name)
          found = c.*head = true;
      if (!found)
        throw std::invalid_argument(std::string(flag) + ": no corpus named '" + name + "'");
    }
  };
  apply(main_heads, &core::corpus_options::main_head, "--main-head");
  apply(second_heads, &core::corpus_options::second_head, "--second-head");
  apply(hate_only, &core::corpus_options::hate_only, "--hate-only");
}

std::vector<std::string> parse_languages(std::string_view list, const std::string& where) {
  std::vector<std::string> out;
  core::for_each_list_item(list, " \t", [&](std::string_view code) {
    if (code.empty())
      return;
    if (!core::detectable_language(code))
      throw std::invalid_argument(where + ": '" + std::string(code.substr(0, 32)) +
                                  "' is not a language code the detector writes (ISO 639-1, such as de, fr, "
                                  "zh-Hant)");
    if (std::find(out.begin(), out.end(), code) != out.end())
      throw std::invalid_argument(where + ": '" + std::string(code) + "' is listed twice");
    out.emplace_back(code);
  });
  if (out.empty())
    throw std::invalid_argument(where + ": no language codes");
  return out;
}

namespace {

manifest parse_manifest(const std::filesystem::path& path) {
  const auto file = path.string();
  auto where = [&](const YAML::Node& n, const std::string& key) {
    return file + ":" + std::to_string(n.Mark().line + 1) + ": " + key;
  };
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument(file + ": " + e.what());
  }
  if (!root.IsMap())
    throw std::invalid_argument(file + ": expected a mapping with 'corpora'");
  manifest m;
  for (const auto& entry : root) {
    const auto key = entry.first.as<std::string>();
    const auto& value = entry.second;
    if (key == "name") {
      m.name = value.as<std::string>();
    } else if (key == "corpora") {
      if (!value.IsSequence() || value.size() == 0)
        throw std::invalid_argument(where(value, "corpora") + ": expected a list of corpora");
      for (const auto& c : value) {
        if (!c.IsMap())
          throw std::invalid_argument(where(c, "corpora") + ": expected {kind, path, weight?, heads?}");
        data_spec spec;
        for (const auto& field : c) {
          const auto f = field.first.as<std::string>();
          const auto& v = field.second;
          if (f == "kind") {
            spec.kind = core::parse_corpus_kind(v.as<std::string>());
            if (!spec.kind)
              throw std::invalid_argument(where(v, "kind") + ": unknown kind '" + v.as<std::string>() + "'");
          } else if (f == "path") {
            auto resolve = [&](const std::filesystem::path& p) {
              return (p.is_absolute() ? p : path.parent_path() / p).lexically_normal().string();
            };
            if (v.IsSequence()) {
              for (const auto& one : v)
                spec.path += (spec.path.empty() ? "" : ",") + resolve(one.as<std::string>());
            } else {
              spec.path = resolve(v.as<std::string>());
            }
          } else if (f == "test") {
            spec.held_out = v.as<bool>();
          } else if (f == "weight") {
            spec.weight = parse_weight(v.as<std::string>(), where(v, "weight"));
          } else if (f == "hate_only") {
            spec.hate_only = v.as<bool>();
          } else if (f == "heads") {
            if (!v.IsSequence())
              throw std::invalid_argument(where(v, "heads") + ": expected a list of main and/or second");
            spec.main_head = spec.second_head = false;
            for (const auto& h : v) {
              const auto head = h.as<std::string>();
              if (head == "main")
                spec.main_head = true;
              else if (head == "second")
                spec.second_head = true;
              else
                throw std::invalid_argument(where(h, "heads") + ": unknown head '" + head + "' (main or second)");
            }
          } else {
            throw std::invalid_argument(where(v, f) + ": unknown key (kind, path, weight, heads, hate_only, test)");
          }
        }
        if (!spec.kind || spec.path.empty())
          throw std::invalid_argument(where(c, "corpora") + ": each corpus needs a kind and a path");
        m.data.push_back(std::move(spec));
      }
    } else if (key == "languages") {
      std::string list;
      if (value.IsSequence())
        for (const auto& code : value)
          list += code.as<std::string>() + ",";
      else
        list = value.as<std::string>();
      m.languages = parse_languages(list, where(value, "languages"));
    } else if (key == "options") {
      if (!value.IsMap())
        throw std::invalid_argument(where(value, "options") + ": expected a mapping of train flags");
      for (const auto& o : value) {
        m.args.push_back("--" + o.first.as<std::string>() + "=" + o.second.as<std::string>());
      }
    } else {
      throw std::invalid_argument(where(entry.first, key) + ": unknown key (name, corpora, languages, options)");
    }
  }
  if (m.data.empty())
    throw std::invalid_argument(file + ": no corpora");
  return m;
}

} // namespace

manifest read_manifest(const std::filesystem::path& path) {
  try {
    return parse_manifest(path);
  } catch (const YAML::Exception& e) {
    // A value of the wrong type (a list where a number belongs, "maybe" for hate_only, ...).
    throw std::invalid_argument(path.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

training_plan plan_training(const std::string& manifest_path, const std::vector<std::string>& data,
                            const train_flags& flags) {
  if (data.empty() && manifest_path.empty())
    throw std::invalid_argument("give --data or --manifest");
  training_plan plan;
  if (!manifest_path.empty()) {
    if (flags.any_given())
      throw std::invalid_argument("with --manifest, training options belong in the manifest's 'options'");
    auto m = read_manifest(manifest_path);
    train_flags from_manifest;
    from_manifest.parse_words(m.args);
    plan.options = from_manifest.to_options();
    plan.specs = std::move(m.data);
    plan.name = std::move(m.name);
    plan.languages = std::move(m.languages);
    return plan;
  }
  plan.options = flags.to_options();
  for (const auto& d : data)
    plan.specs.push_back(parse_data_spec(d));
  return plan;
}

void add_reviews(training_set& set, const std::vector<reviewed_example>& reviews, double weight) {
  if (set.corpora.empty()) {
    core::corpus_options base;
    base.name = "base";
    set.corpora.push_back(base);
    for (auto& e : set.data)
      e.corpus = 0;
  }
  core::corpus_options c;
  c.name = "reviews";
  c.kind = core::corpus_kind::text;
  c.weight = weight;
  const auto index = static_cast<std::uint16_t>(set.corpora.size());
  set.corpora.push_back(c);
  for (const auto& r : reviews) {
    auto e = r.example;
    e.corpus = index;
    e.group = 0;
    set.data.push_back(std::move(e));
  }
}

} // namespace hatewatch::daemon
