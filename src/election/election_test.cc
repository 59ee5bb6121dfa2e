// End-to-end elections on toy groups (fast) and one small run per
// production group (Slow suite).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "henhouse/base/file.h"
#include "henhouse/election/demo.h"
#include "henhouse/election/record.h"

namespace henhouse::election {
namespace {

std::string TempDir(const std::string& name) {
  std::string dir = testing::TempDir() + "/henhouse_election_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

DemoOptions Options(const std::string& name, const std::string& group) {
  DemoOptions o;
  o.dir = TempDir(name);
  o.manifest_path = "examples/small.json";
  o.group = group;
  o.guardians = 4;
  o.quorum = 2;
  o.ballots = 40;
  o.challenge_percent = 10;
  o.seed = 7;
  o.progress = false;
  return o;
}

TEST(ElectionTest, ToyElectionWithAbsentGuardian) {
  DemoOptions o = Options("toy", "toy48");
  std::ostringstream out;
  auto s = RunDemo(o, out);
  ASSERT_TRUE(s.ok()) << s.status().ToString() << "\n" << out.str();
  EXPECT_TRUE(s->verified) << out.str();
  EXPECT_TRUE(s->detections.empty());
  EXPECT_EQ(s->cast + s->challenged, 40u);
  EXPECT_NE(out.str().find("guardian 4 is absent"), std::string::npos) << out.str();
  // Guardian secrets are 0600 and never in the record.
  auto st = std::filesystem::status(o.dir + "/guardians/guardian-1/shares.secret");
  EXPECT_EQ(st.permissions() & std::filesystem::perms::group_read, std::filesystem::perms::none);
  EXPECT_EQ(st.permissions() & std::filesystem::perms::others_read, std::filesystem::perms::none);
}

TEST(ElectionTest, ToyElectionWithFox) {
  DemoOptions o = Options("fox", "toy48");
  o.fox = 2;
  std::ostringstream out;
  auto s = RunDemo(o, out);
  ASSERT_TRUE(s.ok()) << s.status().ToString() << "\n" << out.str();
  EXPECT_TRUE(s->verified) << out.str();
  ASSERT_EQ(s->named.size(), 2u) << out.str();
  EXPECT_EQ(s->named[0], 2u);  // disqualified in the ceremony
  EXPECT_EQ(s->named[1], 2u);  // excluded from decryption
  auto reader = RecordReader::Open(o.dir + "/record");
  ASSERT_TRUE(reader.ok());
  int complaints = 0, reveals = 0, exclusions = 0;
  while (true) {
    auto e = (*reader)->Next();
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    if (!e->has_value()) break;
    complaints += (*e)->type == "complaint";
    reveals += (*e)->type == "share_reveal";
    exclusions += (*e)->type == "decryption_exclusion";
  }
  EXPECT_EQ(complaints, 1);
  EXPECT_EQ(reveals, 1);
  EXPECT_EQ(exclusions, 1);
}

TEST(ElectionTest, RejectsBadRuns) {
  DemoOptions o = Options("bad", "toy48");
  o.quorum = 5;
  std::ostringstream out;
  EXPECT_EQ(RunDemo(o, out).status().code(), StatusCode::kInvalidArgument);
  o = Options("bad2", "toy48");
  o.fox = 1;
  o.guardians = 3;
  EXPECT_EQ(RunDemo(o, out).status().code(), StatusCode::kInvalidArgument);
  o = Options("bad3", "toy48");
  o.manifest_path = "examples/does-not-exist.json";
  EXPECT_EQ(RunDemo(o, out).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace henhouse::election

namespace henhouse::election {
namespace {

TEST(ElectionTest, P256WithFox) {
  DemoOptions o = Options("p256", "p256");
  o.guardians = 5;
  o.quorum = 3;
  o.ballots = 12;
  o.fox = 5;
  std::ostringstream out;
  auto s = RunDemo(o, out);
  ASSERT_TRUE(s.ok()) << s.status().ToString() << "\n" << out.str();
  EXPECT_TRUE(s->verified) << out.str();
  EXPECT_EQ(s->named, (std::vector<uint32_t>{5, 5})) << out.str();
  // Guardian 4 is absent (5 is the fox), so 1, 2, 3 decrypt.
  EXPECT_NE(out.str().find("guardian 4 is absent"), std::string::npos) << out.str();
}

TEST(ElectionTest, Integer4096WithFox) {
  DemoOptions o = Options("int4096", "integer4096");
  o.ballots = 4;
  o.fox = 1;
  std::ostringstream out;
  auto s = RunDemo(o, out);
  ASSERT_TRUE(s.ok()) << s.status().ToString() << "\n" << out.str();
  EXPECT_TRUE(s->verified) << out.str();
  EXPECT_EQ(s->named, (std::vector<uint32_t>{1, 1})) << out.str();
}

}  // namespace
}  // namespace henhouse::election
