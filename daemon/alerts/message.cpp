#include "daemon/alerts/message.hpp"

#include "daemon/outbound/http_call.hpp"

#include <boost/json/parse.hpp>

#include <cstdio>

namespace hatewatch::daemon {
namespace {

std::string percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", p * 100);
  return buf;
}

std::string scores_line(const core::probabilities& p) {
  return "hate speech " + percent(p[0]) + " · offensive language " + percent(p[1]) + " · neither " + percent(p[2]);
}

// A comment in a language the model does not read has no scores: its language says why.
std::string language_of(const alert_item& a) {
  return a.language.empty() || a.language == "und" ? std::string("another script") : "'" + a.language + "'";
}

} // namespace

delivery_result classify(const http_answer& answer) {
  delivery_result r;
  r.status = answer.status;
  if (!answer.error.empty()) {
    r.result = delivery_result::outcome::retry;
    r.error = answer.error;
    return r;
  }
  if (answer.status >= 200 && answer.status < 300) {
    r.result = delivery_result::outcome::delivered;
    return r;
  }
  r.error = "HTTP " + std::to_string(answer.status) + ": " + excerpt_of(answer.body, 200);
  if (answer.status == 429) {
    r.result = delivery_result::outcome::retry;
    if (auto s = retry_after_seconds(answer.retry_after))
      r.retry_after = *s;
    return r;
  }
  r.result = answer.status == 408 || answer.status >= 500 ? delivery_result::outcome::retry
                                                          : delivery_result::outcome::dead;
  return r;
}

std::string excerpt_of(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes)
    return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut; // never split a character
  return text.substr(0, cut) + "…";
}

std::string drivers_of(const std::string& explanation_json, std::size_t top) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(explanation_json, ec);
  if (ec || !v.is_array())
    return {};
  std::string out;
  std::size_t n = 0;
  for (const auto& e : v.as_array()) {
    if (n == top || !e.is_object())
      break;
    const auto* ngram = e.as_object().if_contains("ngram");
    const auto* weight = e.as_object().if_contains("weight");
    if (!ngram || !ngram->is_string() || !weight || !weight->is_number())
      continue;
    char w[32];
    std::snprintf(w, sizeof w, "%+.2f", weight->to_number<double>());
    out += (n++ ? ", \"" : "\"") + std::string(ngram->as_string()) + "\" (" + w + ")";
  }
  return out;
}

std::string console_link(const std::string& console_url, const alert_item& a) {
  return console_url.empty() ? std::string() : console_url + "#/comment/" + std::to_string(a.comment_id);
}

message_text single_message(const alert_item& a, std::size_t excerpt_bytes, const std::string& console_url) {
  message_text m;
  m.title = std::string(a.unsupported ? "Comment to read in " : "Comment flagged in ") + a.source +
            (a.author.empty() ? "" : " (by " + a.author + ")");
  m.lines.push_back(a.unsupported ? "Not scored: written in " + language_of(a) + ", which model " + a.model_version +
                                        " does not read. A moderator should read it."
                                  : scores_line(a.p));
  if (const auto d = drivers_of(a.explanation_json); !d.empty())
    m.lines.push_back("Driven by: " + d);
  m.lines.push_back(a.url.empty() ? "Comment " + a.external_id + " (version " + std::to_string(a.version) + ")"
                                  : "Link: " + a.url);
  if (!console_url.empty())
    m.lines.push_back("Review: " + console_link(console_url, a));
  m.excerpt = a.text.empty() ? "(text purged)" : excerpt_of(a.text, excerpt_bytes);
  return m;
}

message_text digest_message(const std::vector<alert_item>& items, std::size_t excerpt_bytes,
                            const std::string& console_url, std::size_t list) {
  message_text m;
  m.title = std::to_string(items.size()) + " comments flagged in " + (items.empty() ? "" : items.front().source) +
            " (digest: alerts are arriving faster than the configured rate)";
  for (std::size_t i = 0; i < items.size() && i < list; ++i) {
    const auto& a = items[i];
    m.lines.push_back((a.unsupported ? "- not scored (" + language_of(a) + ")" : "- hate speech " + percent(a.p[0])) + ": " +
                      (a.text.empty() ? "(text purged)" : excerpt_of(a.text, std::min<std::size_t>(excerpt_bytes, 120))) +
                      (a.url.empty() ? "" : " " + a.url));
  }
  if (items.size() > list)
    m.lines.push_back("… and " + std::to_string(items.size() - list) + " more (GET /v1/comments?flagged=true)");
  if (!console_url.empty() && !items.empty())
    m.lines.push_back("Review them: " + console_url + "#/queue?source=" + items.front().source); // a-z, 0-9, - and _ only
  return m;
}

std::string plain_text(const message_text& m) {
  std::string out = m.title + "\n\n";
  for (const auto& l : m.lines)
    out += l + "\n";
  if (!m.excerpt.empty())
    out += "\n> " + m.excerpt + "\n";
  return out;
}

} // namespace hatewatch::daemon
