#include "daemon/api/review_json.hpp"

#include "core/labels.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/models/score_json.hpp"

#include <algorithm>

namespace hatewatch::daemon {

void append_label(std::string& out, std::optional<int> label) {
  if (label && *label >= 0 && *label < static_cast<int>(core::class_count))
    append_json_string(out, core::class_names[static_cast<std::size_t>(*label)]);
  else
    out += "null";
}

std::optional<int> label_named(std::string_view name) {
  for (std::size_t k = 0; k < core::class_count; ++k) {
    const auto expected = core::class_names[k];
    if (name.size() == expected.size() &&
        std::equal(name.begin(), name.end(), expected.begin(), [](char a, char b) { return a == b || (a == '_' && b == ' '); }))
      return static_cast<int>(k);
  }
  return std::nullopt;
}

int label_param(std::string_view text) {
  const auto label = label_named(percent_decoded(text));
  if (!label)
    throw http_error(http::status::bad_request,
                     "label must be one of \"hate speech\", \"offensive language\", \"neither\"");
  return *label;
}

void append_reviews(std::string& out, const std::vector<store::review_view>& reviews) {
  out += '[';
  for (std::size_t i = 0; i < reviews.size(); ++i) {
    const auto& r = reviews[i];
    out += i ? ",{\"id\":" : "{\"id\":";
    out += std::to_string(r.id) + ",\"comment_id\":" + std::to_string(r.comment_id) + ",\"source\":";
    append_json_string(out, r.source);
    out += ",\"label\":";
    append_label(out, r.label);
    out += ",\"note\":";
    append_optional_string(out, r.note);
    out += ",\"moderator\":";
    append_json_string(out, r.moderator);
    out += ",\"decided_at\":";
    append_time(out, r.decided_at);
    out += r.current ? ",\"current\":true,\"model\":" : ",\"current\":false,\"model\":";
    append_json_string(out, r.model_version);
    out += ",\"model_label\":";
    if (r.p) {
      append_label(out, static_cast<int>(std::max_element(r.p->begin(), r.p->end()) - r.p->begin()));
      out += ",\"scores\":{";
      append_scores(out, *r.p);
      out += '}';
    } else {
      out += "null,\"scores\":null";
    }
    out += '}';
  }
  out += ']';
}

} // namespace hatewatch::daemon
