#pragma once
// The models the daemon scores with: the default one (model.path) and one per language named in
// model.by_language. Built whole at start and at each reload, then shared read-only: a request in
// flight finishes on the set it started with.

#include "core/model.hpp"
#include "daemon/base/config_error.hpp"
#include "daemon/models/model_config.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace hatewatch::daemon {

/// Why nothing can be scored yet (no model loaded at start, before the first reload succeeds):
/// the one wording of the 503 of every route, /readyz and the poller's log.
inline constexpr const char* no_model_detail = "no model is loaded";

struct model_set {
  /// Scores every comment first, and every comment no other model is named for.
  std::shared_ptr<const core::model> fallback;
  /// language code -> the model of that language (each lists its language).
  std::map<std::string, std::shared_ptr<const core::model>, std::less<>> by_language;

  /// The model named for `code` in by_language, or nullptr.
  const core::model* for_language(std::string_view code) const {
    const auto it = by_language.find(code);
    return it == by_language.end() ? nullptr : it->second.get();
  }
  /// The model that reads `code`: its by_language one, else the default model if it lists the
  /// language, else nullptr.
  const core::model* reading(std::string_view code) const;

  /// Sources with a model of their own (sources[].model): source name -> a set whose default model
  /// is the source's, with the same by_language models.
  std::map<std::string, std::shared_ptr<const model_set>, std::less<>> by_source;

  /// The set that scores the comments of source `name`: its own, or this one.
  const model_set& for_source(std::string_view name) const {
    const auto it = by_source.find(name);
    return it == by_source.end() ? *this : *it->second;
  }
};

/// "model forums-1a2b3c4d" and, per language model, "; de: de-5e6f7a8b", for logs.
std::string describe(const model_set& set);

/// The languages the set reads, for messages: "en", "en, de".
std::string readable(const model_set& set);

/// A set of one model (nullptr for none).
std::shared_ptr<const model_set> only(std::shared_ptr<const core::model> m);

/// A source's own model: the source's name and the file (sources[].model).
using source_model = std::pair<std::string, std::filesystem::path>;

/// Loads model.path, every model.by_language file and every source's own model (a file named twice
/// is read once). Throws core::model_file_error naming the file, or config_error when a by_language
/// model does not list its language.
std::shared_ptr<const model_set> load_models(const model_config& cfg, const std::vector<source_model>& sources = {});

} // namespace hatewatch::daemon
