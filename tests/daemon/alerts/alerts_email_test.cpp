// Alerts by email end to end: a real SMTP server on loopback, plain, STARTTLS with AUTH and implicit
// TLS; and `hatewatch alert-test`, which reports each channel.
#include "alerts_fixture.hpp"

TEST(Alerts, EmailReachesARealSmtpServerWithBareOrNamedAddresses) {
  // The second form is the one the example config shows: display names go in the headers only; a
  // real server answers 501 to "MAIL FROM:<hatewatch <hatewatch@forum.example>>".
  struct form {
    std::string from;
    std::vector<std::string> to;
    std::string from_header, to_header;
  };
  for (const auto& [from, to, from_header, to_header] :
       {form{"hatewatch@forum.example", {"mods@forum.example", "lead@forum.example"}, "hatewatch@forum.example",
             "mods@forum.example, lead@forum.example"},
        form{"hatewatch <hatewatch@forum.example>", {"Forum moderators <mods@forum.example>", "lead@forum.example"},
             "hatewatch <hatewatch@forum.example>", "Forum moderators <mods@forum.example>, lead@forum.example"}}) {
    hatewatch::test::temp_dir maildir;
    hatewatch::test::smtp_server smtp(maildir.path() / "mail");
    ASSERT_NE(smtp.port(), 0) << "could not start tests/support/smtp_server.py (python3-aiosmtpd)";
    fixture f;
    f.start([&](config& cfg) {
      channel_config mail;
      mail.name = "mods-email";
      mail.kind = channel_kind::email;
      mail.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
      mail.starttls = false;
      mail.from = from;
      mail.to = to;
      cfg.channels.push_back(mail);
      cfg.sources.push_back(generic_source("mailed", {"mods-email"}));
    });
    f.post("mailed", "m1", "a comment for the moderators' inbox");
    ASSERT_TRUE(eventually([&] { return smtp.messages().size() == 1; })) << from << ": " << f.alerts().size();
    const auto m = smtp.messages().front();
    EXPECT_NE(m.find("X-Envelope-From: hatewatch@forum.example\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("X-Envelope-To: mods@forum.example,lead@forum.example\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("From: " + from_header + "\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("To: " + to_header + "\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("Subject: hatewatch: comment flagged in mailed"), std::string::npos) << m;
    EXPECT_NE(m.find("a comment for the moderators' inbox"), std::string::npos) << m;
    EXPECT_NE(m.find("https://forum.example/c/m1"), std::string::npos) << m;
    ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
  }
}

TEST(Alerts, EmailWithStartTlsAndAuth) {
  hatewatch::test::temp_dir dir;
  const auto cert = dir.path() / "cert.pem", key = dir.path() / "key.pem";
  ASSERT_TRUE(make_self_signed_cert(cert, key));
  hatewatch::test::smtp_server smtp(dir.path() / "mail", {"--tls-cert", cert.string(), "--tls-key", key.string(),
                                                          "--user", "mailer", "--password", "s3cret-pass"});
  ASSERT_NE(smtp.port(), 0);
  channel_config mail;
  mail.name = "tls-mail";
  mail.kind = channel_kind::email;
  mail.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  mail.starttls = true;
  mail.ca_file = cert.string();
  mail.username = "mailer";
  mail.password = "s3cret-pass";
  mail.from = "hatewatch@forum.example";
  mail.to = {"mods@forum.example"};
  alert_item item;
  item.event_id = "hw-1-tls-mail";
  item.source = "forum";
  item.text = "hello over TLS";
  item.explanation_json = "[]";
  const auto ok = deliver(mail, {item}, {});
  EXPECT_EQ(ok.result, delivery_result::outcome::delivered) << ok.error;
  ASSERT_EQ(smtp.messages().size(), 1u);
  EXPECT_NE(smtp.messages()[0].find("X-Authenticated: yes"), std::string::npos);
  mail.password = "wrong-password";
  mail.timeout = 2s; // refused, curl and aiosmtpd can sit out the deadline
  const auto refused = deliver(mail, {item}, {});
  EXPECT_NE(refused.result, delivery_result::outcome::delivered);
  EXPECT_EQ(refused.error.find("wrong-password"), std::string::npos); // never in messages
  EXPECT_EQ(smtp.messages().size(), 1u);
}

TEST(Alerts, EmailWithImplicitTls) {
  hatewatch::test::temp_dir dir;
  const auto cert = dir.path() / "cert.pem", key = dir.path() / "key.pem";
  ASSERT_TRUE(make_self_signed_cert(cert, key));
  hatewatch::test::smtp_server smtp(dir.path() / "mail", {"--tls-cert", cert.string(), "--tls-key", key.string(),
                                                          "--implicit-tls", "--user", "mailer", "--password", "pw-465"});
  ASSERT_NE(smtp.port(), 0);
  channel_config mail;
  mail.name = "smtps";
  mail.kind = channel_kind::email;
  mail.smtp_url = "smtps://127.0.0.1:" + std::to_string(smtp.port());
  mail.ca_file = cert.string();
  mail.username = "mailer";
  mail.password = "pw-465";
  mail.from = "hatewatch@forum.example";
  mail.to = {"mods@forum.example"};
  mail.timeout = 5s;
  alert_item item;
  item.event_id = "hw-2-smtps";
  item.source = "forum";
  item.text = "hello over implicit TLS";
  item.explanation_json = "[]";
  const auto r = deliver(mail, {item}, {});
  EXPECT_EQ(r.result, delivery_result::outcome::delivered) << r.error;
  ASSERT_EQ(smtp.messages().size(), 1u);
  EXPECT_NE(smtp.messages()[0].find("hello over implicit TLS"), std::string::npos);
  EXPECT_NE(smtp.messages()[0].find("X-Authenticated: yes"), std::string::npos);
}

TEST(Alerts, AlertTestCommandReportsEachChannel) {
  fixture f;
  f.rx.script("/slack", {{403, "action_prohibited", ""}});
  const auto yaml = "sources:\n  - name: forum\n    kind: generic\n    notify: [hook, slack]\n"
                    "channels:\n  hook:\n    kind: webhook\n    url: " +
                    f.rx.url("/hook") + "\n  slack:\n    kind: slack\n    url: " + f.rx.url("/slack") + "\n";
  const auto path = f.dir.write("alerts.yaml", yaml);
  const auto r = hatewatch::test::run_cli({"alert-test", "--config", path.string(), "--source", "forum"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("hook: delivered (status 200)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("slack: FAILED (status 403): HTTP 403: action_prohibited"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(f.rx.url("/slack")), std::string::npos); // webhook URLs are secrets
  EXPECT_EQ(f.rx.requests("/hook").size(), 1u);
}
