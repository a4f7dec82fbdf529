#include "daemon/base/metrics.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

namespace hatewatch::daemon {
namespace {

std::string num(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// Label values escape backslash, quote and newline.
std::string label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

template <typename T> void add_relaxed(std::atomic<T>& a, T v) noexcept {
  T old = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(old, old + v, std::memory_order_relaxed)) {
  }
}

} // namespace

void metrics::set_routes(std::vector<std::string> routes) {
  for (auto& sh : shards_) {
    sh.routes.clear();
    for (std::size_t i = 0; i < routes.size(); ++i)
      sh.routes.push_back(std::make_unique<route_metrics>());
  }
  route_names_ = std::move(routes);
}

metrics::shard& metrics::mine() noexcept {
  thread_local const metrics* owner = nullptr;
  thread_local unsigned index = 0;
  if (owner != this) {
    owner = this;
    index = next_shard_.fetch_add(1, std::memory_order_relaxed) % shard_count;
  }
  return shards_[index];
}

template <std::size_t N>
void metrics::observe(histogram<N>& h, const std::array<double, N>& bounds, double v) noexcept {
  std::size_t i = 0;
  while (i < N && v > bounds[i])
    ++i;
  h.buckets[i].fetch_add(1, std::memory_order_relaxed);
  h.count.fetch_add(1, std::memory_order_relaxed);
  add_relaxed(h.sum, v);
}

template <std::size_t N> void metrics::totals<N>::add(const histogram<N>& h) {
  for (std::size_t i = 0; i <= N; ++i)
    buckets[i] += h.buckets[i].load(std::memory_order_relaxed);
  count += h.count.load(std::memory_order_relaxed);
  sum += h.sum.load(std::memory_order_relaxed);
}

void metrics::record_request(std::size_t route, unsigned status, std::chrono::nanoseconds latency) noexcept {
  auto& sh = mine();
  if (sh.routes.empty())
    return;
  if (route >= sh.routes.size())
    route = 0;
  auto& r = *sh.routes[route];
  r.by_status[status < status_slots ? status : 0].fetch_add(1, std::memory_order_relaxed);
  observe(r.latency, latency_bounds, std::chrono::duration<double>(latency).count());
}

void metrics::record_unsupported(unsupported what) noexcept {
  unsupported_[static_cast<std::size_t>(what)].fetch_add(1, std::memory_order_relaxed);
}

void metrics::record_score(const core::probabilities& p, std::string_view language) noexcept {
  auto& sh = mine();
  for (std::size_t k = 0; k < core::class_count; ++k)
    observe(sh.scores[k], score_bounds, p[k]);
  std::uint64_t key = 0;
  if (language.empty() || language.size() > 8) {
    other_languages_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  for (std::size_t i = 0; i < language.size(); ++i)
    key |= static_cast<std::uint64_t>(static_cast<unsigned char>(language[i])) << (8 * i);
  for (auto& slot : languages_) {
    std::uint64_t seen = slot.key.load(std::memory_order_acquire);
    if (seen == 0 && slot.key.compare_exchange_strong(seen, key, std::memory_order_acq_rel))
      seen = key;
    if (seen == key) {
      slot.count.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  other_languages_.fetch_add(1, std::memory_order_relaxed);
}

void metrics::record_reload(bool ok) noexcept {
  (ok ? reloads_ok_ : reloads_failed_).fetch_add(1);
}

template <std::size_t N>
void metrics::render_histogram(std::string& out, const std::string& name, const std::string& labels, const totals<N>& h,
                               const std::array<double, N>& bounds) {
  std::uint64_t cumulative = 0;
  const std::string sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i <= N; ++i) {
    cumulative += h.buckets[i];
    out += name + "_bucket{" + labels + sep + "le=\"" + (i < N ? num(bounds[i]) : std::string("+Inf")) + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += name + "_sum" + braces + " " + num(h.sum) + "\n";
  out += name + "_count" + braces + " " + std::to_string(h.count) + "\n";
}

std::string metrics::render(const std::string& model_version,
                            const std::vector<std::pair<std::string, std::string>>& language_models) const {
  std::string out;
  out += "# HELP hatewatch_http_requests_total HTTP requests answered, by route and status.\n"
         "# TYPE hatewatch_http_requests_total counter\n";
  for (std::size_t r = 0; r < route_names_.size(); ++r)
    for (std::size_t s = 0; s < status_slots; ++s) {
      std::uint64_t n = 0;
      for (const auto& sh : shards_)
        n += sh.routes[r]->by_status[s].load(std::memory_order_relaxed);
      if (n)
        out += "hatewatch_http_requests_total{route=\"" + label_value(route_names_[r]) + "\",status=\"" +
               std::to_string(s) + "\"} " + std::to_string(n) + "\n";
    }
  out += "# HELP hatewatch_http_request_duration_seconds Time from a whole request to its answer, by route.\n"
         "# TYPE hatewatch_http_request_duration_seconds histogram\n";
  for (std::size_t r = 0; r < route_names_.size(); ++r) {
    totals<latency_bounds.size()> t;
    for (const auto& sh : shards_)
      t.add(sh.routes[r]->latency);
    if (t.count)
      render_histogram(out, "hatewatch_http_request_duration_seconds", "route=\"" + label_value(route_names_[r]) + "\"",
                       t, latency_bounds);
  }
  out += "# HELP hatewatch_score Probabilities given by the model, by class.\n"
         "# TYPE hatewatch_score histogram\n";
  for (std::size_t k = 0; k < core::class_count; ++k) {
    totals<score_bounds.size()> t;
    for (const auto& sh : shards_)
      t.add(sh.scores[k]);
    render_histogram(out, "hatewatch_score", "class=\"" + std::string(core::class_names[k]) + "\"", t, score_bounds);
  }
  out += "# HELP hatewatch_scores_by_language_total Comments and texts scored, by the language they were found in"
         " (und: too short or unclear to tell).\n# TYPE hatewatch_scores_by_language_total counter\n";
  for (const auto& slot : languages_) {
    const auto key = slot.key.load(std::memory_order_acquire);
    if (key == 0)
      break;
    std::string code;
    for (auto k = key; k != 0; k >>= 8)
      code += static_cast<char>(k & 0xFF);
    out += "hatewatch_scores_by_language_total{language=\"" + label_value(code) + "\"} " +
           std::to_string(slot.count.load(std::memory_order_relaxed)) + "\n";
  }
  if (const auto n = other_languages_.load(std::memory_order_relaxed))
    out += "hatewatch_scores_by_language_total{language=\"other\"} " + std::to_string(n) + "\n";
  out += "# HELP hatewatch_unsupported_language_total Comments in a language the model does not read, not scored,"
         " by what became of them.\n# TYPE hatewatch_unsupported_language_total counter\n";
  static constexpr const char* outcomes[] = {"queue", "alert", "ignore", "api"};
  for (std::size_t i = 0; i < unsupported_.size(); ++i)
    out += std::string("hatewatch_unsupported_language_total{policy=\"") + outcomes[i] + "\"} " +
           std::to_string(unsupported_[i].load(std::memory_order_relaxed)) + "\n";
  out += "# HELP hatewatch_model_info The model being served.\n# TYPE hatewatch_model_info gauge\n"
         "hatewatch_model_info{version=\"" +
         label_value(model_version) + "\"} 1\n";
  for (const auto& [language, version] : language_models)
    out += "hatewatch_model_info{version=\"" + label_value(version) + "\",language=\"" + label_value(language) +
           "\"} 1\n";
  out += "# HELP hatewatch_reloads_total Reloads (SIGHUP) by result.\n# TYPE hatewatch_reloads_total counter\n"
         "hatewatch_reloads_total{result=\"ok\"} " +
         std::to_string(reloads_ok_.load()) + "\nhatewatch_reloads_total{result=\"failed\"} " +
         std::to_string(reloads_failed_.load()) + "\n";

  // Process metrics, as the standard Prometheus client libraries name them.
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  long pages = 0, resident = 0;
  if (std::ifstream statm("/proc/self/statm"); statm >> pages >> resident) {
  }
  std::size_t fds = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++fds;
  out += "# HELP process_cpu_seconds_total User and system CPU time.\n# TYPE process_cpu_seconds_total counter\n"
         "process_cpu_seconds_total " +
         num(cpu) + "\n";
  out += "# HELP process_resident_memory_bytes Resident memory.\n# TYPE process_resident_memory_bytes gauge\n"
         "process_resident_memory_bytes " +
         std::to_string(resident * ::sysconf(_SC_PAGESIZE)) + "\n";
  out += "# HELP process_open_fds Open file descriptors.\n# TYPE process_open_fds gauge\nprocess_open_fds " +
         std::to_string(fds) + "\n";
  out += "# HELP process_start_time_seconds Start time, seconds since the epoch.\n"
         "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(started_.time_since_epoch()).count()) + "\n";
  return out;
}

} // namespace hatewatch::daemon
