#include "henhouse/election/manifest.h"

#include <gtest/gtest.h>

#include "henhouse/base/file.h"

namespace henhouse::election {
namespace {

std::string Base(const std::string& contest_extra, const std::string& top_extra = "") {
  return R"({"label":"E","group":"p256","guardians":3,"quorum":2)" + top_extra +
         R"(,"contests":[{"label":"C","selection_limit":1,"options":[{"label":"a"},{"label":"b"}]})" +
         contest_extra + R"(],"ballot_styles":[{"label":"s","contests":["C"]}]})";
}

TEST(ManifestTest, ExamplesParse) {
  for (const char* path : {"examples/small.json", "examples/general-election.json"}) {
    auto text = ReadTextFile(path);
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    auto m = Manifest::Parse(*text);
    ASSERT_TRUE(m.ok()) << path << ": " << m.status().ToString();
    auto again = Manifest::ParseCanonical(m->Canonical());
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again->Canonical(), m->Canonical());
  }
  auto general = Manifest::Parse(*ReadTextFile("examples/general-election.json"));
  ASSERT_TRUE(general.ok());
  EXPECT_GE(general->contests().size(), 8u);
}

TEST(ManifestTest, RejectsContestLimitAboveOptions) {
  std::string text = Base(R"(,{"label":"D","selection_limit":3,"options":[{"label":"x"},{"label":"y"}]})");
  auto m = Manifest::Parse(text);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("selection_limit 3"), std::string::npos) << m.status().ToString();
}

TEST(ManifestTest, RejectsBadInputs) {
  EXPECT_TRUE(Manifest::Parse(Base("")).ok());
  // Duplicate contest label, duplicate option label.
  EXPECT_FALSE(Manifest::Parse(Base(R"(,{"label":"C","selection_limit":1,"options":[{"label":"x"}]})")).ok());
  EXPECT_FALSE(Manifest::Parse(Base(R"(,{"label":"D","selection_limit":1,"options":[{"label":"x"},{"label":"x"}]})")).ok());
  // Option limit above contest limit, zero limits.
  EXPECT_FALSE(Manifest::Parse(Base(R"(,{"label":"D","selection_limit":1,"option_limit":2,"options":[{"label":"x"}]})")).ok());
  EXPECT_FALSE(Manifest::Parse(Base(R"(,{"label":"D","selection_limit":0,"options":[{"label":"x"}]})")).ok());
  // Labels with whitespace or control characters.
  EXPECT_FALSE(Manifest::Parse(Base(R"(,{"label":" D","selection_limit":1,"options":[{"label":"x"}]})")).ok());
  EXPECT_FALSE(Manifest::Parse(Base(R"(,{"label":"D\n","selection_limit":1,"options":[{"label":"x"}]})")).ok());
  // Unknown field, bad group, k > n, k = 0.
  EXPECT_FALSE(Manifest::Parse(Base("", R"(,"colour":"red")")).ok());
  std::string text = Base("");
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  EXPECT_FALSE(Manifest::Parse(replace(R"("p256")", R"("p384")")).ok());
  EXPECT_FALSE(Manifest::Parse(replace(R"("quorum":2)", R"("quorum":4)")).ok());
  EXPECT_FALSE(Manifest::Parse(replace(R"("quorum":2)", R"("quorum":0)")).ok());
  EXPECT_FALSE(Manifest::Parse(replace(R"("guardians":3)", R"("guardians":-3)")).ok());
  // Ballot style naming an unknown contest.
  EXPECT_FALSE(Manifest::Parse(replace(R"("contests":["C"])", R"("contests":["Z"])")).ok());
  EXPECT_FALSE(Manifest::Parse(replace(R"("contests":["C"])", R"("contests":["C","C"])")).ok());
  // Truncated JSON.
  EXPECT_FALSE(Manifest::Parse(text.substr(0, text.size() / 2)).ok());
}

TEST(ManifestTest, CanonicalIsStrict) {
  auto m = Manifest::Parse(Base(""));
  ASSERT_TRUE(m.ok());
  std::string c = m->Canonical();
  EXPECT_NE(c.find(R"("option_limit":1)"), std::string::npos);
  EXPECT_TRUE(Manifest::ParseCanonical(c).ok());
  EXPECT_FALSE(Manifest::ParseCanonical(c + "\n").ok());
  EXPECT_FALSE(Manifest::ParseCanonical(Base("")).ok());
}

}  // namespace
}  // namespace henhouse::election
