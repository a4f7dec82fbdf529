// train, evaluate and bias on several corpora through the real command line: --data KIND:PATH,
// manifests, per-corpus reports, the cross-corpus matrix, and their errors.
#include "daemon/models/model_loader.hpp"

#include "support/cli_runner.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>

using hatewatch::test::temp_dir;

namespace {

hatewatch::test::cli_result run(const std::vector<std::string>& args) {
  return hatewatch::test::run_cli(args);
}

// Three made-up corpora in the shared layouts: "slurword" marks hate, "swearword" offense.
std::string three_class_csv() {
  std::string csv = "text,label\n";
  for (int i = 0; i < 4; ++i) {
    csv += "those slurword people number" + std::to_string(i) + ",0\n";
    csv += "you swearword idiot number" + std::to_string(i) + ",1\n";
    csv += "lovely weather today number" + std::to_string(i) + ",2\n";
  }
  return csv;
}

std::string stormfront_csv() {
  std::string csv = "text,label,file_id,user_id,subforum_id\n";
  for (int post = 0; post < 6; ++post) {
    csv += "the slurword are vermin," + std::string(post % 2 ? "0" : "2") + "," + std::to_string(post) + "_1,1,1\n";
    csv += "we met at the hall," + std::string("2") + "," + std::to_string(post) + "_2,1,1\n";
  }
  return csv;
}

std::string hatemoji_csv() {
  std::string csv = "text,label,split,entry_id,type,target,round.base,round.set,set,matched_id\n";
  int id = 0;
  for (const char* split : {"train", "train", "train", "test"}) {
    csv += std::string("i hate slurword \xF0\x9F\x90\x80,0,") + split + "," + std::to_string(id) + ",t,a,5,5a,o," +
           std::to_string(id + 1) + "\n";
    csv += std::string("i love my \xF0\x9F\x90\x88,2,") + split + "," + std::to_string(id + 1) + ",t,a,5,5a,p," +
           std::to_string(id) + "\n";
    id += 2;
  }
  return csv;
}

class CorporaCommands : public ::testing::Test {
protected:
  void SetUp() override {
    three_ = dir_.write("three.csv", three_class_csv()).string();
    storm_ = dir_.write("storm.csv", stormfront_csv()).string();
    emoji_ = dir_.write("emoji.csv", hatemoji_csv()).string();
  }
  std::vector<std::string> data() const {
    return {"--data", "text:" + three_, "--data", "stormfront:" + storm_ + ":2", "--data", "hatemojibuild:" + emoji_};
  }

  temp_dir dir_;
  std::string three_, storm_, emoji_;
};

} // namespace

TEST_F(CorporaCommands, TrainsOnSeveralCorporaAndRecordsThem) {
  const auto out = (dir_.path() / "mix.hwm").string();
  auto args = data();
  args.insert(args.begin(), {"train", "--out", out, "--min-df", "1", "--calibrate", "2"});
  auto r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  // The test split is not trained on: 12 + 12 + 6 rows.
  EXPECT_NE(r.out.find("on 30 examples"), std::string::npos) << r.out;
  const auto m = hatewatch::daemon::load_model_file(out);
  EXPECT_NE(m->info().at("corpora").find("stormfront (stormfront, weight 2, main head)"), std::string::npos)
      << m->info().at("corpora");
  EXPECT_NE(m->info().at("calibration").find("2-fold"), std::string::npos);
}

TEST_F(CorporaCommands, RefusesBadSpecsWithTheReason) {
  auto r = run({"train", "--out", (dir_.path() / "x.hwm").string(), "--data", "reddit:" + three_});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("unknown kind"), std::string::npos) << r.err;
  r = run({"train", "--out", (dir_.path() / "x.hwm").string(), "--data", "text:" + three_ + ":0.3"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("multiple of 0.25"), std::string::npos) << r.err;
  // A Stormfront file has no offensive class: a label 1 is named with its line.
  const auto bad = dir_.write("bad.csv", "text,label,file_id\nfine,2,1_1\nrude,1,1_2\n").string();
  r = run({"train", "--out", (dir_.path() / "x.hwm").string(), "--data", "stormfront:" + bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.csv:3: label 1"), std::string::npos) << r.err;
  r = run({"train", "--out", (dir_.path() / "x.hwm").string(), "--data", "text:" + three_, "--second-head", "nope"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no corpus named 'nope'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "x.hwm"));
}

TEST_F(CorporaCommands, ManifestTrainsLikeTheFlags) {
  const auto manifest = dir_.write("m.yaml", "name: mixed\n"
                                             "corpora:\n"
                                             "  - {kind: text, path: three.csv}\n"
                                             "  - {kind: stormfront, path: storm.csv, weight: 2}\n"
                                             "  - {kind: hatemojibuild, path: emoji.csv}\n"
                                             "options:\n"
                                             "  min-df: 1\n")
                            .string();
  const auto a = (dir_.path() / "a.hwm").string(), b = (dir_.path() / "b.hwm").string();
  auto r = run({"train", "--manifest", manifest, "--out", a});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("trained mixed-"), std::string::npos) << r.out;
  auto args = data();
  args.insert(args.begin(), {"train", "--out", b, "--min-df", "1", "--name", "mixed"});
  ASSERT_EQ(run(args).code, 0);
  const auto ma = hatewatch::daemon::load_model_file(a), mb = hatewatch::daemon::load_model_file(b);
  EXPECT_EQ(ma->version(), mb->version()); // same bytes, same checksum
}

TEST_F(CorporaCommands, ManifestReadsSeveralFilesAsOneCorpusAndTestCorpora) {
  dir_.write("a.csv", "text,label,acl.id,acl.id.matched\nthey are slurword,hate,acl1,\nlovely day,nothate,acl2,\n"
                      "slurword again,hate,acl5,\nthe weather is nice,nothate,acl6,\n");
  dir_.write("b.csv", "text,label,acl.id,acl.id.matched\nthey are not slurword,nothate,acl3,acl1\n"
                      "slurword slurword,hate,acl4,\n");
  const auto manifest = dir_.write("m.yaml", "corpora:\n"
                                             "  - {kind: text, path: three.csv}\n"
                                             "  - {kind: dynahate, path: [a.csv, b.csv]}\n"
                                             "  - {kind: stormfront, path: storm.csv, test: true}\n"
                                             "options:\n"
                                             "  min-df: 1\n")
                            .string();
  auto r = run({"evaluate", "--cv", "2", "--manifest", manifest, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto corpora = boost::json::parse(r.out).at("corpora").as_object();
  EXPECT_EQ(corpora.at("dynahate").at("cv").at("n").as_int64(), 6); // both files
  EXPECT_EQ(corpora.at("stormfront").at("test").at("n").as_int64(), 12);
  EXPECT_EQ(corpora.at("stormfront").at("cv").at("n").as_int64(), 0);
  const auto bad = dir_.write("bad.yaml", "corpora:\n  - {kind: text, path: three.csv, test: maybe}\n").string();
  r = run({"train", "--manifest", bad, "--out", (dir_.path() / "x.hwm").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.yaml:2"), std::string::npos) << r.err;
}

TEST_F(CorporaCommands, ManifestErrorsNameFileLineAndKey) {
  auto check = [&](const std::string& yaml, const std::string& expected) {
    const auto manifest = dir_.write("bad.yaml", yaml).string();
    auto r = run({"train", "--manifest", manifest, "--out", (dir_.path() / "x.hwm").string()});
    EXPECT_EQ(r.code, 1) << yaml;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  };
  check("corpora:\n  - {kind: text, path: three.csv, colour: red}\n", "bad.yaml:2: colour: unknown key");
  check("corpora:\n  - {kind: tweets, path: three.csv}\n", "unknown kind 'tweets'");
  check("corpora:\n  - {kind: text, path: three.csv, hate_only: maybe}\n", "bad.yaml:2");
  check("corpora:\n  - {kind: text, path: three.csv}\noptions:\n  c: -1\n", "C must be a positive number");
  check("corpora:\n  - {kind: text, path: three.csv}\noptions:\n  colour: red\n", "manifest options");
  check("name: x\n", "no corpora");
  // Options belong in the manifest, not beside it.
  const auto ok = dir_.write("ok.yaml", "corpora:\n  - {kind: text, path: three.csv}\n").string();
  auto r = run({"train", "--manifest", ok, "--out", (dir_.path() / "x.hwm").string(), "--c", "2"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("belong in the manifest"), std::string::npos) << r.err;
}

TEST_F(CorporaCommands, EvaluateReportsEveryCorpusAndTheTestSplit) {
  auto args = data();
  args.insert(args.begin(), {"evaluate", "--cv", "2", "--min-df", "1", "--json"});
  auto r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = boost::json::parse(r.out).as_object();
  const auto& corpora = j.at("corpora").as_object();
  EXPECT_EQ(corpora.at("text").at("cv").at("n").as_int64(), 12);
  EXPECT_TRUE(corpora.at("text").at("cv").as_object().contains("macro_f1"));
  // No offensive class, no macro-F1; but hate AP and ECE before and after calibration.
  const auto& storm = corpora.at("stormfront").at("cv").as_object();
  EXPECT_FALSE(storm.contains("macro_f1"));
  for (const char* key : {"hate_ap", "hate_accuracy", "ece_before", "ece_after"})
    EXPECT_TRUE(storm.contains(key)) << key;
  EXPECT_EQ(corpora.at("hatemojibuild").at("test").at("n").as_int64(), 2);
  EXPECT_FALSE(corpora.at("text").as_object().contains("test"));

  args.erase(std::find(args.begin(), args.end(), "--json")); // the text report
  r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2-fold grouped CV"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hatemojibuild    test"), std::string::npos) << r.out;
}

TEST_F(CorporaCommands, MatrixTrainsEachCorpusAloneThenTheMix) {
  auto args = data();
  args.insert(args.begin(), {"evaluate", "--cv", "2", "--min-df", "1", "--matrix", "--json"});
  auto r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = boost::json::parse(r.out).at("matrix").as_array();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("trained_on").as_string(), "text");
  EXPECT_EQ(rows[3].at("trained_on").as_string(), "mix");
  for (const auto& row : rows)
    EXPECT_TRUE(row.at("stormfront").at("cv").as_object().contains("hate_ap"));
  EXPECT_EQ(run({"evaluate", "--cv", "2", "--data", three_, "--matrix"}).code, 1);
  // The matrix trains; a model given to evaluate has nothing to train.
  // (Any existing file passes --model's parse; without --matrix this one fails later, as no model.)
  EXPECT_EQ(run({"evaluate", "--model", storm_, "--data", "text:" + three_, "--matrix"}).code, 2);
  EXPECT_EQ(run({"evaluate", "--model", storm_, "--data", "text:" + three_}).code, 1);
}

TEST_F(CorporaCommands, EvaluateAModelPerCorpus) {
  const auto out = (dir_.path() / "mix.hwm").string();
  auto args = data();
  args.insert(args.begin(), {"train", "--out", out, "--min-df", "1"});
  ASSERT_EQ(run(args).code, 0);
  args = data();
  args.insert(args.begin(), {"evaluate", "--model", out, "--json"});
  auto r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = boost::json::parse(r.out).as_object();
  EXPECT_EQ(j.at("model").as_string().subview().substr(0, 4), "mix-");
  EXPECT_EQ(j.at("corpora").at("stormfront").at("cv").at("n").as_int64(), 12);
}

TEST_F(CorporaCommands, BiasReportsPerIdentity) {
  const auto out = (dir_.path() / "mix.hwm").string();
  auto args = data();
  args.insert(args.begin(), {"train", "--out", out, "--min-df", "1"});
  ASSERT_EQ(run(args).code, 0);
  const auto ids = dir_.write("ids.txt", "# identities\nslurword\nfriendly\n").string();
  const auto templates = dir_.write("t.txt", "{} people are here\nI am {}\n").string();
  auto r = run({"bias", "--model", out, "--identities", ids, "--templates", templates, "--json", "--threshold", "0.5"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = boost::json::parse(r.out).as_object();
  const auto& rows = j.at("identities").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("identity").as_string(), "slurword");
  EXPECT_EQ(rows[0].at("sentences").as_int64(), 2);
  // The marker word is what this model learnt as hate; a friendly word is not.
  EXPECT_GT(rows[0].at("mean_hate_speech").as_double(), rows[1].at("mean_hate_speech").as_double());
  const auto bad = dir_.write("bad.txt", "no placeholder here\n").string();
  r = run({"bias", "--model", out, "--identities", ids, "--templates", bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("exactly one {}"), std::string::npos) << r.err;
}

TEST_F(CorporaCommands, TheModelFileListsTheLanguagesItReads) {
  const auto plain = (dir_.path() / "plain.hwm").string(), de = (dir_.path() / "de.hwm").string();
  ASSERT_EQ(run({"train", "--data", "text:" + (dir_.path() / "three.csv").string(), "--out", plain, "--min-df", "1"}).code,
            0);
  // Not given: nothing is written, and the model reads English (the shipped model's bytes stay as they were).
  const auto p = hatewatch::daemon::load_model_file(plain);
  EXPECT_FALSE(p->info().contains("languages"));
  EXPECT_EQ(p->languages(), std::vector<std::string>{"en"});

  auto r = run({"train", "--data", "text:" + (dir_.path() / "three.csv").string(), "--out", de, "--min-df", "1",
                "--languages", "de, lb"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("(reads de lb)"), std::string::npos) << r.out;
  EXPECT_EQ(hatewatch::daemon::load_model_file(de)->languages(), (std::vector<std::string>{"de", "lb"}));

  // From a manifest, as a list or a string; --languages on the command line wins.
  const auto manifest =
      dir_.write("de.yaml", "name: german\nlanguages: [de]\ncorpora:\n  - {kind: text, path: three.csv}\n"
                            "options:\n  min-df: 1\n")
          .string();
  ASSERT_EQ(run({"train", "--manifest", manifest, "--out", de}).code, 0);
  EXPECT_EQ(hatewatch::daemon::load_model_file(de)->languages(), std::vector<std::string>{"de"});
  ASSERT_EQ(run({"train", "--manifest", manifest, "--out", de, "--languages", "nl"}).code, 0);
  EXPECT_EQ(hatewatch::daemon::load_model_file(de)->languages(), std::vector<std::string>{"nl"});

  // Codes the detector never writes would never match a comment: refused, and nothing is written.
  const auto bad = (dir_.path() / "bad.hwm").string();
  for (const auto& [list, expected] : std::vector<std::pair<std::string, std::string>>{
           {"German", "'German' is not a language code"},
           {"de,de", "'de' is listed twice"},
           {"deu", "'deu' is not"},
           {" , ", "no language codes"}}) {
    auto e = run({"train", "--data", "text:" + (dir_.path() / "three.csv").string(), "--out", bad, "--languages", list});
    EXPECT_EQ(e.code, 1) << list;
    EXPECT_NE(e.err.find(expected), std::string::npos) << e.err;
  }
  EXPECT_FALSE(std::filesystem::exists(bad));
  const auto wrong = dir_.write("wrong.yaml", "languages: [de, english]\ncorpora:\n  - {kind: text, path: three.csv}\n");
  auto w = run({"train", "--manifest", wrong.string(), "--out", bad});
  EXPECT_EQ(w.code, 1);
  EXPECT_NE(w.err.find("wrong.yaml:1: languages: 'english' is not"), std::string::npos) << w.err;
}

TEST_F(CorporaCommands, SuiteReportsAccuracyPerFunctionalityAndGroup) {
  const auto out = (dir_.path() / "mix.hwm").string();
  auto args = data();
  args.insert(args.begin(), {"train", "--out", out, "--min-df", "1"});
  ASSERT_EQ(run(args).code, 0);
  const auto suite = dir_.write("suite.csv", "functionality,label,group,text\n"
                                             "slur,hate,a,those slurword people\n"
                                             "slur,hate,b,slurword slurword\n"
                                             "neutral,not,a,lovely weather today\n"
                                             "neutral,not,,what lovely weather\n")
                         .string();
  auto r = run({"suite", "--model", out, "--data", suite, "--threshold", "0.5", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = boost::json::parse(r.out).as_object();
  EXPECT_EQ(j.at("cases").as_int64(), 4);
  const auto& f = j.at("functionalities").as_array();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].at("name").as_string(), "slur");
  EXPECT_EQ(f[0].at("cases").as_int64(), 2);
  // The marker word is what the model learnt as hate: both slur cases flagged, the weather not.
  EXPECT_EQ(f[0].at("right").as_int64(), 2);
  EXPECT_EQ(f[1].at("right").as_int64(), 2);
  EXPECT_DOUBLE_EQ(j.at("overall").as_double(), 1.0);
  EXPECT_EQ(j.at("groups").as_array().size(), 2u); // the case without a group is in no group
  // At threshold 1 nothing is flagged: the hateful cases are wrong, the others right.
  r = run({"suite", "--model", out, "--data", suite, "--threshold", "1", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_DOUBLE_EQ(boost::json::parse(r.out).at("overall").as_double(), 0.5);
  const auto bad = dir_.write("bad.csv", "functionality,label,group,text\nslur,maybe,a,x\n").string();
  r = run({"suite", "--model", out, "--data", bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.csv:2: label 'maybe' is neither hate nor not"), std::string::npos) << r.err;
}

TEST_F(CorporaCommands, SeveralFilesAreOneCorpusAndATestSpecIsNeverTrainedOn) {
  const auto a = dir_.write("a.csv", "text,label,acl.id,acl.id.matched\nthey are slurword,hate,acl1,\n"
                                     "lovely weather today,nothate,acl2,\n")
                     .string();
  const auto b = dir_.write("b.csv", "text,label,acl.id,acl.id.matched\nthey are not slurword,nothate,acl3,acl1\n"
                                     "slurword slurword,hate,acl4,\n"
                                     "those slurword again,hate,acl5,\n"
                                     "what a nice day,nothate,acl6,\n"
                                     "slurword vermin,hate,acl7,\n"
                                     "the weather is lovely,nothate,acl8,\n")
                     .string();
  auto args = data();
  args.insert(args.end(), {"--data", "dynahate:" + a + "," + b, "--data", "stormfront:" + storm_ + ":test"});
  args.insert(args.begin(), {"evaluate", "--cv", "2", "--min-df", "1", "--json", "--corpus-intercepts"});
  auto r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto corpora = boost::json::parse(r.out).at("corpora").as_object();
  EXPECT_EQ(corpora.at("dynahate").at("cv").at("n").as_int64(), 8);
  EXPECT_EQ(corpora.at("stormfront-2").at("test").at("n").as_int64(), 12);
  EXPECT_EQ(corpora.at("stormfront-2").at("cv").at("n").as_int64(), 0);
  // The matrix has no row for a corpus of test rows only.
  args.push_back("--matrix");
  r = run(args);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = boost::json::parse(r.out).at("matrix").as_array();
  ASSERT_EQ(rows.size(), 5u); // text, stormfront, hatemojibuild, dynahate, mix
  for (const auto& row : rows)
    EXPECT_NE(row.at("trained_on").as_string(), "stormfront-2");
  // Several files only for the kinds that read them as one corpus.
  r = run({"evaluate", "--cv", "2", "--data", "stormfront:" + storm_ + "," + storm_});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("several files are read as one corpus only"), std::string::npos) << r.err;
}
