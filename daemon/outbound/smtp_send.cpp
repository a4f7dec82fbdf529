#include "daemon/outbound/smtp_send.hpp"

#include <curl/curl.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>

namespace hatewatch::daemon {
namespace {

struct reader_state {
  std::string data;
  std::size_t at = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<reader_state*>(user);
  const auto room = size * n;
  const auto left = r->data.size() - r->at;
  const auto take = std::min(room, left);
  std::memcpy(buffer, r->data.data() + r->at, take);
  r->at += take;
  return take;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load(std::memory_order_relaxed) ? 1 : 0;
}

// Header values: no line breaks (header injection).
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s)
    out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

// The envelope address (MAIL FROM, RCPT TO) of "Name <user@host>" or "user@host": "<user@host>".
// The display name belongs only in the From: and To: headers; a server answers 501 to it.
std::string envelope_address(const std::string& address) {
  const auto open = address.rfind('<');
  const auto close = address.rfind('>');
  std::string bare = open != std::string::npos && close != std::string::npos && close > open
                         ? address.substr(open + 1, close - open - 1)
                         : address;
  const auto first = bare.find_first_not_of(" \t");
  const auto last = bare.find_last_not_of(" \t");
  std::string out(1, '<');
  if (first != std::string::npos)
    out.append(one_line(bare.substr(first, last - first + 1)));
  out.push_back('>');
  return out;
}

} // namespace

std::string format_mail(const smtp_mail& mail, const std::string& message_id) {
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string to;
  for (const auto& t : mail.to)
    to += (to.empty() ? "" : ", ") + one_line(t);
  std::string out = "Date: " + std::string(date) + "\r\nFrom: " + one_line(mail.from) + "\r\nTo: " + to +
                    "\r\nSubject: " + one_line(mail.subject) + "\r\nMessage-ID: <" + message_id +
                    ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: 8bit\r\n\r\n";
  // CRLF line ends; a line that is a lone "." would end the DATA phase (curl escapes it, but be plain).
  for (std::size_t i = 0; i < mail.body.size(); ++i) {
    if (mail.body[i] == '\n' && (i == 0 || mail.body[i - 1] != '\r'))
      out += '\r';
    out += mail.body[i];
  }
  if (!out.ends_with("\r\n"))
    out += "\r\n";
  return out;
}

smtp_result send_mail(const smtp_mail& mail) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  smtp_result result;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    result.error = "libcurl could not make a handle";
    return result;
  }
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto sender = envelope_address(mail.from);
  const auto at = sender.find('@');
  const auto domain = at == std::string::npos ? std::string() : sender.substr(at + 1, sender.size() - at - 2);
  const auto message_id =
      std::to_string(rng()) + "." + std::to_string(std::time(nullptr)) + "@" + (domain.empty() ? "hatewatch" : domain);
  reader_state payload{format_mail(mail, message_id), 0};
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(nullptr, &curl_slist_free_all);
  for (const auto& t : mail.to) {
    auto* next = curl_slist_append(rcpt.get(), envelope_address(t).c_str());
    if (!next) {
      result.error = "out of memory building recipients";
      return result;
    }
    rcpt.release();
    rcpt.reset(next);
  }
  char error_text[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, mail.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (mail.url.starts_with("smtp://") && mail.starttls)
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!mail.ca_file.empty())
    curl_easy_setopt(h, CURLOPT_CAINFO, mail.ca_file.c_str());
  if (!mail.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, mail.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, mail.password.c_str());
  }
  const auto mail_from = envelope_address(mail.from);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &on_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &payload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(mail.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(mail.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  if (mail.cancel) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, mail.cancel);
  }
  const auto rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.code);
  result.login_denied = rc == CURLE_LOGIN_DENIED;
  if (rc != CURLE_OK)
    result.error = std::string("SMTP: ") + (*error_text ? error_text : curl_easy_strerror(rc));
  return result;
}

} // namespace hatewatch::daemon
