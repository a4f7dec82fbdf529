#include "core/model_file.hpp"

#include "core/trainer.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

using namespace hatewatch::core;

namespace {

const std::string& tiny_bytes() {
  static const std::string bytes = [] {
    std::ostringstream out;
    write_model(train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options(), {}, {{"name", "tiny"}}), out);
    return out.str();
  }();
  return bytes;
}

std::string load_error(const std::string& bytes) {
  std::istringstream in(bytes);
  try {
    read_model(in);
  } catch (const model_file_error& e) {
    return e.what();
  }
  return "";
}

// Rewrites the trailing checksum so that a deliberate edit reaches the checks behind it.
std::string with_valid_checksum(std::string bytes) {
  const auto body = std::string_view(bytes).substr(0, bytes.size() - 8);
  const std::uint64_t sum = ngram_hash::feed(ngram_hash::offset_basis, body);
  std::memcpy(bytes.data() + bytes.size() - 8, &sum, 8);
  return bytes;
}

} // namespace

TEST(ModelFile, RoundTripsToTheSameBytesAndScores) {
  std::istringstream in(tiny_bytes());
  const auto m = read_model(in);
  std::ostringstream again;
  write_model(m, again);
  EXPECT_EQ(again.str(), tiny_bytes());

  const auto original = train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options());
  vectorizer_scratch s;
  EXPECT_EQ(m.score("slurword go back", s), original.score("slurword go back", s));
  EXPECT_EQ(m.version().substr(0, 5), "tiny-");
  EXPECT_EQ(m.version().size(), 13u);
}

TEST(ModelFile, RejectsWrongMagic) {
  auto bytes = tiny_bytes();
  bytes[0] = 'X';
  EXPECT_EQ(load_error(bytes), "not a hatewatch model file (wrong magic)");
  EXPECT_EQ(load_error(""), "not a hatewatch model file (wrong magic)");
  EXPECT_EQ(load_error("GIF89a..."), "not a hatewatch model file (wrong magic)");
}

TEST(ModelFile, RejectsNewerVersionWithAClearMessage) {
  auto bytes = tiny_bytes();
  const std::uint32_t future = model_format_version + 1;
  std::memcpy(bytes.data() + 8, &future, 4);
  EXPECT_NE(load_error(with_valid_checksum(bytes)).find("is newer than this hatewatch supports"), std::string::npos);
}

TEST(ModelFile, AFlippedBitInTheVersionIsCorruptionNotANewerVersion) {
  // Issue 29: the version was read before the checksum, so damage there said "upgrade hatewatch".
  for (int bit : {0, 3, 17, 31}) {
    auto bytes = tiny_bytes();
    std::uint32_t version = 0;
    std::memcpy(&version, bytes.data() + 8, 4);
    version ^= 1u << bit;
    std::memcpy(bytes.data() + 8, &version, 4);
    EXPECT_EQ(load_error(bytes), "model file is corrupt or truncated (checksum mismatch)") << "bit " << bit;
  }
}

TEST(ModelFile, RejectsEveryTruncation) {
  const auto& bytes = tiny_bytes();
  // Every prefix fails cleanly (a sample of lengths, including each edge of the header).
  for (std::size_t n = 0; n < bytes.size(); n += (n < 200 ? 1 : 997))
    EXPECT_FALSE(load_error(bytes.substr(0, n)).empty()) << n;
}

TEST(ModelFile, RejectsCorruption) {
  auto bytes = tiny_bytes();
  bytes[bytes.size() / 2] ^= 0x5A;
  EXPECT_EQ(load_error(bytes), "model file is corrupt or truncated (checksum mismatch)");
}

TEST(ModelFile, RejectsStructuralDamageBehindAValidChecksum) {
  // More bytes than the feature count says.
  auto bytes = tiny_bytes();
  bytes.insert(bytes.size() - 8, 24, '\0');
  EXPECT_NE(load_error(with_valid_checksum(bytes)).find("feature count"), std::string::npos);
  // The last row repeats the hash of the one before it.
  bytes = tiny_bytes();
  std::memcpy(bytes.data() + bytes.size() - 8 - 24, bytes.data() + bytes.size() - 8 - 48, 8);
  EXPECT_NE(load_error(with_valid_checksum(bytes)).find("not strictly increasing"), std::string::npos);
  // An invalid feature config (word n-gram max set to 99).
  bytes = tiny_bytes();
  const std::uint32_t bad = 99;
  std::memcpy(bytes.data() + 16, &bad, 4);
  EXPECT_NE(load_error(with_valid_checksum(bytes)).find("invalid feature config"), std::string::npos);
  // A NaN weight.
  bytes = tiny_bytes();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(bytes.data() + bytes.size() - 8 - 4, &nan, 4);
  EXPECT_NE(load_error(with_valid_checksum(bytes)).find("non-finite"), std::string::npos);
}

TEST(ModelFile, RefusesUnknownClassesBehindAValidChecksumAsAModelFileError) {
  // Found by the model-file fuzzer in CI: the model's own check of its 'classes' info escaped
  // read_model as std::invalid_argument instead of model_file_error.
  std::ostringstream out;
  write_model(train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options(), {},
                    {{"name", "tiny"}, {"classes", "neither, not neither"}}),
              out);
  auto bytes = out.str();
  {
    std::istringstream in(bytes);
    EXPECT_FALSE(read_model(in).tells_hate());
  }
  const auto at = bytes.find("not neither");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 10] = 'X';
  const auto error = load_error(with_valid_checksum(bytes));
  EXPECT_NE(error.find("model file is corrupt (unknown classes 'neither, not neitheX'"), std::string::npos) << error;
}

TEST(ModelFile, RefusesOversizedFilesBeforeReadingThem) {
  std::istringstream in(tiny_bytes());
  EXPECT_THROW(read_model(in, 100), model_file_error);
}
