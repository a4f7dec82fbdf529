#include "daemon/models/score_json.hpp"

#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hatewatch::daemon {

void append_scores(std::string& out, const core::probabilities& p) {
  for (std::size_t k = 0; k < core::class_count; ++k) {
    if (k)
      out += ',';
    append_json_string(out, core::class_names[k]);
    out += ':';
    append_json_number(out, p[k]);
  }
}

void append_explanation(std::string& out, const std::vector<core::contribution>& explanation) {
  out += "\"explanation\":[";
  bool first = true;
  for (const auto& c : explanation) {
    if (!first)
      out += ',';
    first = false;
    out += "{\"ngram\":";
    append_json_string(out, c.ngram);
    out += ",\"begin\":" + std::to_string(c.begin) + ",\"end\":" + std::to_string(c.end) + ",\"weight\":";
    append_json_number(out, c.weight);
    out += '}';
  }
  out += ']';
}

void append_language(std::string& out, const core::language_guess& g, bool supported) {
  out += "\"language\":{\"code\":";
  append_json_string(out, g.code);
  out += ",\"confidence\":";
  append_json_number(out, g.confidence);
  out += supported ? ",\"supported\":true}" : ",\"supported\":false},\"unsupported_language\":true";
}

void append_no_scores(std::string& out) {
  out += "\"hate speech\":null,\"offensive language\":null,\"neither\":null";
}

namespace {

void append_names(std::string& out, const std::vector<std::string_view>& names) {
  out += "\"distinguishes\":[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += i ? "," : "";
    append_json_string(out, names[i]);
  }
  out += ']';
}

} // namespace

void append_distinguishes(std::string& out, const core::model& m) {
  append_names(out, m.distinguishes());
}

void append_neither_scores(std::string& out, const core::probabilities& p) {
  out += "\"hate speech\":null,\"offensive language\":null,\"neither\":";
  append_json_number(out, p[2]);
  out += ",\"not neither\":";
  append_json_number(out, 1.0 - p[2]);
  out += ',';
  append_names(out, {core::two_class_names.begin(), core::two_class_names.end()});
}

void append_model_scores(std::string& out, const core::probabilities& p, const core::model& m) {
  if (m.tells_hate())
    return append_scores(out, p);
  append_neither_scores(out, p);
}

} // namespace hatewatch::daemon
