// The readers of corpora in their native layouts (CAD, GHC, DynaHate, Implicit Hate, MLMA and the
// functional suite): label mappings, groups, test rows and errors, on small fixtures written here.
#include "core/annotated_corpora.hpp"
#include "core/csv_reader.hpp"
#include "core/folds.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace hatewatch::core;

namespace {

std::vector<example> read(const std::string& text, corpus_kind kind) {
  std::istringstream in(text);
  return read_corpus(in, "c.tsv", kind, 4);
}

std::string error_of(const std::string& text, corpus_kind kind) {
  try {
    read(text, kind);
  } catch (const csv_error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST(AnnotatedCorpora, CadMapsIdentityAbuseToHateAndGroupsAPostWithItsTitle) {
  const auto rows = read("id\ttext\tlabels\n"
                         "abc1-post\tthe body[linebreak]second line\tNeutral\n"
                         "abc1-title\tthe title\tIdentityDirectedAbuse,PersonDirectedAbuse\n"
                         "el0001\ta comment\tPersonDirectedAbuse\n"
                         "el0002\tanother\tCounterSpeech\n",
                         corpus_kind::cad);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].text, "the body\nsecond line");
  EXPECT_EQ(rows[0].y, neither);
  EXPECT_EQ(rows[1].y, hate_speech);
  EXPECT_EQ(rows[2].y, neither); // person-directed abuse: not hate (offensive or not is not claimed)
  EXPECT_EQ(rows[3].y, neither);
  EXPECT_NE(rows[0].group, 0u);
  EXPECT_EQ(rows[0].group, rows[1].group);
  EXPECT_EQ(rows[2].group, 0u);
  EXPECT_EQ(rows[0].corpus, 4);
  EXPECT_FALSE(labels_offensive(corpus_kind::cad));
  EXPECT_NE(error_of("id\ttext\tlabels\nx\ty\tSarcasm\n", corpus_kind::cad).find("c.tsv:2: unknown CAD label 'Sarcasm'"),
            std::string::npos);
  EXPECT_NE(error_of("id\ttext\nx\ty\n", corpus_kind::cad).find("c.tsv:1: a cad file needs a 'labels' column"),
            std::string::npos);
  EXPECT_NE(error_of("id\ttext\tlabels\nx\ty\n", corpus_kind::cad).find("c.tsv:2: expected 3 fields, found 2"),
            std::string::npos);
}

TEST(AnnotatedCorpora, GhcIsHateForAnAssaultOnDignityOrACallForViolence) {
  const auto rows = read("text\thd\tcv\tvo\na\t1\t0\t0\nb\t0\t1\t0\nc\t0\t0\t1\nd\t0\t0\t0\n", corpus_kind::ghc);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].y, hate_speech);
  EXPECT_EQ(rows[1].y, hate_speech);
  EXPECT_EQ(rows[2].y, neither); // vulgarity alone: not hate (partial label)
  EXPECT_EQ(rows[3].y, neither);
  EXPECT_NE(error_of("text\thd\tcv\tvo\na\t2\t0\t0\n", corpus_kind::ghc).find("c.tsv:2: hd must be 0 or 1"),
            std::string::npos);
}

TEST(AnnotatedCorpora, DynaHateKeepsAPerturbationWithItsOriginalAcrossFiles) {
  std::istringstream dev("text,label,acl.id,acl.id.matched\n"
                         "\"they are vermin, all of them\",hate,acl1,\n"
                         "they are not vermin,nothate,acl2,acl1\n"
                         "unrelated,nothate,acl3,\n");
  std::istringstream test("text,label,acl.id,acl.id.matched\n"
                          "calling them vermin is wrong,nothate,acl4,acl2\n"
                          "x,nothate,acl5,acl9\n"
                          "y,hate,acl6,acl9\n");
  const auto rows = read_annotated_corpus({{&dev, "dev.csv"}, {&test, "test.csv"}}, corpus_kind::dynahate, 2);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].text, "they are vermin, all of them");
  EXPECT_EQ(rows[0].y, hate_speech);
  EXPECT_EQ(rows[1].y, neither);
  EXPECT_EQ(rows[0].group, rows[1].group);
  EXPECT_EQ(rows[0].group, rows[3].group); // a chain of perturbations, across the two files
  EXPECT_NE(rows[0].group, rows[2].group);
  EXPECT_EQ(rows[4].group, rows[5].group); // both made from an entry that is not here
  EXPECT_NE(rows[4].group, rows[2].group);
  // Grouped folds never split them.
  const auto folds = grouped_folds(rows, {}, 2, 1);
  EXPECT_EQ(folds[0], folds[1]);
  EXPECT_EQ(folds[0], folds[3]);
  EXPECT_EQ(folds[4], folds[5]);
  EXPECT_NE(error_of("text,label,acl.id,acl.id.matched\na,maybe,acl1,\n", corpus_kind::dynahate).find("c.tsv:2: unknown "
                                                                                                     "DynaHate label"),
            std::string::npos);
  EXPECT_NE(error_of("text,label,acl.id,acl.id.matched\na,hate,,\n", corpus_kind::dynahate).find("acl.id is empty"),
            std::string::npos);
}

TEST(AnnotatedCorpora, ImplicitHateAndMlmaMapTheirClasses) {
  const auto ih = read("post\tclass\na\timplicit_hate\nb\texplicit_hate\nc\tnot_hate\n", corpus_kind::implicit_hate);
  ASSERT_EQ(ih.size(), 3u);
  EXPECT_EQ(ih[0].y, hate_speech);
  EXPECT_EQ(ih[1].y, hate_speech);
  EXPECT_EQ(ih[2].y, neither);
  EXPECT_NE(error_of("post\tclass\na\tsarcasm\n", corpus_kind::implicit_hate).find("c.tsv:2: unknown class"),
            std::string::npos);
  const auto ml = read("HITId,tweet,sentiment,directness\n1,a,offensive_hateful,direct\n2,b,fearful_abusive,"
                       "indirect\n3,c,normal,direct\n",
                       corpus_kind::mlma);
  ASSERT_EQ(ml.size(), 3u);
  EXPECT_EQ(ml[0].y, hate_speech);
  EXPECT_EQ(ml[1].y, neither);
  EXPECT_EQ(ml[2].y, neither);
  EXPECT_NE(error_of("HITId,tweet,sentiment\n1,a,angry\n", corpus_kind::mlma).find("unknown sentiment 'angry'"),
            std::string::npos);
}

TEST(AnnotatedCorpora, AFunctionalSuiteIsOnlyEverTestRows) {
  const auto rows = read("functionality,label,group,text\nthreat,hate,women,a\nneutral_mention,not,women,b\n",
                         corpus_kind::functional);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].held_out && rows[1].held_out);
  EXPECT_EQ(rows[0].y, hate_speech);
  EXPECT_EQ(rows[1].y, neither);
  EXPECT_NE(error_of("functionality,label,group,text\nthreat,yes,women,a\n", corpus_kind::functional).find("hate or "
                                                                                                         "not"),
            std::string::npos);
}

TEST(AnnotatedCorpora, EmptyFilesAreRefusedByName) {
  EXPECT_NE(error_of("", corpus_kind::ghc).find("c.tsv:1: the file is empty"), std::string::npos);
  EXPECT_NE(error_of("text\thd\tcv\tvo\n", corpus_kind::ghc).find("c.tsv: no examples"), std::string::npos);
  EXPECT_EQ(parse_corpus_kind("implicit_hate"), corpus_kind::implicit_hate);
  EXPECT_EQ(corpus_kind_name(corpus_kind::dynahate), "dynahate");
}

TEST(LanguageCorpora, GermEvalHasNoHeaderAndItsFineLabelGivesTheClass) {
  const auto rows = read("erster text\tOFFENSE\tABUSE\nzweiter\tOFFENSE\tINSULT\ndritter\tOFFENSE\tPROFANITY\n"
                         "vierter\tOTHER\tOTHER\n",
                         corpus_kind::germeval);
  ASSERT_EQ(rows.size(), 4u); // the first row is a row, not a header
  EXPECT_EQ(rows[0].text, "erster text");
  EXPECT_EQ(rows[0].y, hate_speech);
  EXPECT_EQ(rows[1].y, offensive_language);
  EXPECT_EQ(rows[2].y, offensive_language);
  EXPECT_EQ(rows[3].y, neither);
  EXPECT_EQ(label_scheme_of(corpus_kind::germeval), label_scheme::three_class);
  EXPECT_NE(error_of("a\tOTHER\tINSULT\n", corpus_kind::germeval).find("c.tsv:1: coarse label OTHER disagrees"),
            std::string::npos);
  EXPECT_NE(error_of("a\tOFFENSE\tRUDE\n", corpus_kind::germeval).find("c.tsv:1: unknown fine label 'RUDE'"),
            std::string::npos);
  EXPECT_NE(error_of("a\tOFFENSE\n", corpus_kind::germeval).find("expected 3 fields, found 2"), std::string::npos);
}

TEST(LanguageCorpora, ToldBrTakesTheMajorityOfThreeAnnotatorsGroupCategoriesFirst) {
  const auto rows = read("text,homophobia,obscene,insult,racism,misogyny,xenophobia\n"
                         "a,2.0,3.0,0.0,0.0,0.0,0.0\n" // group category with a majority: hate, before obscene
                         "b,1,0,2,0,1,0\n"             // insult majority only: offensive
                         "c,1,1,1,1,1,1\n"             // no majority anywhere: neither
                         "d,0,0,0,0,0,3\n",
                         corpus_kind::told_br);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].y, hate_speech);
  EXPECT_EQ(rows[1].y, offensive_language);
  EXPECT_EQ(rows[2].y, neither);
  EXPECT_EQ(rows[3].y, hate_speech);
  EXPECT_NE(error_of("text,homophobia,obscene,insult,racism,misogyny,xenophobia\na,4,0,0,0,0,0\n",
                     corpus_kind::told_br)
                .find("c.tsv:2: homophobia must be a vote count 0-3, found '4'"),
            std::string::npos);
}

TEST(LanguageCorpora, OffensEvalOffIsNotNeitherWithOrWithoutAHeader) {
  const auto tr = read("1\t@USER bir metin\tNOT\n2\tbaşka bir metin\tOFF\n", corpus_kind::offenseval);
  ASSERT_EQ(tr.size(), 2u);
  EXPECT_EQ(tr[0].y, neither);
  EXPECT_EQ(tr[1].y, offensive_language); // read as "offensive or hateful" under the kind's scheme
  EXPECT_EQ(label_scheme_of(corpus_kind::offenseval), label_scheme::neither_or_not);
  EXPECT_FALSE(labels_offensive(corpus_kind::offenseval));
  // Danish has a header, and one row whose tabs were written as spaces.
  const auto da = read("id\ttweet\tsubtask_a\n7\ten tekst\tOFF\n4000    [deleted]   NOT\t\t\n", corpus_kind::offenseval);
  ASSERT_EQ(da.size(), 2u);
  EXPECT_EQ(da[0].y, offensive_language);
  EXPECT_EQ(da[1].text, "[deleted]");
  EXPECT_EQ(da[1].y, neither);
  EXPECT_NE(error_of("1\ta\tMAYBE\n", corpus_kind::offenseval).find("c.tsv:1: unknown label 'MAYBE' (OFF or NOT)"),
            std::string::npos);
  // Rows of spaces that are not that shape are refused with the file and line, never a crash.
  for (const char* row : {"id\ttweet\tsubtask_a\n1  text  \t\t\n", "id\ttweet\tsubtask_a\n1   x\t\t\n",
                          "id\ttweet\tsubtask_a\n    \t\t\n"})
    EXPECT_NE(error_of(row, corpus_kind::offenseval).find("c.tsv:2: "), std::string::npos) << row;
  // Copies of one text share a group, so they stay in one fold.
  const auto copies = read("1\tsame text\tNOT\n2\tSame Text\tNOT\n3\tother\tNOT\n", corpus_kind::offenseval);
  EXPECT_EQ(copies[0].group, copies[1].group);
  EXPECT_NE(copies[0].group, copies[2].group);
}

TEST(LanguageCorpora, BeepHasDavidsonsThreeClasses) {
  const auto rows = read("comments\tcontain_gender_bias\tbias\thate\n가\tFalse\tnone\thate\n나\tTrue\tgender\toffensive\n"
                         "다\tFalse\tnone\tnone\n",
                         corpus_kind::beep);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].y, hate_speech);
  EXPECT_EQ(rows[1].y, offensive_language);
  EXPECT_EQ(rows[2].y, neither);
  EXPECT_NE(error_of("comments\thate\nx\ttoxic\n", corpus_kind::beep).find("unknown hate label 'toxic'"),
            std::string::npos);
  EXPECT_NE(error_of("comments\tlabel\nx\tnone\n", corpus_kind::beep).find("a beep file needs a 'hate' column"),
            std::string::npos);
}
