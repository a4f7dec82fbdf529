#pragma once
// Sending one plain-text email through libcurl's SMTP: STARTTLS (smtp:// with starttls) or implicit
// TLS (smtps://), AUTH when a username is given, a whole-call deadline.
//
// Thread safety: calls are independent; run them off the I/O threads.

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct smtp_mail {
  std::string url; // smtp://host:port or smtps://host:port
  bool starttls = true;
  std::string username;
  std::string password;
  std::string ca_file;
  std::string from;
  std::vector<std::string> to;
  std::string subject;
  std::string body;
  std::chrono::milliseconds timeout{10000};
  const std::atomic<bool>* cancel = nullptr;
};

struct smtp_result {
  /// The server's last reply code (250 on success); 0 when the conversation did not get that far.
  long code = 0;
  /// What went wrong (empty on success); never holds the password.
  std::string error;
  /// The server refused the username and password.
  bool login_denied = false;
  bool ok() const { return error.empty(); }
};

smtp_result send_mail(const smtp_mail& mail);

/// The message as sent: headers (Date, From, To, Subject, Message-ID, MIME) and the body, CRLF lines.
std::string format_mail(const smtp_mail& mail, const std::string& message_id);

} // namespace hatewatch::daemon
