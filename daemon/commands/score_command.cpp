// hatewatch score: batch scoring of JSONL, CSV or plain-text input, in input order, on N threads.
// A bad record yields an error line for that record (with its line number), never an abort.
#include "core/csv_reader.hpp"
#include "core/language_id.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/models/score_json.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <thread>

namespace hatewatch::daemon {
namespace {

struct record {
  std::size_t line = 0;
  std::string raw; // a JSONL line, parsed by the scoring thread
  std::string id;  // serialised JSON, or empty when the record has none
  std::string text;
  std::string error;
  std::string output;
};

/// What a scoring thread keeps between records: the classifier's scratch and a JSON parser whose
/// internal stack is reused. (Not a monotonic_resource for the values: in Boost 1.81 its release()
/// keeps doubling the next block's size, and a long input ends in bad_alloc.)
struct worker_scratch {
  core::vectorizer_scratch vectors;
  boost::json::parser parser;
};

constexpr std::size_t chunk_size = 8192;

class score_command : public command {
public:
  explicit score_command(CLI::App& parent) {
    app_ = parent.add_subcommand("score", "Score comments in bulk: one JSON line out per record in, in order");
    app_->add_option("--model", model_, "Model file")->required()->check(CLI::ExistingFile);
    app_->add_option("--input", input_, "Input file, or - for standard input")->capture_default_str();
    app_->add_option("--format", format_,
                     "jsonl: {\"id\":..., \"text\":...} per line; csv: a header naming 'text' (and 'id'); "
                     "text: one comment per line")
        ->check(CLI::IsMember({"jsonl", "csv", "text"}))
        ->capture_default_str();
    app_->add_option("--threads", threads_, "Scoring threads (0: one per core)")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    app_->add_flag("--explain", explain_, "Add the n-grams that push the hate-speech score up");
    app_->add_flag("--any-language", any_language_,
                   "Score every record with the model and leave the language out (by default each record gets "
                   "its language, and one in a language the model does not read gets null scores)");
    app_->add_option("--top", top_, "How many n-grams --explain lists")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      model_ptr_ = load_model_file(model_);
      std::ifstream file;
      std::istream* in = &std::cin;
      if (input_ != "-") {
        file.open(input_, std::ios::binary);
        if (!file)
          throw std::runtime_error(input_ + ": cannot open input");
        in = &file;
      }
      if (threads_ == 0)
        threads_ = std::max(1u, std::thread::hardware_concurrency());
      if (format_ == "csv")
        read_csv(*in, out);
      else
        read_lines(*in, out);
      flush(out);
      out.flush();
      if (!out)
        throw std::runtime_error("cannot write output");
      if (errors_)
        err << "hatewatch score: " << errors_ << " record(s) had errors (see their error lines)\n";
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch score: " << e.what() << '\n';
      return 1;
    }
  }

private:
  void read_lines(std::istream& in, std::ostream& out) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      if (line.empty())
        continue;
      record r;
      r.line = number;
      if (format_ == "text") {
        r.id = std::to_string(number);
        r.text = std::move(line);
      } else {
        r.raw = std::move(line);
      }
      push(std::move(r), out);
    }
    if (in.bad())
      throw std::runtime_error("read error on input");
  }

  static void parse_jsonl(record& r, worker_scratch& w) {
    boost::system::error_code ec;
    w.parser.reset();
    w.parser.write(r.raw, ec); // the whole document: anything after the value is an error
    if (ec) {
      r.error = "invalid JSON: " + ec.message();
      return;
    }
    const auto v = w.parser.release();
    const auto* obj = v.if_object();
    if (!obj) {
      r.error = "expected a JSON object";
      return;
    }
    if (const auto* id = obj->if_contains("id")) {
      auto echoed = echo_json(*id);
      if (!echoed) {
        r.error = "\"id\": a number out of range";
        return;
      }
      r.id = std::move(*echoed);
    }
    const auto* text = obj->if_contains("text");
    if (!text || !text->is_string()) {
      r.error = "missing or non-string \"text\"";
      return;
    }
    r.text = std::string(text->as_string());
  }

  void read_csv(std::istream& in, std::ostream& out) {
    core::csv_reader csv(in, input_);
    std::vector<std::string> fields;
    if (!csv.next(fields))
      return;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t text_col = none, id_col = none;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i] == "text" || fields[i] == "tweet")
        text_col = i;
      else if (fields[i] == "id")
        id_col = i;
    }
    if (text_col == none)
      throw core::csv_error(input_ + ":1: the header must name a 'text' column");
    const std::size_t width = fields.size();
    for (;;) {
      record r;
      try {
        if (!csv.next(fields))
          break;
      } catch (const core::csv_error& e) {
        // The framing is lost: report it against this record and stop reading.
        r.line = csv.record_line();
        r.error = e.what();
        push(std::move(r), out);
        break;
      }
      r.line = csv.record_line();
      if (fields.size() == 1 && fields[0].empty())
        continue;
      if (fields.size() != width) {
        r.error = "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size());
      } else {
        if (id_col != none) {
          r.id.clear();
          append_json_string(r.id, fields[id_col]);
        }
        r.text = std::move(fields[text_col]);
      }
      push(std::move(r), out);
    }
  }

  void push(record r, std::ostream& out) {
    batch_.push_back(std::move(r));
    if (batch_.size() >= chunk_size)
      flush(out);
  }

  // Parses and scores the batch on the threads (each with its own scratch), then writes it in
  // input order.
  void flush(std::ostream& out) {
    const std::size_t n = batch_.size();
    const std::size_t workers = std::min<std::size_t>(threads_, std::max<std::size_t>(1, n / 64));
    scratch_.resize(std::max(scratch_.size(), workers));
    auto work = [&](std::size_t w) {
      if (!scratch_[w])
        scratch_[w] = std::make_unique<worker_scratch>();
      for (std::size_t i = w; i < n; i += workers) {
        if (!batch_[i].raw.empty())
          parse_jsonl(batch_[i], *scratch_[w]);
        format(batch_[i], scratch_[w]->vectors);
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w)
      pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool)
      t.join();
    std::string text;
    for (auto& r : batch_) {
      text += r.output;
      text += '\n';
      if (!r.error.empty())
        ++errors_;
    }
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    batch_.clear();
  }

  void format(record& r, core::vectorizer_scratch& scratch) const {
    std::string& o = r.output;
    o = "{";
    if (!r.id.empty())
      o += "\"id\":" + r.id + ",";
    if (!r.error.empty()) {
      o += "\"line\":" + std::to_string(r.line) + ",\"error\":";
      append_json_string(o, r.error);
      o += '}';
      return;
    }
    const auto scored = explain_ ? model_ptr_->score_explained(r.text, top_, scratch)
                                 : core::model::scored{model_ptr_->score(r.text, scratch), {}};
    if (any_language_) {
      append_result(o, scored, true);
      o += '}';
      return;
    }
    const auto guess = core::identify_language(r.text, scratch, model_ptr_->languages().front());
    const bool supported = core::model_reads(guess, model_ptr_->languages());
    append_result(o, scored, supported);
    o += ',';
    append_language(o, guess, supported);
    if (!supported)
      o += ",\"unsupported_language\":true";
    o += '}';
  }

  // The scores (null for a text the model does not read) and the explanation, without braces.
  void append_result(std::string& o, const core::model::scored& scored, bool supported) const {
    if (supported)
      append_scores(o, scored.p);
    else
      append_no_scores(o);
    if (explain_) {
      o += ',';
      if (supported)
        append_explanation(o, scored.explanation);
      else
        o += "\"explanation\":null";
    }
  }

  std::string model_, input_ = "-", format_ = "jsonl";
  unsigned threads_ = 1;
  bool explain_ = false, any_language_ = false;
  std::size_t top_ = 5;
  std::shared_ptr<const core::model> model_ptr_;
  std::vector<record> batch_;
  std::vector<std::unique_ptr<worker_scratch>> scratch_;
  std::size_t errors_ = 0;
};

} // namespace

std::unique_ptr<command> make_score_command(CLI::App& parent) {
  return std::make_unique<score_command>(parent);
}

} // namespace hatewatch::daemon
