#pragma once
// Counters and histograms for GET /metrics, in the Prometheus text format.
//
// Thread safety: record_*() are lock-free (relaxed atomics) and called from every I/O thread;
// render() reads a consistent-enough snapshot without stopping them.
// Lifetime: owned by the server; outlives the I/O threads.

#include "core/labels.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

class metrics {
public:
  /// Names the routes by id (id 0 is requests that matched no route). Call before any record_*.
  void set_routes(std::vector<std::string> routes);

  void record_request(std::size_t route, unsigned status, std::chrono::nanoseconds latency) noexcept;
  /// A comment scored, with the language it was found in ("und" when undetermined): the class
  /// histograms, and hatewatch_scores_by_language_total{language=...}.
  void record_score(const core::probabilities& p, std::string_view language = "und") noexcept;
  /// A comment in a language the model does not read, by what became of it: stored for moderators
  /// (queue), stored and alerted (alert), stored only (ignore), or answered unscored by an API (api).
  enum class unsupported { queue, alert, ignore, api };
  void record_unsupported(unsupported what) noexcept;
  void record_reload(bool ok) noexcept;

  /// The exposition text; `model_version` is the live model's.
  /// `language_models`: (language, version) of each model.by_language model, one info line each.
  std::string render(const std::string& model_version,
                     const std::vector<std::pair<std::string, std::string>>& language_models = {}) const;

private:
  static constexpr std::array<double, 12> latency_bounds{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                         0.005,   0.01,   0.025,   0.05,   0.1,   1.0};
  static constexpr std::array<double, 9> score_bounds{0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95};
  static constexpr std::size_t status_slots = 600;
  /// Each thread counts into its own shard, so two I/O threads never fight over a cache line;
  /// render() adds the shards up.
  static constexpr std::size_t shard_count = 8;

  template <std::size_t N> struct histogram {
    std::array<std::atomic<std::uint64_t>, N + 1> buckets{}; // the last is +Inf
    std::atomic<std::uint64_t> count{0};
    std::atomic<double> sum{0};
  };

  struct route_metrics {
    std::array<std::atomic<std::uint64_t>, status_slots> by_status{};
    histogram<latency_bounds.size()> latency;
  };

  struct alignas(64) shard {
    std::vector<std::unique_ptr<route_metrics>> routes;
    std::array<histogram<score_bounds.size()>, core::class_count> scores{};
  };

  /// A histogram added up over the shards.
  template <std::size_t N> struct totals {
    std::array<std::uint64_t, N + 1> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
    void add(const histogram<N>& h);
  };

  shard& mine() noexcept;
  template <std::size_t N> static void observe(histogram<N>& h, const std::array<double, N>& bounds, double v) noexcept;
  template <std::size_t N>
  static void render_histogram(std::string& out, const std::string& name, const std::string& labels, const totals<N>& h,
                               const std::array<double, N>& bounds);

  std::vector<std::string> route_names_;
  std::array<shard, shard_count> shards_;
  std::atomic<unsigned> next_shard_{0};
  std::array<std::atomic<std::uint64_t>, 4> unsupported_{};
  /// Scores per language: a slot per code (up to 8 bytes, packed into the key; 0 = free), taken
  /// with a compare-and-swap, so counting stays lock-free. Codes beyond the slots, or longer,
  /// count as "other".
  static constexpr std::size_t language_slots = 48;
  struct language_slot {
    std::atomic<std::uint64_t> key{0};
    std::atomic<std::uint64_t> count{0};
  };
  std::array<language_slot, language_slots> languages_{};
  std::atomic<std::uint64_t> other_languages_{0};
  std::atomic<std::uint64_t> reloads_ok_{0};
  std::atomic<std::uint64_t> reloads_failed_{0};
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

} // namespace hatewatch::daemon
