// Malformed input: every case gets a clear error, never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "henhouse/base/file.h"
#include "henhouse/election/ballot.h"
#include "henhouse/election/demo.h"
#include "henhouse/election/tally.h"

namespace henhouse::election {
namespace {

class MalformedTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::TempDir() + "/henhouse_malformed");
    std::filesystem::remove_all(*dir_);
    DemoOptions o;
    o.dir = *dir_;
    o.manifest_path = "examples/small.json";
    o.group = "toy48";
    o.guardians = 3;
    o.quorum = 2;
    o.ballots = 12;
    o.challenge_percent = 0;
    o.seed = 11;
    o.progress = false;
    std::ostringstream out;
    auto s = RunDemo(o, out);
    ASSERT_TRUE(s.ok() && s->verified) << out.str();
  }
  static void TearDownTestSuite() { delete dir_; }

  // Copy makes a fresh copy of the record to tamper with.
  std::string Copy(const std::string& name) {
    std::string to = testing::TempDir() + "/henhouse_malformed_" + name;
    std::filesystem::remove_all(to);
    std::filesystem::copy(*dir_ + "/record", to);
    return to;
  }
  std::string BallotFile(const std::string& dir, int n) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      std::string f = e.path().filename();
      if (f.find(".ballot." + std::to_string(n) + ".json") != std::string::npos) return e.path();
    }
    return "";
  }
  ElectionParameters Params() {
    auto m = Manifest::Parse(*ReadTextFile("examples/small.json"));
    auto params = ElectionParameters::Create(*m->WithElection("toy48", 3, 2));
    return *std::move(params);
  }
  Status Tally(const std::string& dir) {
    ElectionParameters p = Params();
    DeterministicRng rng(1);
    return TallyRecord(p, dir, rng).status();
  }
  void Replace(const std::string& path, const std::string& from, const std::string& to) {
    std::string text = *ReadTextFile(path);
    size_t pos = text.find(from);
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, from.size(), to);
    ASSERT_TRUE(WriteFileAtomic(path, text).ok());
  }
  static std::string* dir_;
};
std::string* MalformedTest::dir_ = nullptr;

TEST_F(MalformedTest, CleanRecordTallies) { EXPECT_TRUE(Tally(*dir_ + "/record").ok()); }

TEST_F(MalformedTest, TruncatedEntry) {
  std::string dir = Copy("truncated");
  std::string f = BallotFile(dir, 3);
  std::string text = *ReadTextFile(f);
  ASSERT_TRUE(WriteFileAtomic(f, text.substr(0, text.size() / 2)).ok());
  Status st = Tally(dir);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
  EXPECT_NE(st.message().find(".ballot.3.json"), std::string::npos) << st.ToString();
}

TEST_F(MalformedTest, WrongGroupElement) {
  std::string dir = Copy("element");
  std::string f = BallotFile(dir, 2);
  std::string text = *ReadTextFile(f);
  size_t pos = text.find("\"alpha\":\"") + 9;
  size_t end = text.find('"', pos);
  std::string bad(end - pos, 'F');  // p − 1-ish: out of range or not in the subgroup
  Replace(f, text.substr(pos, end - pos), bad);
  Status st = Tally(dir);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("ballot 2"), std::string::npos) << st.ToString();
  // An element of the wrong length.
  std::string dir2 = Copy("element_len");
  std::string f2 = BallotFile(dir2, 2);
  std::string t2 = *ReadTextFile(f2);
  size_t p2 = t2.find("\"beta\":\"") + 8;
  Replace(f2, t2.substr(p2, 4), "");
  EXPECT_EQ(Tally(dir2).code(), StatusCode::kInvalidArgument);
}

TEST_F(MalformedTest, DuplicateBallotId) {
  std::string dir = Copy("dup");
  std::string t1 = *ReadTextFile(BallotFile(dir, 1));
  std::string t2 = *ReadTextFile(BallotFile(dir, 2));
  auto id = [](const std::string& t) {
    size_t p = t.find("\"id\":\"") + 6;
    return t.substr(p, 64);
  };
  Replace(BallotFile(dir, 2), id(t2), id(t1));
  Status st = Tally(dir);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("duplicate"), std::string::npos) << st.ToString();
}

TEST_F(MalformedTest, NonCanonicalAndUnknownStyle) {
  std::string dir = Copy("style");
  Replace(BallotFile(dir, 4), "\"style\":\"", "\"style\":\"x");
  EXPECT_EQ(Tally(dir).code(), StatusCode::kInvalidArgument);
  std::string dir2 = Copy("space");
  Replace(BallotFile(dir2, 4), "{\"", "{ \"");
  EXPECT_EQ(Tally(dir2).code(), StatusCode::kDataLoss);
}

TEST(PlaintextTest, OverLimitBallotIsRejected) {
  auto m = Manifest::Parse(*ReadTextFile("examples/small.json"));
  ASSERT_TRUE(m.ok());
  PlaintextBallot over{"all", {{1, 1, 0, 0}, {0, 0, 1}}};  // two marks in a 1-of-4 contest
  Status st = ValidatePlaintext(*m, over);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("over the contest limit"), std::string::npos) << st.ToString();
  PlaintextBallot option_over{"all", {{2, 0, 0, 0}, {0, 0, 0}}};
  EXPECT_NE(ValidatePlaintext(*m, option_over).message().find("option limit"), std::string::npos);
  PlaintextBallot wrong_shape{"chair-only", {{1, 0, 0, 0}, {0, 0, 0}}};
  EXPECT_FALSE(ValidatePlaintext(*m, wrong_shape).ok());
  PlaintextBallot unknown{"nope", {}};
  EXPECT_FALSE(ValidatePlaintext(*m, unknown).ok());
  PlaintextBallot ok{"all", {{0, 0, 1, 0}, {1, 0, 1}}};
  EXPECT_TRUE(ValidatePlaintext(*m, ok).ok());
}

}  // namespace
}  // namespace henhouse::election
