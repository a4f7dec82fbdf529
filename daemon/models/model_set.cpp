#include "daemon/models/model_set.hpp"

#include "daemon/models/model_loader.hpp"

#include <algorithm>

namespace hatewatch::daemon {

const core::model* model_set::reading(std::string_view code) const {
  if (const auto* m = for_language(code))
    return m;
  const auto& own = fallback->languages();
  return std::find(own.begin(), own.end(), code) != own.end() ? fallback.get() : nullptr;
}

std::string describe(const model_set& set) {
  std::string out = "model " + set.fallback->version();
  for (const auto& [code, m] : set.by_language)
    out += "; " + code + ": " + m->version();
  for (const auto& [source, own] : set.by_source)
    out += "; source " + source + ": " + own->fallback->version();
  return out;
}

std::string readable(const model_set& set) {
  std::vector<std::string> codes = set.fallback->languages();
  for (const auto& entry : set.by_language)
    if (std::find(codes.begin(), codes.end(), entry.first) == codes.end())
      codes.push_back(entry.first);
  std::string out;
  for (const auto& code : codes)
    out += (out.empty() ? "" : ", ") + code;
  return out;
}

std::shared_ptr<const model_set> only(std::shared_ptr<const core::model> m) {
  if (!m)
    return nullptr;
  auto set = std::make_shared<model_set>();
  set->fallback = std::move(m);
  return set;
}

std::shared_ptr<const model_set> load_models(const model_config& cfg, const std::vector<source_model>& sources) {
  auto set = std::make_shared<model_set>();
  set->fallback = load_model_file(cfg.path);
  std::map<std::filesystem::path, std::shared_ptr<const core::model>> loaded{{cfg.path, set->fallback}};
  for (const auto& [code, path] : cfg.by_language) {
    auto& m = loaded[path];
    if (!m)
      m = load_model_file(path);
    const auto& reads = m->languages();
    if (std::find(reads.begin(), reads.end(), code) == reads.end()) {
      std::string list;
      for (const auto& l : reads)
        list += (list.empty() ? "" : ", ") + l;
      throw config_error("model.by_language." + code + ": " + path.string() + " reads " + list + ", not " + code +
                         " (hatewatch train --languages " + code + " writes the list)");
    }
    set->by_language.emplace(code, m);
  }
  for (const auto& [name, path] : sources) {
    auto& m = loaded[path];
    if (!m)
      m = load_model_file(path);
    auto own = std::make_shared<model_set>();
    own->fallback = m;
    own->by_language = set->by_language;
    set->by_source.emplace(name, std::move(own));
  }
  return set;
}

} // namespace hatewatch::daemon
