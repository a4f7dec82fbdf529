#include "daemon/outbound/http_call.hpp"

#include <curl/curl.h>

#include <charconv>
#include <memory>
#include <mutex>

namespace hatewatch::daemon {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct sink {
  http_answer* answer;
  std::size_t limit;
  bool overflow = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<sink*>(user);
  const auto bytes = size * n;
  if (s->answer->body.size() + bytes > s->limit) {
    s->overflow = true;
    return 0; // aborts the transfer
  }
  s->answer->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* answer = static_cast<http_answer*>(user);
  const std::string_view line(data, size * n);
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size()) {
    bool match = true;
    for (std::size_t i = 0; i < name.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(line[i])) == name[i];
    if (match) {
      auto value = line.substr(name.size());
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
      answer->retry_after = std::string(value);
    }
  }
  return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load(std::memory_order_relaxed) ? 1 : 0;
}

} // namespace

http_answer perform(const http_call& call) {
  global_init();
  http_answer answer;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    answer.error = "libcurl could not make a handle";
    return answer;
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
  for (const auto& [name, value] : call.headers) {
    auto* next = curl_slist_append(headers.get(), (name + ": " + value).c_str());
    if (!next) {
      answer.error = "out of memory building headers";
      return answer;
    }
    headers.release();
    headers.reset(next);
  }
  sink s{&answer, call.max_response_bytes};
  char error_text[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  if (call.method == "POST" || !call.body.empty()) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_USERAGENT, "hatewatch");
  if (!call.ca_file.empty())
    curl_easy_setopt(h, CURLOPT_CAINFO, call.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  if (call.cancel) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, call.cancel);
  }
  const auto rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    answer.status = 0;
    if (s.overflow)
      answer.error = "the answer is larger than " + std::to_string(call.max_response_bytes) + " bytes";
    else if (rc == CURLE_ABORTED_BY_CALLBACK)
      answer.error = "cancelled";
    else
      answer.error = *error_text ? error_text : curl_easy_strerror(rc);
    return answer;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

std::optional<std::chrono::seconds> retry_after_seconds(const std::string& value) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc{} || end != value.data() + value.size() || n < 0)
    return std::nullopt;
  return std::chrono::seconds(std::min<long long>(n, 86400));
}

} // namespace hatewatch::daemon
