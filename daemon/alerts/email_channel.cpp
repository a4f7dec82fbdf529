// Email over SMTP (libcurl): STARTTLS or implicit TLS, AUTH, plain-text body.
#include "daemon/alerts/channels.hpp"
#include "daemon/alerts/message.hpp"
#include "daemon/outbound/smtp_send.hpp"

namespace hatewatch::daemon {

delivery_result deliver_email(const channel_config& ch, const std::vector<alert_item>& items, const channel_context& ctx) {
  const auto m = items.size() == 1 ? single_message(items.front(), ctx.excerpt_bytes, ctx.console_url)
                                   : digest_message(items, ctx.excerpt_bytes, ctx.console_url);
  smtp_mail mail;
  mail.url = ch.smtp_url;
  mail.starttls = ch.starttls;
  mail.username = ch.username;
  mail.password = ch.password;
  mail.ca_file = ch.ca_file;
  mail.from = ch.from;
  mail.to = ch.to;
  mail.subject = ch.subject;
  if (const auto at = mail.subject.find("{source}"); at != std::string::npos)
    mail.subject.replace(at, 8, items.front().source);
  if (items.size() > 1)
    mail.subject += " (" + std::to_string(items.size()) + " comments)";
  mail.body = plain_text(m) + "\n-- \nhatewatch, event " + items.front().event_id + "\n";
  mail.timeout = ch.timeout;
  mail.cancel = ctx.cancel;
  const auto sent = send_mail(mail);
  delivery_result r;
  r.status = sent.code;
  if (sent.ok()) {
    r.result = delivery_result::outcome::delivered;
    return r;
  }
  r.error = sent.error;
  // 5xx replies are permanent (bad address, refused login); everything else (4xx, no answer) is retried.
  r.result = (sent.code >= 500 && sent.code < 600) || sent.login_denied ? delivery_result::outcome::dead
                                                                          : delivery_result::outcome::retry;
  return r;
}

} // namespace hatewatch::daemon
