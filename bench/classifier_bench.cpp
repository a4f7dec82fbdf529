// Classifier benchmarks over the shared Davidson corpus: scoring throughput on one core, model
// load time, and training time on the full split. Run on purpose (build preset release):
//   build/release/bench/classifier_bench [--benchmark_filter=...]
// HATEWATCH_BENCH_DATA and HATEWATCH_BENCH_MODEL override the default paths.
#include "core/language_id.hpp"
#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/dataset_file.hpp"
#include "daemon/models/model_loader.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace hatewatch;

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

const std::vector<core::example>& corpus() {
  static const auto data = daemon::read_dataset_file(
      env_or("HATEWATCH_BENCH_DATA", HATEWATCH_SHARED_DIR "/data/davidson2017/labeled_data.train.csv"));
  return data;
}

std::string model_path() {
  return env_or("HATEWATCH_BENCH_MODEL", HATEWATCH_SOURCE_DIR "/models/forums.hwm");
}

const core::model& shipped_model() {
  static const auto m = daemon::load_model_file(model_path());
  return *m;
}

// The first model (Davidson only, text rules 1), scored beside the shipped one in the same run.
const core::model& first_model() {
  static const auto m = daemon::load_model_file(HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm");
  return *m;
}

// Scores every tweet of the corpus once per iteration, on one thread.
void BM_ScoreCorpus(benchmark::State& state) {
  const auto& data = corpus();
  const auto& m = state.range(0) == 0 ? shipped_model() : first_model();
  core::vectorizer_scratch scratch;
  double sink = 0;
  for (auto _ : state) {
    for (const auto& e : data)
      sink += m.score(e.text, scratch)[0];
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
// Arg 0: the shipped model (HATEWATCH_BENCH_MODEL); arg 1: models/davidson2017.hwm.
BENCHMARK(BM_ScoreCorpus)->Unit(benchmark::kMillisecond)->Arg(0)->Arg(1);

// Scoring and then language identification (core/language_id.hpp), as intake will do: beside
// BM_ScoreCorpus/0 in the same run, the cost of knowing each comment's language.
void BM_ScoreAndIdentify(benchmark::State& state) {
  const auto& data = corpus();
  const auto& m = shipped_model();
  const auto languages = m.languages();
  core::vectorizer_scratch scratch;
  double sink = 0;
  std::size_t unread = 0;
  for (auto _ : state) {
    for (const auto& e : data) {
      sink += m.score(e.text, scratch)[0];
      unread += core::model_reads(core::identify_language(e.text, scratch, languages.front()), languages) ? 0 : 1;
    }
  }
  benchmark::DoNotOptimize(sink);
  state.counters["unread_share"] = static_cast<double>(unread) / static_cast<double>(state.iterations() * data.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ScoreAndIdentify)->Unit(benchmark::kMillisecond);

// The same on comments in other languages (tests/fixtures/languages, 136 lines in 12 languages),
// where every comment reaches the detector.
void BM_ScoreAndIdentifyOtherLanguages(benchmark::State& state) {
  static const auto texts = [] {
    std::vector<std::string> out;
    for (const char* code : {"ar", "de", "es", "fr", "it", "nl", "pl", "pt", "ru", "sv", "tr", "zh"}) {
      std::ifstream in(std::string(HATEWATCH_SOURCE_DIR "/tests/fixtures/languages/") + code + ".txt");
      for (std::string line; std::getline(in, line);)
        out.push_back(line);
    }
    return out;
  }();
  const auto& m = shipped_model();
  core::vectorizer_scratch scratch;
  std::size_t unread = 0;
  for (auto _ : state)
    for (const auto& t : texts) {
      m.score(t, scratch);
      unread += core::model_reads(core::identify_language(t, scratch, "en"), {"en"}) ? 0 : 1;
    }
  benchmark::DoNotOptimize(unread);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_ScoreAndIdentifyOtherLanguages)->Unit(benchmark::kMillisecond);

// The same with explanations (top 5 n-grams), which the API does on request.
void BM_ExplainCorpus(benchmark::State& state) {
  const auto& data = corpus();
  const auto& m = shipped_model();
  core::vectorizer_scratch scratch;
  std::size_t sink = 0;
  for (auto _ : state)
    for (const auto& e : data)
      sink += m.explain(e.text, 5, scratch).size();
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ExplainCorpus)->Unit(benchmark::kMillisecond)->Iterations(2);

// Reading and checking the model file and building its table, from a warm page cache.
void BM_LoadModel(benchmark::State& state) {
  std::ifstream in(model_path(), std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const auto text = bytes.str();
  for (auto _ : state) {
    std::istringstream stream(text);
    auto m = core::read_model(stream);
    benchmark::DoNotOptimize(m.table().size());
  }
  state.counters["features"] = static_cast<double>(shipped_model().table().size());
  state.counters["table_MB"] = static_cast<double>(shipped_model().table().memory_bytes()) / 1e6;
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

// Training on the whole split with the shipped model's options.
void BM_TrainFullSplit(benchmark::State& state) {
  const auto& data = corpus();
  core::train_options options;
  for (auto _ : state) {
    auto m = core::train(data, options);
    benchmark::DoNotOptimize(m.table().size());
  }
}
BENCHMARK(BM_TrainFullSplit)->Unit(benchmark::kSecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
