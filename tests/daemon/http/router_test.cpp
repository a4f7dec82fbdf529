#include "daemon/http/router.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon;

namespace {

string_response text(const std::string& body) {
  string_response res{http::status::ok, 11};
  res.body() = body;
  return res;
}

string_request request(http::verb method, const std::string& target) {
  return string_request{method, target, 11};
}

} // namespace

TEST(Router, DispatchesExactPaths) {
  router r;
  r.add(http::verb::get, "/a", [](auto&, auto&) { return text("a"); });
  r.add(http::verb::post, "/a", [](auto&, auto&) { return text("post a"); });
  EXPECT_EQ(r.dispatch(request(http::verb::get, "/a")).body(), "a");
  EXPECT_EQ(r.dispatch(request(http::verb::post, "/a?x=1")).body(), "post a");
}

TEST(Router, CapturesLastSegment) {
  router r;
  r.add(http::verb::post, "/hooks/{source}", [](auto&, const route_match& m) { return text(m.capture); });
  EXPECT_EQ(r.dispatch(request(http::verb::post, "/hooks/community?x")).body(), "community");
  EXPECT_THROW(r.dispatch(request(http::verb::post, "/hooks/")), http_error);
  EXPECT_THROW(r.dispatch(request(http::verb::post, "/hooks/a/b")), http_error);
}

TEST(Router, CapturesASegmentInTheMiddle) {
  router r;
  r.add(http::verb::get, "/items/{id}", [](auto&, const route_match& m) { return text("item " + m.capture); });
  r.add(http::verb::post, "/items/{id}/review", [](auto&, const route_match& m) { return text("review " + m.capture); });
  EXPECT_EQ(r.dispatch(request(http::verb::get, "/items/7")).body(), "item 7");
  EXPECT_EQ(r.dispatch(request(http::verb::post, "/items/7/review?x=1")).body(), "review 7");
  EXPECT_THROW(r.dispatch(request(http::verb::post, "/items//review")), http_error);
  EXPECT_THROW(r.dispatch(request(http::verb::post, "/items/a/b/review")), http_error);
  EXPECT_THROW(r.dispatch(request(http::verb::post, "/items/7/reviews")), http_error);
  EXPECT_THROW(r.dispatch(request(http::verb::post, "/items/review")), http_error);
  EXPECT_EQ(r.route_names(), (std::vector<std::string>{"unmatched", "/items/{id}", "/items/{id}/review"}));
}

TEST(Router, UnknownPathIs404) {
  router r;
  try {
    r.dispatch(request(http::verb::get, "/nope"));
    FAIL();
  } catch (const http_error& e) {
    EXPECT_EQ(e.status(), http::status::not_found);
  }
}

TEST(Router, WrongMethodIs405WithAllow) {
  router r;
  r.add(http::verb::get, "/a", [](auto&, auto&) { return text("a"); });
  r.add(http::verb::put, "/a", [](auto&, auto&) { return text("a"); });
  try {
    r.dispatch(request(http::verb::delete_, "/a"));
    FAIL();
  } catch (const http_error& e) {
    EXPECT_EQ(e.status(), http::status::method_not_allowed);
    ASSERT_EQ(e.headers().size(), 1u);
    EXPECT_EQ(e.headers()[0].second, "GET, PUT");
  }
}

TEST(Router, HeadFallsBackToGet) {
  router r;
  r.add(http::verb::get, "/a", [](auto&, auto&) { return text("a"); });
  EXPECT_EQ(r.dispatch(request(http::verb::head, "/a")).body(), "a");
}
