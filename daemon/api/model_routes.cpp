#include "daemon/api/model_routes.hpp"

#include "daemon/api/moderator_access.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/service.hpp"
#include "daemon/api/store_reads.hpp"
#include "daemon/models/review_comparison.hpp"
#include "daemon/models/review_corpus.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/models/model_promotion.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/promotion_store.hpp"
#include "daemon/store/writer.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>

namespace hatewatch::daemon {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_candidates = 20;
constexpr std::size_t max_note_bytes = 2000;

std::mutex promotion_mutex; // one promotion or rollback at a time

struct request_fields {
  std::string candidate;
  review_selection selection;
  std::optional<std::string> note;
};

request_fields fields_of(const string_request& req, bool needs_candidate) {
  request_fields f;
  const auto body = req.body().empty() ? boost::json::object() : parse_json_body(req);
  auto text = [&](std::string_view name) -> std::optional<std::string> {
    const auto* v = body.if_contains(name);
    if (!v || v->is_null())
      return std::nullopt;
    if (!v->is_string())
      throw http_error(http::status::bad_request, "\"" + std::string(name) + "\" must be a string");
    return std::string(v->as_string());
  };
  auto name = [&](std::string_view member) -> std::optional<std::string> {
    auto v = text(member); // a file or source name: nothing of the kind holds U+0000
    if (v && v->find('\0') != std::string::npos)
      throw http_error(http::status::bad_request, "\"" + std::string(member) + "\" may not hold U+0000");
    return v;
  };
  if (auto c = name("candidate"))
    f.candidate = *c;
  if (needs_candidate && f.candidate.empty())
    throw http_error(http::status::bad_request, "\"candidate\" must name a file of model.candidates");
  if (auto from = text("reviews_from")) {
    f.selection.decided_from = store::parse_rfc3339(*from);
    if (!f.selection.decided_from)
      throw http_error(http::status::bad_request, "\"reviews_from\" must be an RFC 3339 time");
  }
  if (auto source = name("source"))
    f.selection.source = *source;
  if (auto note = text("note")) {
    if (note->size() > max_note_bytes)
      throw http_error(http::status::bad_request, "\"note\" is longer than 2000 bytes");
    f.note = core::utf8::storable(*note);
  }
  return f;
}

// The candidate file `name` of model.candidates: a plain file name ending in .hwm, nothing else.
fs::path candidate_path(const model_config& m, const std::string& name) {
  if (m.candidates.empty())
    throw http_error(http::status::forbidden, "promotion from the console is off: set model.candidates to a directory");
  if (name.size() > 200 || !name.ends_with(".hwm") || name.find('/') != std::string::npos || name.starts_with('.'))
    throw http_error(http::status::bad_request, "\"candidate\" must be the name of a .hwm file of model.candidates");
  const auto path = m.candidates / name;
  if (!fs::is_regular_file(path))
    throw http_error(http::status::not_found, "model.candidates has no file '" + core::utf8::prefix(name, 200) + "'");
  return path;
}

// The comparison's JSON, or nothing when no decision is selected.
std::optional<std::string> evaluate(store::sql::connection& db, const core::model& candidate, const core::model& live,
                                    const review_selection& sel) {
  const auto reviews = read_reviews(db, sel);
  if (reviews.empty())
    return std::nullopt;
  return comparison_json(compare_on_reviews(candidate, live, reviews), candidate.version(), live.version());
}

void append_promotion(std::string& out, const store::promotion_record& p) {
  out += "{\"id\":" + std::to_string(p.id) + ",\"kind\":";
  append_json_string(out, p.kind);
  out += ",\"from\":";
  append_json_string(out, p.from_version);
  out += ",\"to\":";
  append_json_string(out, p.to_version);
  out += ",\"actor\":";
  append_json_string(out, p.actor);
  out += ",\"at\":";
  append_time(out, p.at);
  out += ",\"note\":";
  append_optional_string(out, p.note);
  out += ",\"evaluation\":";
  out += p.evaluation_json ? *p.evaluation_json : "null";
  out += '}';
}

std::string version_or_error(const fs::path& file, bool& ok) {
  try {
    ok = true;
    return load_model_file(file)->version();
  } catch (const std::exception& e) {
    ok = false;
    return e.what();
  }
}

// "languages":[...],"distinguishes":[...] of a model.
void append_reads(std::string& out, const core::model& m) {
  out += ",\"languages\":[";
  for (std::size_t i = 0; i < m.languages().size(); ++i) {
    out += i ? "," : "";
    append_json_string(out, m.languages()[i]);
  }
  out += "],";
  append_distinguishes(out, m);
}

std::string models_json(store::sql::connection& db, const api_settings& settings, const model_set* set) {
  std::string out = "{\"live\":{\"version\":";
  append_json_string(out, set ? set->fallback->version() : std::string());
  out += ",\"path\":";
  append_json_string(out, settings.model.path.string());
  if (set)
    append_reads(out, *set->fallback);
  out += "},\"by_language\":{";
  if (set) {
    bool first = true;
    for (const auto& [code, m] : set->by_language) {
      out += first ? "" : ",";
      first = false;
      append_json_string(out, code);
      out += ":{\"version\":";
      append_json_string(out, m->version());
      append_reads(out, *m);
      out += '}';
    }
  }
  out += "},\"previous\":";
  const auto previous = previous_model_path(settings.model.path);
  bool ok = false;
  if (fs::exists(previous)) {
    const auto v = version_or_error(previous, ok);
    out += ok ? "{\"version\":" : "{\"error\":";
    append_json_string(out, v);
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"candidates_dir\":";
  if (settings.model.candidates.empty())
    out += "null";
  else
    append_json_string(out, settings.model.candidates.string());
  out += ",\"candidates\":[";
  std::vector<fs::path> files;
  std::error_code ec;
  if (!settings.model.candidates.empty())
    for (const auto& e : fs::directory_iterator(settings.model.candidates, ec))
      if (e.is_regular_file() && e.path().extension() == ".hwm" && !e.path().filename().string().starts_with('.'))
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.size() > max_candidates)
    files.resize(max_candidates);
  for (std::size_t i = 0; i < files.size(); ++i) {
    out += i ? ",{\"file\":" : "{\"file\":";
    append_json_string(out, files[i].filename().string());
    const auto v = version_or_error(files[i], ok);
    out += ok ? ",\"version\":" : ",\"error\":";
    append_json_string(out, v);
    out += '}';
  }
  out += "],\"promotions\":[";
  const auto promotions = store::list_promotions(db, 20);
  for (std::size_t i = 0; i < promotions.size(); ++i) {
    if (i)
      out += ',';
    append_promotion(out, promotions[i]);
  }
  out += "]}";
  return out;
}

// Reloads after install_model(); when the daemon refuses (for the candidate or for anything else
// the reload reads: a source's model file gone, a config error), puts the files back as they were,
// the previous model too, and says why.
void reload_or_undo(service& svc, const fs::path& live) {
  const auto refused = svc.reload();
  if (!refused) {
    keep_install(live);
    return;
  }
  undo_install(live);
  svc.reload();
  throw http_error(http::status::unprocessable_entity,
                   "the reload after installing the candidate was refused, so nothing changed (the live and the "
                   "previous model are as they were): " + *refused);
}

store::promotion_record record(service& svc, store::promotion_record p) {
  auto* w = svc.writer();
  p.at = store::now_ms();
  w->run_and_wait([&p](store::write_context& ctx) { p.id = store::record_promotion(ctx, p); });
  return p;
}

void promote(service& svc, const string_request& req, completion done) {
  const auto settings = svc.settings();
  const auto actor = require_promoter(svc, *settings, req);
  auto fields = fields_of(req, true);
  const auto file = candidate_path(settings->model, fields.candidate);
  answer_from_store(svc, std::move(done), [&svc, settings, actor, fields, file, version = req.version()](store::sql::connection& db) {
    std::unique_lock lock(promotion_mutex, std::try_to_lock);
    if (!lock)
      throw http_error(http::status::conflict, "another promotion or rollback is under way");
    const auto live = settings->model.path;
    std::shared_ptr<const core::model> candidate;
    try {
      candidate = load_model_file(file);
    } catch (const std::exception& e) {
      throw http_error(http::status::unprocessable_entity, e.what());
    }
    const auto current = svc.model();
    const auto evaluation = evaluate(db, *candidate, *current, fields.selection);
    model_swap swap;
    try {
      swap = install_model(file, live);
    } catch (const std::exception& e) {
      throw http_error(http::status::unprocessable_entity, e.what());
    }
    reload_or_undo(svc, live);
    const auto p = record(svc, {0, "promote", swap.from_version, swap.to_version, actor, evaluation, fields.note, 0});
    std::string out;
    append_promotion(out, p);
    return json_response(version, std::move(out), http::status::created);
  });
}

void rollback(service& svc, const string_request& req, completion done) {
  const auto settings = svc.settings();
  const auto actor = require_promoter(svc, *settings, req);
  auto fields = fields_of(req, false);
  answer_from_store(svc, std::move(done), [&svc, settings, actor, fields, version = req.version()](store::sql::connection&) {
    std::unique_lock lock(promotion_mutex, std::try_to_lock);
    if (!lock)
      throw http_error(http::status::conflict, "another promotion or rollback is under way");
    const auto live = settings->model.path;
    model_swap swap;
    try {
      swap = exchange_with_previous(live);
    } catch (const std::exception& e) {
      throw http_error(http::status::unprocessable_entity, e.what());
    }
    if (const auto refused = svc.reload()) {
      exchange_with_previous(live);
      svc.reload();
      throw http_error(http::status::unprocessable_entity,
                       "the reload after the rollback was refused, so nothing changed: " + *refused);
    }
    const auto p = record(svc, {0, "rollback", swap.from_version, swap.to_version, actor, std::nullopt, fields.note, 0});
    std::string out;
    append_promotion(out, p);
    return json_response(version, std::move(out), http::status::created);
  });
}

} // namespace

void add_model_routes(router& r, service& svc) {
  r.add_deferred(http::verb::get, "/v1/models", [&svc](const string_request& req, const route_match&, completion done) {
    const auto settings = svc.settings();
    require_reader(svc, *settings, req);
    answer_from_store(svc, std::move(done), [&svc, settings, version = req.version()](store::sql::connection& db) {
      const auto set = svc.models();
      return json_response(version, models_json(db, *settings, set.get()));
    });
  });
  r.add_deferred(http::verb::post, "/v1/models/evaluate",
                 [&svc](const string_request& req, const route_match&, completion done) {
                   const auto settings = svc.settings();
                   require_moderator(svc, *settings, req);
                   auto fields = fields_of(req, true);
                   const auto file = candidate_path(settings->model, fields.candidate);
                   answer_from_store(svc, std::move(done), [&svc, fields, file, version = req.version()](store::sql::connection& db) {
                     std::shared_ptr<const core::model> candidate;
                     try {
                       candidate = load_model_file(file);
                     } catch (const std::exception& e) {
                       throw http_error(http::status::unprocessable_entity, e.what());
                     }
                     const auto live = svc.model();
                     auto json = evaluate(db, *candidate, *live, fields.selection);
                     if (!json)
                       throw http_error(http::status::unprocessable_entity,
                                        "no reviewed comments to compare on (with these reviews_from and source)");
                     return json_response(version, std::move(*json));
                   });
                 });
  r.add_deferred(http::verb::post, "/v1/models/promote",
                 [&svc](const string_request& req, const route_match&, completion done) { promote(svc, req, std::move(done)); });
  r.add_deferred(http::verb::post, "/v1/models/rollback",
                 [&svc](const string_request& req, const route_match&, completion done) { rollback(svc, req, std::move(done)); });
}

} // namespace hatewatch::daemon
