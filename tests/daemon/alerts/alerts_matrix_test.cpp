// The matrix channel against a loopback stand-in for a homeserver's client-server API: the message,
// the transaction id that makes a retry idempotent, retry_after_ms, and a revoked token.
#include "alerts_fixture.hpp"

namespace {

const std::string room_path = "/_matrix/client/v3/rooms/%21mods%3Aexample.org/send/m.room.message/";
const std::string token = "syt_bW9kcw_secret_access_token_0001";

struct matrix_fixture : fixture {
  fake_receiver homeserver{{room_path + "{txn}"}, verb::put};

  void start_with_matrix() {
    start([&](config& cfg) {
      auto ch = channel("matrix", channel_kind::matrix, homeserver.url("/"));
      ch.room = "!mods:example.org";
      ch.access_token = token;
      cfg.channels.push_back(ch);
      cfg.sources.push_back(generic_source("to-matrix", {"matrix"}));
    });
  }
};

TEST(MatrixChannel, SendsAPlainAndHtmlMessageThatMentionsNobody) {
  matrix_fixture f;
  f.start_with_matrix();
  f.post("to-matrix", "m1", "<b>@room</b> & co");
  ASSERT_TRUE(eventually([&] { return f.homeserver.requests_under(room_path).size() == 1; }));
  const auto r = f.homeserver.requests_under(room_path).front();
  EXPECT_TRUE(r.path.starts_with(room_path + "hatewatch-")) << r.path;
  EXPECT_EQ(r.headers.at("Authorization"), "Bearer " + token);
  const auto body = json(r.body);
  EXPECT_EQ(body.at("msgtype").as_string(), "m.text");
  EXPECT_NE(std::string(body.at("body").as_string()).find("<b>@room</b> & co"), std::string::npos) << r.body;
  const std::string html(body.at("formatted_body").as_string());
  EXPECT_EQ(body.at("format").as_string(), "org.matrix.custom.html");
  EXPECT_NE(html.find("<blockquote>&lt;b&gt;@room&lt;/b&gt; &amp; co</blockquote>"), std::string::npos) << html;
  EXPECT_TRUE(body.at("m.mentions").as_object().empty());
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
}

TEST(MatrixChannel, RetriesUnderTheSameTransactionAfterRetryAfterMs) {
  matrix_fixture f;
  f.homeserver.script_any({{500, R"({"errcode":"M_UNKNOWN","error":"oops"})", ""},
                           {429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1000})", ""}}); // then 200
  f.start_with_matrix();
  f.post("to-matrix", "m2");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
  const auto sent = f.homeserver.requests_under(room_path);
  ASSERT_EQ(sent.size(), 3u);
  for (const auto& r : sent) // one transaction id: a homeserver that took an attempt answers the next with it
    EXPECT_EQ(r.path, sent[0].path);
  EXPECT_GE(sent[2].at - sent[1].at, 950ms); // retry_after_ms: 1000
}

TEST(MatrixChannel, ARevokedTokenIsDeadWithTheReasonAndNeverShown) {
  matrix_fixture f;
  f.homeserver.script_any({{401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed."})", ""}});
  f.start_with_matrix();
  f.post("to-matrix", "m3");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'dead'") == 1; }));
  EXPECT_EQ(f.homeserver.requests_under(room_path).size(), 1u); // 401 is permanent: no retry
  const auto dead = f.alerts("?state=dead");
  ASSERT_EQ(dead.size(), 1u);
  const std::string error(dead[0].at("last_error").as_string());
  EXPECT_NE(error.find("M_UNKNOWN_TOKEN"), std::string::npos) << error;
  EXPECT_EQ(error.find(token), std::string::npos);
}

} // namespace
