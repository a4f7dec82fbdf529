#pragma once
// Reading the config's YAML with the file, line and key of every problem: the primitives with which
// each area reads its own section (http/server_config.cpp, store/storage_config.cpp, ...; the list
// is in daemon/config/config.cpp). Only those readers include this header.

#include "daemon/base/config_error.hpp"
#include "daemon/base/config_values.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

using namespace std::chrono_literals;

// The names each enumerated setting takes, in the order messages list them.
template <typename T> using name_table = std::initializer_list<std::pair<std::string_view, T>>;

/// Walks the YAML tree, knowing where it is, so that every message carries file, line and key.
class config_reader {
public:
  explicit config_reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& what) const {
    std::ostringstream out;
    out << file_;
    if (at.IsDefined() && at.Mark().line >= 0)
      out << ':' << at.Mark().line + 1;
    out << ": ";
    if (!key.empty())
      out << "key '" << key << "': ";
    out << what;
    throw config_error(out.str());
  }

  using handler = std::function<void(const YAML::Node& value, const std::string& key)>;

  /// A mapping key as a name: keys are plain scalars, never a sequence, a mapping or null.
  std::string key_name(const YAML::Node& key, const std::string& prefix) const {
    if (!key.IsScalar())
      fail(key, prefix, "a key must be a plain name (this one is a list, a mapping, empty or a '?' complex key)");
    return key.Scalar();
  }

  /// Calls the handler of each key present in `section`; an unknown key is an error.
  void section(const YAML::Node& node, const std::string& prefix, const std::map<std::string, handler>& keys) const {
    if (!node || node.IsNull())
      return;
    if (!node.IsMap())
      fail(node, prefix, "expected a mapping");
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const auto name = key_name(entry.first, prefix);
      const auto full = prefix.empty() ? name : prefix + "." + name;
      auto it = keys.find(name);
      if (it == keys.end())
        fail(entry.first, "", "unknown key '" + full + "'");
      if (!seen.insert(name).second)
        fail(entry.first, "", "duplicate key '" + full + "'");
      it->second(entry.second, full);
    }
  }

  /// The value that the node's name stands for in `names`; else an error listing the names.
  template <typename Names>
  auto choice(const YAML::Node& node, const std::string& key, const Names& names) const {
    const auto text = string(node, key);
    for (const auto& [name, value] : names)
      if (text == name)
        return value;
    fail(node, key, "expected " + listed(names) + ", got '" + text + "'");
  }

  /// The names of a name table as messages list them: "a, b or c".
  template <typename Names>
  static std::string listed(const Names& names) {
    std::string out;
    std::size_t i = 0;
    for (const auto& entry : names) {
      out += i == 0 ? "" : i + 1 == std::size(names) ? " or " : ", ";
      out += entry.first;
      ++i;
    }
    return out;
  }

  std::string string(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar())
      fail(node, key, "expected a string");
    return substitute_env(node, key, node.Scalar());
  }

  bool boolean(const YAML::Node& node, const std::string& key) const {
    return choice(node, key, name_table<bool>{{"true", true}, {"false", false}});
  }

  std::uint64_t whole(const YAML::Node& node, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const auto text = string(node, key);
    std::uint64_t value = 0;
    std::size_t used = 0;
    try {
      if (text.empty() || text.front() == '-' || text.front() == '+')
        throw std::invalid_argument(text);
      value = std::stoull(text, &used);
    } catch (const std::exception&) {
      fail(node, key, "expected a whole number, got '" + text + "'");
    }
    if (used != text.size())
      fail(node, key, "expected a whole number, got '" + text + "'");
    check_range(node, key, value, min, max);
    return value;
  }

  std::uint64_t byte_size(const YAML::Node& node, const std::string& key, std::uint64_t min, std::uint64_t max) const {
    const auto value = parse(node, key, parse_byte_size);
    check_range(node, key, value, min, max);
    return value;
  }

  std::chrono::milliseconds duration(const YAML::Node& node, const std::string& key,
                                     std::chrono::milliseconds min) const {
    const auto value = parse(node, key, parse_duration);
    if (value < min)
      fail(node, key, "must be at least " + std::to_string(min.count()) + "ms");
    return value;
  }

  /// A site's address ("https://forum.example"): http:// or https://, without the trailing '/'.
  std::string base_url(const YAML::Node& node, const std::string& key) const {
    auto url = string(node, key);
    if (!url.starts_with("http://") && !url.starts_with("https://"))
      fail(node, key, "expected an http:// or https:// URL");
    while (url.ends_with('/'))
      url.pop_back();
    return url;
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) const {
    if (!node.IsSequence())
      fail(node, key, "expected a list of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i)
      out.push_back(string(node[i], key + "[" + std::to_string(i) + "]"));
    return out;
  }

  double number(const YAML::Node& node, const std::string& key, double min, double max) const {
    const auto text = string(node, key);
    double value = 0;
    std::size_t used = 0;
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      fail(node, key, "expected a number, got '" + text + "'");
    }
    if (used != text.size() || !(value >= min && value <= max))
      fail(node, key,
           "expected a number in [" + std::to_string(min) + ", " + std::to_string(max) + "], got '" + text + "'");
    return value;
  }

  template <typename F>
  auto parse(const YAML::Node& node, const std::string& key, F&& f) const -> decltype(f(std::string_view{})) {
    const auto text = string(node, key);
    try {
      return f(text);
    } catch (const std::invalid_argument& e) {
      fail(node, key, e.what());
    }
  }

private:
  void check_range(const YAML::Node& node, const std::string& key, std::uint64_t value, std::uint64_t min,
                   std::uint64_t max) const {
    if (value < min || value > max)
      fail(node, key,
           std::to_string(value) + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }

  // Replaces ${NAME} with the environment variable NAME; "$$" stands for a literal '$'.
  std::string substitute_env(const YAML::Node& node, const std::string& key, const std::string& text) const {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$') {
        out += text[i];
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '$') {
        out += '$';
        ++i;
        continue;
      }
      if (i + 1 >= text.size() || text[i + 1] != '{') {
        out += '$';
        continue;
      }
      const auto close = text.find('}', i + 2);
      if (close == std::string::npos)
        fail(node, key, "unterminated '${' in value");
      const auto name = text.substr(i + 2, close - i - 2);
      const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
      if (!value)
        fail(node, key, "environment variable '" + name + "' is not set");
      out += value;
      i = close;
    }
    return out;
  }

  std::string file_;
};

constexpr std::uint64_t max_u32 = std::numeric_limits<std::uint32_t>::max();

/// Source and channel names: they appear in URLs and metrics labels.
inline bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

} // namespace hatewatch::daemon
