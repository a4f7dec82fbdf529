#pragma once
// A fake Discourse on loopback for poller tests: GET /posts.json (newest first, 50 a page,
// ?before=<id>) served by the daemon's own HTTP stack on a thread of its own. Tests add posts and
// script failures (HTTP 500, garbage, a slow answer, 429 with Retry-After).

#include "daemon/http/listener.hpp"
#include "daemon/http/router.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hatewatch::test {

class fake_forum {
public:
  enum class fault { http_500, garbage, slow, rate_limited, wrong_key };

  fake_forum() {
    auto routes = std::make_shared<daemon::router>();
    routes->add(daemon::http::verb::get, "/posts.json",
                [this](const daemon::string_request& req, const daemon::route_match& m) { return answer(req, m); });
    daemon::server_config cfg;
    cfg.listen = {"127.0.0.1", 0};
    listener_ = std::make_shared<daemon::listener>(ioc_, cfg, routes);
    port_ = listener_->open().port();
    listener_->start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~fake_forum() {
    ioc_.stop();
    thread_.join();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  /// Adds posts with ids first..last (inclusive).
  void add_posts(std::int64_t first, std::int64_t last) {
    std::lock_guard lock(mutex_);
    for (auto id = first; id <= last; ++id)
      ids_.push_back(id);
  }
  /// The next requests fail this way, one fault per request, in order.
  void script(std::vector<fault> faults) {
    std::lock_guard lock(mutex_);
    faults_.insert(faults_.end(), faults.begin(), faults.end());
  }
  std::size_t requests() const {
    std::lock_guard lock(mutex_);
    return times_.size();
  }
  std::vector<std::chrono::steady_clock::time_point> request_times() const {
    std::lock_guard lock(mutex_);
    return times_;
  }

  static constexpr const char* api_key = "forum-api-key-0123456789";

private:
  daemon::string_response answer(const daemon::string_request& req, const daemon::route_match& m) {
    std::unique_lock lock(mutex_);
    times_.push_back(std::chrono::steady_clock::now());
    daemon::string_response res{daemon::http::status::ok, 11};
    res.set(daemon::http::field::content_type, "application/json");
    std::optional<fault> f;
    if (!faults_.empty()) {
      f = faults_.front();
      faults_.pop_front();
    }
    if (req["Api-Key"] != api_key || req["Api-Username"] != "system" || f == fault::wrong_key) {
      res.result(daemon::http::status::forbidden);
      res.body() = R"({"errors":["You are not permitted to view the requested resource."],"error_type":"invalid_access"})";
    } else if (f == fault::http_500) {
      res.result(daemon::http::status::internal_server_error);
      res.body() = "<html>oops</html>";
    } else if (f == fault::garbage) {
      res.body() = "{\"latest_posts\": [ {\"id\": ";
    } else if (f == fault::rate_limited) {
      res.result(daemon::http::status::too_many_requests);
      res.set(daemon::http::field::retry_after, "1");
      res.body() = R"({"errors":["You've performed this action too many times."],"error_type":"rate_limit","extras":{"wait_seconds":1}})";
    } else {
      if (f == fault::slow) {
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        lock.lock();
      }
      std::int64_t before = INT64_MAX;
      const auto q = m.query;
      if (auto at = q.find("before="); at != std::string_view::npos)
        before = std::stoll(std::string(q.substr(at + 7)));
      std::string body = R"({"latest_posts":[)";
      int n = 0;
      for (auto it = ids_.rbegin(); it != ids_.rend() && n < 50; ++it) {
        if (*it >= before)
          continue;
        body += (n++ ? "," : "") + post(*it);
      }
      res.body() = body + "]}";
    }
    res.prepare_payload();
    return res;
  }

  static std::string post(std::int64_t id) {
    const auto s = std::to_string(id);
    return R"({"id":)" + s + R"(,"name":"","username":"user)" + s +
           R"(","avatar_template":"/user_avatar/forum.example/u/{size}/1_2.png","created_at":"2026-11-27T08:00:00.000Z",)"
           R"("cooked":"<p>post number )" + s + R"(</p>","post_number":2,"post_type":1,"updated_at":"2026-11-27T08:00:00.000Z",)"
           R"("reply_count":0,"reply_to_post_number":null,"quote_count":0,"incoming_link_count":0,"reads":1,"score":0,)"
           R"("yours":false,"topic_id":)" + s + R"(,"topic_slug":"topic-)" + s + R"(","topic_title":"Topic )" + s +
           R"(","topic_html_title":"Topic )" + s + R"(","category_id":1,"display_username":"","primary_group_name":null,)"
           R"("version":1,"can_edit":true,"can_delete":true,"can_recover":false,"can_wiki":true,"user_title":null,)"
           R"("raw":"post number )" + s + R"(","actions_summary":[],"moderator":false,"admin":false,"staff":false,)"
           R"("user_id":1,"hidden":false,"trust_level":1,"deleted_at":null,"user_deleted":false,"edit_reason":null,)"
           R"("can_view_edit_history":true,"wiki":false})";
  }

  boost::asio::io_context ioc_;
  std::shared_ptr<daemon::listener> listener_;
  unsigned short port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::int64_t> ids_;
  std::deque<fault> faults_;
  std::vector<std::chrono::steady_clock::time_point> times_;
};

} // namespace hatewatch::test
