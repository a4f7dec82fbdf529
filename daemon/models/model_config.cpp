// The config section of the models.
#include "daemon/models/model_config.hpp"

#include "core/language_id.hpp"
#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon {

void read_model(const config_reader& r, const YAML::Node& node, model_config& m) {
  auto path_of = [&](const YAML::Node& v, const std::string& k) {
    const auto path = r.string(v, k);
    if (path.empty())
      r.fail(v, k, "must not be empty");
    return std::filesystem::path(path);
  };
  r.section(node, "model",
            {{"path", [&](auto& v, auto& k) { m.path = path_of(v, k); }},
             {"candidates", [&](auto& v, auto& k) { m.candidates = path_of(v, k); }},
             {"by_language", [&](auto& v, auto& k) {
                if (v.IsNull())
                  return;
                if (!v.IsMap())
                  r.fail(v, k, "expected a mapping of language codes to model files ({de: models/de.hwm})");
                for (const auto& entry : v) {
                  const auto code = r.key_name(entry.first, k);
                  if (!core::detectable_language(code))
                    r.fail(entry.first, k + "." + code,
                           "not a language code the detector writes (ISO 639-1, such as de, fr, zh-Hant)");
                  if (!m.by_language.emplace(code, path_of(entry.second, k + "." + code)).second)
                    r.fail(entry.first, "", "duplicate key '" + k + "." + code + "'");
                }
              }}});
}

} // namespace hatewatch::daemon
