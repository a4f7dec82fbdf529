// train, evaluate and score through the real command line, on small files written by the test.
#include "daemon/app/cli.hpp"

#include "support/cli_runner.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

using hatewatch::daemon::run_cli;
using hatewatch::test::temp_dir;

namespace {

hatewatch::test::cli_result run(const std::vector<std::string>& args) {
  return hatewatch::test::run_cli(args);
}

// The same made-up corpus as tests/support/tiny_corpus.hpp, in the upstream Davidson layout
// (with one tweet quoted across two lines).
std::string davidson_csv() {
  std::string csv = ",count,hate_speech,offensive_language,neither,class,tweet\n";
  const char* rows[][2] = {
      {"0", "those slurword people should leave"},
      {"0", "slurword go back where you came from"},
      {"0", "i hate every slurword"},
      {"0", "a slurword like you is vermin"},
      {"0", "\"no slurword\nbelongs here\""},
      {"0", "get rid of the slurword"},
      {"1", "you swearword idiot"},
      {"1", "shut up swearword"},
      {"1", "what a swearword day lol"},
      {"1", "swearword this traffic"},
      {"1", "my swearword phone died"},
      {"1", "stop being a swearword"},
      {"2", "lovely weather for a walk"},
      {"2", "the game last night was great"},
      {"2", "see you at the meeting"},
      {"2", "new recipe for bread"},
      {"2", "happy birthday friend"},
      {"2", "reading a good book"},
  };
  int i = 0;
  for (const auto& r : rows)
    csv += std::to_string(i++) + ",3,0,0,3," + r[0] + "," + r[1] + "\n";
  return csv;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

class ClassifierCommands : public ::testing::Test {
protected:
  void SetUp() override {
    data_ = dir_.write("train.csv", davidson_csv()).string();
    model_ = (dir_.path() / "tiny.hwm").string();
    auto r = run({"train", "--data", data_, "--out", model_, "--min-df", "1", "--c", "10"});
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_NE(r.out.find("trained tiny-"), std::string::npos) << r.out;
  }

  temp_dir dir_;
  std::string data_, model_;
};

} // namespace

TEST_F(ClassifierCommands, TrainIsReproducible) {
  const auto again = (dir_.path() / "again.hwm").string();
  ASSERT_EQ(run({"train", "--data", data_, "--out", again, "--name", "tiny", "--min-df", "1", "--c", "10"}).code, 0);
  std::ifstream a(model_, std::ios::binary), b(again, std::ios::binary);
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
}

TEST_F(ClassifierCommands, TrainReportsMalformedRowWithItsLine) {
  const auto bad = dir_.write("bad.csv", "text,label\nfine,1\nbroken,9\n").string();
  auto r = run({"train", "--data", bad, "--out", (dir_.path() / "x.hwm").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.csv:3: unknown label '9'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "x.hwm"));
}

TEST_F(ClassifierCommands, TrainRejectsBadOptions) {
  auto r = run({"train", "--data", data_, "--out", model_, "--word-ngrams", "3-1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("n-gram range"), std::string::npos) << r.err;
  EXPECT_EQ(run({"train", "--data", data_, "--out", model_, "--link", "cubic"}).code, 2);
}

TEST_F(ClassifierCommands, EvaluateModelPrintsJson) {
  auto r = run({"evaluate", "--model", model_, "--data", data_, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = boost::json::parse(r.out).as_object();
  EXPECT_EQ(j.at("n").as_int64(), 18);
  for (const char* key : {"macro_f1", "weighted_f1", "log_loss"})
    EXPECT_TRUE(j.contains(key)) << key;
  const auto& hate = j.at("classes").at("hate speech").as_object();
  for (const char* key : {"precision", "recall", "f1", "average_precision", "support"})
    EXPECT_TRUE(hate.contains(key)) << key;
  EXPECT_EQ(hate.at("support").as_int64(), 6);
  EXPECT_DOUBLE_EQ(j.at("macro_f1").as_double(), 1.0); // it has seen these very examples
  EXPECT_EQ(j.at("confusion").as_array().size(), 3u);
}

TEST_F(ClassifierCommands, EvaluateCrossValidationPrintsTable) {
  auto r = run({"evaluate", "--cv", "3", "--data", data_, "--min-df", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("3-fold stratified CV"), std::string::npos);
  EXPECT_NE(r.out.find("macro F1"), std::string::npos);
  EXPECT_EQ(lines(r.err).size(), 3u); // one progress line per fold
}

TEST_F(ClassifierCommands, EvaluateThresholdsTabulatesHateSpeechFlagging) {
  auto r = run({"evaluate", "--model", model_, "--data", data_, "--json", "--thresholds"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = boost::json::parse(r.out).at("hate_speech_thresholds").as_array();
  ASSERT_EQ(rows.size(), 9u); // 0.3 to 0.95, with the default 0.65
  double last_flagged = 1.0;
  for (const auto& row : rows) {
    const double flagged = row.at("flagged").as_double();
    EXPECT_LE(flagged, last_flagged); // a higher threshold never flags more
    last_flagged = flagged;
  }
  EXPECT_DOUBLE_EQ(rows[0].at("threshold").as_double(), 0.3);
  auto cv = run({"evaluate", "--cv", "3", "--data", data_, "--min-df", "1", "--thresholds"});
  ASSERT_EQ(cv.code, 0) << cv.err;
  EXPECT_NE(cv.out.find("flagging hate speech at probability >= threshold"), std::string::npos) << cv.out;
}

TEST_F(ClassifierCommands, EvaluateNeedsModelOrCv) {
  EXPECT_EQ(run({"evaluate", "--data", data_}).code, 1);
  EXPECT_EQ(run({"evaluate", "--data", data_, "--model", model_, "--cv", "3"}).code, 2);
}

TEST_F(ClassifierCommands, ScoreJsonlKeepsOrderAndReportsBadLines) {
  const auto input = dir_.write("in.jsonl", "{\"id\": 7, \"text\": \"slurword go back\"}\n"
                                            "not json\n"
                                            "\n"
                                            "{\"id\": \"b\", \"text\": 3}\n"
                                            "{\"id\": \"c\", \"text\": \"lovely weather\"}\n");
  const auto output = dir_.path() / "out.jsonl";
  std::ostringstream out, err;
  const int code = run_cli({"score", "--model", model_, "--input", input.string(), "--threads", "2"}, out, err);
  ASSERT_EQ(code, 0) << err.str();
  const auto l = lines(out.str());
  ASSERT_EQ(l.size(), 4u);
  const auto first = boost::json::parse(l[0]).as_object();
  EXPECT_EQ(first.at("id").as_int64(), 7);
  const double sum = first.at("hate speech").as_double() + first.at("offensive language").as_double() +
                     first.at("neither").as_double();
  EXPECT_NEAR(sum, 1.0, 1e-9);
  EXPECT_GT(first.at("hate speech").as_double(), 0.5);
  const auto second = boost::json::parse(l[1]).as_object();
  EXPECT_EQ(second.at("line").as_int64(), 2);
  EXPECT_TRUE(second.contains("error"));
  const auto third = boost::json::parse(l[2]).as_object();
  EXPECT_EQ(third.at("id").as_string(), "b");
  EXPECT_EQ(third.at("line").as_int64(), 4);
  EXPECT_EQ(boost::json::parse(l[3]).at("id").as_string(), "c");
  EXPECT_NE(err.str().find("2 record(s) had errors"), std::string::npos);
}

TEST_F(ClassifierCommands, ScoreRefusesAnIdOutOfRange) {
  // 1e400 parses as infinity; echoed, it came out as the non-JSON token Infinity.
  const auto input = dir_.write("in.jsonl", "{\"id\": 1e400, \"text\": \"a\"}\n{\"id\": 1e300, \"text\": \"b\"}\n");
  auto r = run({"score", "--model", model_, "--input", input.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto l = lines(r.out);
  ASSERT_EQ(l.size(), 2u);
  const auto first = boost::json::parse(l[0]).as_object(); // throws on Infinity
  EXPECT_EQ(first.at("line").as_int64(), 1);
  EXPECT_NE(first.at("error").as_string().find("out of range"), boost::json::string::npos);
  EXPECT_EQ(boost::json::parse(l[1]).at("id").as_double(), 1e300);
}

TEST_F(ClassifierCommands, ScoreExplainsAndReadsCsvAndText) {
  const auto csv = dir_.write("in.csv", "id,text\nx,\"SLURWORD, go\"\ny,hello\n");
  auto r = run({"score", "--model", model_, "--input", csv.string(), "--format", "csv", "--explain", "--top", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto l = lines(r.out);
  ASSERT_EQ(l.size(), 2u);
  const auto first = boost::json::parse(l[0]).as_object();
  EXPECT_EQ(first.at("id").as_string(), "x");
  const auto& ex = first.at("explanation").as_array();
  ASSERT_FALSE(ex.empty());
  EXPECT_LE(ex.size(), 2u);
  const auto& top = ex[0].as_object();
  const std::string text = "SLURWORD, go";
  EXPECT_EQ(text.substr(static_cast<std::size_t>(top.at("begin").as_int64()),
                        static_cast<std::size_t>(top.at("end").as_int64() - top.at("begin").as_int64())),
            top.at("ngram").as_string());

  const auto txt = dir_.write("in.txt", "first comment\nsecond comment\n");
  r = run({"score", "--model", model_, "--input", txt.string(), "--format", "text"});
  ASSERT_EQ(r.code, 0) << r.err;
  l = lines(r.out);
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(boost::json::parse(l[1]).at("id").as_int64(), 2); // the line number
}

TEST_F(ClassifierCommands, ScoreTellsTheLanguageAndLeavesOthersUnscored) {
  const auto input = dir_.write("in.txt", "Die Ausländer sollen alle verschwinden und nie wiederkommen\n"
                                          "thanks for the recipe, see you all at the meetup on sunday\n");
  const std::string shipped = HATEWATCH_SOURCE_DIR "/models/forums.hwm";
  auto r = run({"score", "--model", shipped, "--input", input.string(), "--format", "text", "--explain"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto l = lines(r.out);
  ASSERT_EQ(l.size(), 2u);
  const auto de = boost::json::parse(l[0]).as_object();
  EXPECT_TRUE(de.at("hate speech").is_null());
  EXPECT_TRUE(de.at("explanation").is_null());
  EXPECT_EQ(de.at("language").at("code").as_string(), "de");
  EXPECT_FALSE(de.at("language").at("supported").as_bool());
  EXPECT_TRUE(de.at("unsupported_language").as_bool());
  const auto en = boost::json::parse(l[1]).as_object();
  EXPECT_TRUE(en.at("hate speech").is_double());
  EXPECT_EQ(en.at("language").at("code").as_string(), "en");
  EXPECT_FALSE(en.contains("unsupported_language"));
  // --any-language: every record scored, no language.
  r = run({"score", "--model", shipped, "--input", input.string(), "--format", "text", "--any-language"});
  ASSERT_EQ(r.code, 0) << r.err;
  l = lines(r.out);
  const auto forced = boost::json::parse(l[0]).as_object();
  EXPECT_TRUE(forced.at("hate speech").is_double());
  EXPECT_FALSE(forced.contains("language"));
}

TEST_F(ClassifierCommands, ScoreRefusesACorruptModel) {
  const auto bad = dir_.write("bad.hwm", "HWMODEL\0garbage");
  auto r = run({"score", "--model", bad.string(), "--input", data_});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.hwm: "), std::string::npos) << r.err;
}

TEST_F(ClassifierCommands, ScoreKeepsGoingOverManyBatches) {
  // More lines than three batches (8,192 each), on two threads: every line answered, in order.
  std::string input;
  for (int i = 0; i < 20000; ++i)
    input += "{\"id\": " + std::to_string(i) + ", \"text\": \"" + (i % 3 ? "lovely weather" : "slurword out") + "\"}\n";
  const auto path = dir_.write("many.jsonl", input).string();
  auto r = run({"score", "--model", model_, "--input", path, "--threads", "2"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto out = lines(r.out);
  ASSERT_EQ(out.size(), 20000u);
  for (int i : {0, 8191, 8192, 16384, 19999}) {
    const auto j = boost::json::parse(out[static_cast<std::size_t>(i)]).as_object();
    EXPECT_EQ(j.at("id").as_int64(), i);
    EXPECT_TRUE(j.contains("hate speech"));
  }
}

TEST(LanguagesCommand, CountsWhatTheShippedModelCannotRead) {
  const std::string model = HATEWATCH_SOURCE_DIR "/models/forums.hwm";
  const std::string fixtures = HATEWATCH_SOURCE_DIR "/tests/fixtures/languages/";
  const auto r = run({"languages", "--model", model, "--lines", fixtures + "de.txt", "--lines", fixtures + "en.txt",
                      "--lines", fixtures + "undetermined.txt", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = boost::json::parse(r.out).as_object();
  EXPECT_EQ(doc.at("model_languages").as_array().size(), 1u);
  const auto& corpora = doc.at("corpora").as_array();
  ASSERT_EQ(corpora.size(), 3u);
  const auto& de = corpora[0].as_object();
  EXPECT_EQ(de.at("comments").as_int64(), 12);
  EXPECT_EQ(de.at("other_language").as_int64(), 12);
  EXPECT_EQ(de.at("languages").as_object().at("de").as_int64(), 12);
  const auto& en = corpora[1].as_object();
  EXPECT_EQ(en.at("other_language").as_int64(), 0);
  EXPECT_EQ(corpora[2].as_object().at("decided_by").as_object().at("too short").as_int64(), 10);

  // The text report names the corpus and the share.
  const auto text = run({"languages", "--model", model, "--lines", fixtures + "de.txt", "--show", "1"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("12 comments, 100.00% in another language"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("    de  Die Ausländer"), std::string::npos) << text.out;
}

TEST(LanguagesCommand, NeedsSomethingToRead) {
  const auto r = run({"languages", "--model", HATEWATCH_SOURCE_DIR "/models/forums.hwm"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("give --data KIND:PATH or --lines FILE"), std::string::npos) << r.err;
  const auto bad = run({"languages", "--model", HATEWATCH_SOURCE_DIR "/models/forums.hwm", "--data", "klingon:/dev/null"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("hatewatch languages: "), std::string::npos) << bad.err;
}
