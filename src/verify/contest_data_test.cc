// The verifier on contest data [2.1 §3.3.10, §3.6.6, §3.6.7]: one changed
// value of a valid record fails exactly the check(s) that bind it.
#include "henhouse/verify/verify.h"

#include "verify/contest_data.h"
#include "verify/verify_test_util.h"

namespace henhouse::verify {
namespace {

// RequestedBallot returns the file of the first ballot whose contest data
// was decrypted (the first item of contest_data_decryption).
std::string RequestedBallot(const std::string& dir) {
  Json d = Json::parse(*ReadTextFile(dir + "/" + FindFile(dir, ".contest_data_decryption.")));
  return FindFile(dir, ".ballot." + std::to_string(d["items"][0]["ballot"].get<uint64_t>()) + ".");
}

// UnrequestedCastBallot returns a cast ballot whose contest data was not
// decrypted (the last cast ballot: the request is the first ten).
std::string UnrequestedCastBallot(const std::string& dir) {
  auto names = *ListDir(dir);
  std::string last;
  for (const std::string& n : names) {
    if (n.find(".ballot.") == std::string::npos) continue;
    if (Json::parse(*ReadTextFile(dir + "/" + n))["status"] == "cast") last = n;
  }
  return last;
}

void ExpectFailed(const std::string& dir, const std::string& ids) {
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Failed(*r), ids) << r->ToText(false);
}

TEST(ContestDataVerifyTest, ValidRecordHasContestDataAndV12Passes) {
  auto r = VerifyRecord(ValidRecord(), ToyOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const CheckResult* v12 = r->Find("V12");
  EXPECT_EQ(v12->outcome, CheckOutcome::kPass);
  EXPECT_GT(v12->items, 10u);  // the first ten cast ballots, every contest
  Json b = Json::parse(*ReadTextFile(ValidRecord() + "/" + FindFile(ValidRecord(), ".ballot.1.")));
  EXPECT_EQ(b["contests"][0]["contest_data"]["c1"].get<std::string>().size(), 2u * 32 * 2);
}

// The ciphertext (C0, C1, C2) is bound by its proof (V6, eq. 69) and by χ
// (V8, eq. 70): a change fails both, nothing else.
TEST(ContestDataVerifyTest, BallotContestDataProofAndHash) {
  for (const char* field : {"c", "v", "c1", "c0"}) {
    std::string dir = Copy(std::string("cd_ballot_") + field);
    Edit(dir, UnrequestedCastBallot(dir), [&](Json& j) {
      if (std::string(field) == "c0") {
        j["contests"][0]["contest_data"]["c0"] = j["contests"][0]["selections"][0]["alpha"];
      } else {
        FlipHex(j["contests"][0]["contest_data"][field]);
      }
    });
    ExpectFailed(dir, "V6 V8 ");
    auto r = VerifyRecord(dir, ToyOptions());
    ASSERT_TRUE(r.ok());
    EXPECT_NE(r->Find("V6")->messages.at(0).find("eq. 69"), std::string::npos) << field;
  }
}

// A changed C1 of a requested ballot also breaks its decryption (V12).
TEST(ContestDataVerifyTest, RequestedBallotCiphertextAlsoFailsV12) {
  std::string dir = Copy("cd_req_c1");
  Edit(dir, RequestedBallot(dir), [](Json& j) { FlipHex(j["contests"][0]["contest_data"]["c1"]); });
  ExpectFailed(dir, "V6 V8 V12 ");
}

TEST(ContestDataVerifyTest, V12DecryptionValues) {
  std::string dir = Copy("cd_v12_c");
  Edit(dir, FindFile(dir, ".contest_data_decryption."),
       [](Json& j) { FlipHex(j["items"][0]["c"]); });
  ExpectOnly(dir, "V12", "12.B");
  std::string dir2 = Copy("cd_v12_v");
  Edit(dir2, FindFile(dir2, ".contest_data_decryption."),
       [](Json& j) { FlipHex(j["items"][1]["v"]); });
  ExpectOnly(dir2, "V12", "12.B");
  std::string dir3 = Copy("cd_v12_beta");
  Edit(dir3, FindFile(dir3, ".contest_data_decryption."), [](Json& j) {
    j["items"][0]["beta"] = j["items"][1]["beta"];
  });
  ExpectOnly(dir3, "V12", "12 (eq. 97)");
}

TEST(ContestDataVerifyTest, V12DecryptedData) {
  std::string dir = Copy("cd_v12_d");
  Edit(dir, FindFile(dir, ".contest_data_decryption."), [](Json& j) {
    FlipHex(j["items"][0]["data"]);  // the last padding byte
  });
  ExpectOnly(dir, "V12", "12.C");
}

TEST(ContestDataVerifyTest, V12GuardianShare) {
  std::string dir = Copy("cd_v12_share");
  Edit(dir, FindFile(dir, ".contest_data_share."), [](Json& j) { FlipHex(j["items"][0]["v"]); });
  ExpectOnly(dir, "V12", "12 (eq. 102)");
  std::string dir2 = Copy("cd_v12_d_i");
  Edit(dir2, FindFile(dir2, ".contest_data_share."), [](Json& j) { FlipHex(j["items"][0]["d"]); });
  ExpectOnly(dir2, "V12", "12 (eq. 99)");
}

TEST(ContestDataVerifyTest, FoxIsExcludedAndExclusionMustBeJustified) {
  std::string src = MakeRecord("cd_fox", 2);
  std::string dir = testing::TempDir() + "/henhouse_verify_cd_excl";
  fs::remove_all(dir);
  fs::copy(src, dir);
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->AllPassed()) << r->ToText(false);
  std::string f = FindFile(dir, ".contest_data_exclusion.");
  Json j = Json::parse(*ReadTextFile(dir + "/" + f));
  EXPECT_EQ(j["guardian"], 2);
  ASSERT_EQ(j["reason"], "response invalid");
  Edit(dir, f, [](Json& x) { x["reason"] = "commitment mismatch"; });
  ExpectOnly(dir, "V12", "12 (exclusion) round 1 guardian 2");
}

TEST(ContestDataVerifyTest, V13ChallengedContestDataNonce) {
  std::string dir = Copy("cd_v13_nonce");
  Edit(dir, FindFile(dir, ".challenged_ballot."), [](Json& j) {
    FlipHex(j["contests"][0]["contest_data"]["nonce"]);
  });
  ExpectOnly(dir, "V13", "13.4");
}

// A changed D of a challenged ballot fails 13.A; here the change is in the
// padding, so D's format (V14) fails as well.
TEST(ContestDataVerifyTest, V13ChallengedContestData) {
  std::string dir = Copy("cd_v13_data");
  Edit(dir, FindFile(dir, ".challenged_ballot."), [](Json& j) {
    FlipHex(j["contests"][0]["contest_data"]["data"]);
  });
  ExpectFailed(dir, "V13 V14 ");
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->Find("V13")->messages.at(0).find("13.A"), std::string::npos);
  EXPECT_NE(r->Find("V14")->messages.at(0).find("padding"), std::string::npos);
}

TEST(ContestDataVerifyTest, ContestDataProblemFindsInconsistentFlags) {
  ContestModel cm;
  cm.index = 1;
  cm.selection_limit = 2;
  cm.option_limit = 1;
  cm.contest_data_blocks = 1;
  cm.options = {"A", "B", "Write-in"};
  cm.write_in = {false, false, true};
  Bytes d(32, 0);
  d[0] = 0x01;
  d[1] = 0x02;  // undervote
  std::vector<uint64_t> one{1, 0, 0};
  EXPECT_EQ(ContestDataProblem(cm, d, &one), "");
  std::vector<uint64_t> two{1, 1, 0};
  EXPECT_EQ(ContestDataProblem(cm, d, &two), "undervote flag is wrong");
  std::vector<uint64_t> none{0, 0, 0};
  EXPECT_EQ(ContestDataProblem(cm, d, &none), "null vote flag is wrong");
  // a write-in text on option 1, which is not a write-in option
  Bytes w = {0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 'x'};
  w.resize(32, 0);
  EXPECT_NE(ContestDataProblem(cm, w, nullptr).find("not a write-in option"), std::string::npos);
  w[9] = 0x03;  // option 3: fine
  EXPECT_EQ(ContestDataProblem(cm, w, nullptr), "");
  EXPECT_EQ(ContestDataProblem(cm, w, &one), "write-in text on option 3 with no vote");
}

}  // namespace
}  // namespace henhouse::verify
