// The verifier against records made by the election module on a toy group:
// a valid record passes every check; changing exactly one value makes
// exactly the check that binds it fail; malformed records are errors.
#include "henhouse/verify/verify.h"

#include "verify/verify_test_util.h"

namespace henhouse::verify {
namespace {

TEST(VerifyTest, ValidRecordPassesEveryCheck) {
  auto r = VerifyRecord(ValidRecord(), ToyOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->AllPassed()) << r->ToText(true);
  for (const char* id : {"REC", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10",
                         "V11", "V12", "V13", "V14"}) {
    const CheckResult* c = r->Find(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->outcome, CheckOutcome::kPass) << id;
    EXPECT_GT(c->items, 0u) << id;
  }
  for (const char* id : {"V15", "V16", "V17", "V18", "V19"}) {
    EXPECT_EQ(r->Find(id)->outcome, CheckOutcome::kNotApplicable) << id;
  }
  EXPECT_EQ(r->stats.ballots, 24u);
  EXPECT_GT(r->stats.fixed_base_pows, 0u);
  EXPECT_NE(r->ToText(false).find("V6 PASS"), std::string::npos);
  EXPECT_NE(r->ToJson(true).find("\"membership_checks\""), std::string::npos);
}

TEST(VerifyTest, SameReportOnOneThreadAndTwo) {
  VerifyOptions one = ToyOptions();
  one.threads = 1;
  one.batch = 512;
  std::string dir = Copy("threads");
  Edit(dir, FindFile(dir, ".ballot.3."), [](Json& j) {
    FlipHex(j["contests"][0]["selections"][1]["proof"]["c"][0]);
  });
  auto a = VerifyRecord(dir, one);
  auto b = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->ToText(false), b->ToText(false));
  EXPECT_EQ(a->stats.variable_pows, b->stats.variable_pows);
}

TEST(VerifyTest, RecordWithFoxComplaintsAndExclusionsPasses) {
  std::string dir = MakeRecord("fox", 2);
  EXPECT_NE(FindFile(dir, ".disqualification."), "");
  EXPECT_NE(FindFile(dir, ".decryption_exclusion."), "");
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->AllPassed()) << r->ToText(false);
}

TEST(VerifyTest, V10ExclusionMustBeJustified) {
  std::string src = MakeRecord("fox2", 2);
  std::string dir = testing::TempDir() + "/henhouse_verify_excl";
  fs::remove_all(dir);
  fs::copy(src, dir);
  std::string f = FindFile(dir, ".decryption_exclusion.");
  Json j = Json::parse(*ReadTextFile(dir + "/" + f));
  ASSERT_EQ(j["reason"], "response invalid");
  Edit(dir, f, [](Json& x) { x["reason"] = "commitment mismatch"; });
  ExpectOnly(dir, "V10", "10 (exclusion) round 1 guardian 2");
}

TEST(VerifyTest, P256RecordPasses) {
  std::string dir = MakeRecord("p256", 0, "p256", 8);
  VerifyOptions o;  // production group: no toy option needed
  auto r = VerifyRecord(dir, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->AllPassed()) << r->ToText(false);
  EXPECT_EQ(r->group, "p256");
}

TEST(VerifySlowTest, Integer4096RecordPasses) {
  std::string dir = MakeRecord("int4096", 0, "integer4096", 8);
  auto r = VerifyRecord(dir, VerifyOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->AllPassed()) << r->ToText(false);
  EXPECT_EQ(r->group, "integer4096");
}

TEST(VerifyTest, RecordChainBindsEveryByte) {
  std::string dir = Copy("rec");
  Edit(dir, FindFile(dir, "record_end"), [](Json& j) { FlipHex(j["chain"]); }, false);
  ExpectOnly(dir, "REC", "chain");
  std::string dir2 = Copy("rec2");
  Edit(dir2, FindFile(dir2, ".ballot.2."), [](Json& j) { FlipHex(j["h_i"]); }, false);
  auto r = VerifyRecord(dir2, ToyOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failed(*r), "REC V5 ");
}

TEST(VerifyTest, ToyGroupRejectedWithoutTestOption) {
  VerifyOptions o = ToyOptions();
  o.allow_toy_groups = false;
  auto r = VerifyRecord(ValidRecord(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Failed(*r), "V1 ");
}

TEST(VerifyTest, V1ParameterHash) {
  std::string dir = Copy("v1");
  Edit(dir, FindFile(dir, ".parameters."), [](Json& j) { FlipHex(j["h_p"]); });
  ExpectOnly(dir, "V1", "1.E");
  std::string dir2 = Copy("v1b");
  Edit(dir2, FindFile(dir2, ".election_keys."), [](Json& j) { FlipHex(j["h_b"]); });
  ExpectOnly(dir2, "V1", "1.F");
}

TEST(VerifyTest, V2GuardianProof) {
  std::string dir = Copy("v2");
  Edit(dir, FindFile(dir, ".guardian.1.2."), [](Json& j) { FlipHex(j["proof"]["v"][1]); });
  ExpectOnly(dir, "V2", "2.C attempt 1 guardian 2");
  std::string dir2 = Copy("v2b");
  Edit(dir2, FindFile(dir2, ".share.1.3.1."), [](Json& j) { FlipHex(j["c"]); });
  ExpectOnly(dir2, "V2", "eq. 22");
}

TEST(VerifyTest, V3ElectionKeys) {
  std::string dir = Copy("v3");
  Edit(dir, FindFile(dir, ".election_keys."), [](Json& j) { FlipHex(j["h_g"]); });
  ExpectOnly(dir, "V3", "h_g");
}

TEST(VerifyTest, V4ExtendedBaseHash) {
  std::string dir = Copy("v4");
  Edit(dir, FindFile(dir, ".election_keys."), [](Json& j) { FlipHex(j["h_e"]); });
  ExpectOnly(dir, "V4", "4.A");
}

TEST(VerifyTest, V5IdentifierHash) {
  std::string dir = Copy("v5");
  Edit(dir, FindFile(dir, ".ballot.4."), [](Json& j) { FlipHex(j["h_i"]); });
  ExpectOnly(dir, "V5", "ballot 4 5.B");
}

TEST(VerifyTest, V5DuplicateIdentifier) {
  std::string dir = Copy("v5a");
  Json first = Json::parse(*ReadTextFile(dir + "/" + FindFile(dir, ".ballot.1.")));
  Edit(dir, FindFile(dir, ".ballot.2."), [&](Json& j) {
    j["id"] = first["id"];
    j["h_i"] = first["h_i"];
  });
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->Find("V5")->messages.at(0).find("5.A ballot 2"), std::string::npos)
      << r->ToText(false);
}

TEST(VerifyTest, V6RangeProof) {
  std::string dir = Copy("v6");
  Edit(dir, FindFile(dir, ".ballot.3."), [](Json& j) {
    FlipHex(j["contests"][0]["selections"][1]["proof"]["c"][0]);
  });
  ExpectOnly(dir, "V6", "ballot 3 contest 1 option 2: 6.D");
}

TEST(VerifyTest, V7LimitProof) {
  std::string dir = Copy("v7");
  Edit(dir, FindFile(dir, ".ballot.5."), [](Json& j) {
    FlipHex(j["contests"][0]["limit_proof"]["v"][0]);
  });
  ExpectOnly(dir, "V7", "ballot 5 contest 1: 7.D");
}

// CastBallot returns the file of the first cast ballot.
std::string CastBallot(const std::string& dir) {
  auto names = *ListDir(dir);
  for (const std::string& n : names) {
    if (n.find(".ballot.") == std::string::npos) continue;
    Json j = Json::parse(*ReadTextFile(dir + "/" + n));
    if (j["status"] == "cast") return n;
  }
  ADD_FAILURE() << "no cast ballot";
  return "";
}

TEST(VerifyTest, V8ContestHash) {
  std::string dir = Copy("v8");
  Edit(dir, CastBallot(dir), [](Json& j) { FlipHex(j["contests"][0]["contest_hash"]); });
  ExpectOnly(dir, "V8", "8.A");
}

TEST(VerifyTest, V8DeviceInformation) {
  std::string dir = Copy("v8b");
  Edit(dir, FindFile(dir, ".device."), [](Json& j) { FlipHex(j["h_di"]); });
  ExpectOnly(dir, "V8", "8.C");
}

TEST(VerifyTest, V9Aggregation) {
  std::string dir = Copy("v9");
  Edit(dir, FindFile(dir, ".tally."), [](Json& j) {
    j["contests"][0]["options"][0]["a"] = j["contests"][0]["options"][1]["a"];
  });
  ExpectOnly(dir, "V9", "9.A tally contest 1 option 1");
}

TEST(VerifyTest, V10TallyValue) {
  std::string dir = Copy("v10");
  Edit(dir, FindFile(dir, ".tally_decryption."), [](Json& j) {
    auto& t = j["contests"][1]["options"][2]["t"];
    t = t.get<uint64_t>() + 1;
  });
  ExpectOnly(dir, "V10", "10.C tally_decryption contest 2 option 3");
}

TEST(VerifyTest, V10DecryptionShare) {
  std::string dir = Copy("v10b");
  Edit(dir, FindFile(dir, ".decryption_share."), [](Json& j) {
    FlipHex(j["contests"][0]["options"][0]["v"]);
  });
  ExpectOnly(dir, "V10", "contest 1 option 1 guardian");
}

TEST(VerifyTest, V11TallyLabel) {
  std::string dir = Copy("v11");
  Edit(dir, FindFile(dir, ".tally_decryption."), [](Json& j) {
    std::string s = j["contests"][0]["options"][1]["label"];
    s[0] = 'X';
    j["contests"][0]["options"][1]["label"] = s;
  });
  ExpectOnly(dir, "V11", "11.B");
}

TEST(VerifyTest, V13ChallengedNonce) {
  std::string dir = Copy("v13");
  Edit(dir, FindFile(dir, ".challenged_ballot."), [](Json& j) {
    FlipHex(j["contests"][0]["selections"][0]["nonce"]);
  });
  ExpectOnly(dir, "V13", "13.1");
}

TEST(VerifyTest, V14ChallengedLabel) {
  std::string dir = Copy("v14");
  Edit(dir, FindFile(dir, ".challenged_ballot."), [](Json& j) {
    j["contests"][0]["label"] = "Another contest";
  });
  ExpectOnly(dir, "V14", "14.A");
}

// ---- Malformed records: errors, never a crash ------------------------------

void ExpectError(const std::string& dir, StatusCode code, const std::string& needle) {
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_FALSE(r.ok()) << r->ToText(false);
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().ToString();
}

TEST(VerifyTest, MissingDirectory) {
  ExpectError(testing::TempDir() + "/henhouse_verify_nonexistent", StatusCode::kNotFound,
              "record directory");
}

TEST(VerifyTest, TruncatedFile) {
  std::string dir = Copy("trunc");
  std::string f = FindFile(dir, ".ballot.6.");
  std::string text = *ReadTextFile(dir + "/" + f);
  ASSERT_TRUE(WriteFileAtomic(dir + "/" + f, text.substr(0, text.size() / 2)).ok());
  ExpectError(dir, StatusCode::kDataLoss, f + ": invalid JSON");
}

TEST(VerifyTest, NonCanonicalJson) {
  std::string dir = Copy("noncanon");
  std::string f = FindFile(dir, ".tally.");
  std::string text = *ReadTextFile(dir + "/" + f);
  ASSERT_TRUE(WriteFileAtomic(dir + "/" + f, text + "\n").ok());
  ExpectError(dir, StatusCode::kDataLoss, "not canonical");
}

TEST(VerifyTest, WrongGroupElement) {
  std::string dir = Copy("wronggroup");
  std::string f = FindFile(dir, ".ballot.2.");
  Edit(dir, f, [](Json& j) {
    std::string s = j["contests"][0]["selections"][0]["alpha"];
    j["contests"][0]["selections"][0]["alpha"] = std::string(s.size(), '0');
  });
  ExpectError(dir, StatusCode::kInvalidArgument, f + ": contests[0].selections[0].alpha");
}

TEST(VerifyTest, BadLength) {
  std::string dir = Copy("badlen");
  std::string f = FindFile(dir, ".election_keys.");
  Edit(dir, f, [](Json& j) {
    std::string s = j["vote_key"];
    j["vote_key"] = s.substr(1);
  });
  ExpectError(dir, StatusCode::kInvalidArgument, f + ": vote_key");
}

TEST(VerifyTest, DuplicateBallotNumber) {
  std::string dir = Copy("dupnum");
  Edit(dir, FindFile(dir, ".ballot.3."), [](Json& j) { j["number"] = 2; });
  ExpectError(dir, StatusCode::kDataLoss, "the qualifier must be the ballot's number 2");
}

TEST(VerifyTest, MissingEntry) {
  std::string dir = Copy("missing");
  fs::remove(dir + "/" + FindFile(dir, ".tally."));
  ExpectError(dir, StatusCode::kDataLoss, "without gaps");
}

TEST(VerifyTest, UnknownField) {
  std::string dir = Copy("unknown");
  std::string f = FindFile(dir, ".parameters.");
  Edit(dir, f, [](Json& j) { j["extra"] = 1; });
  ExpectError(dir, StatusCode::kInvalidArgument, "unknown field \"extra\"");
}

// Flipping any byte of any file gives an error or a failed check, never a
// crash and never a pass.
TEST(VerifyTest, RandomByteChangesNeverPass) {
  auto names = *ListDir(ValidRecord());
  std::sort(names.begin(), names.end());
  uint64_t x = 12345;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int trial = 0; trial < 60; ++trial) {
    std::string dir = Copy("flip");
    const std::string& f = names[next() % names.size()];
    std::string text = *ReadTextFile(dir + "/" + f);
    size_t at = next() % text.size();
    char repl = "0123456789ABCDEF\"{}[],:az"[next() % 26];
    if (text[at] == repl) continue;
    text[at] = repl;
    ASSERT_TRUE(WriteFileAtomic(dir + "/" + f, text).ok());
    if (next() % 2 && f != names.back()) Rechain(dir);  // a rechain would undo a change to record_end
    auto r = VerifyRecord(dir, ToyOptions());
    EXPECT_TRUE(!r.ok() || !r->AllPassed()) << f << " byte " << at << " -> " << repl;
  }
}

TEST(VerifyTest, EntriesOutOfOrder) {
  std::string dir = Copy("order");
  std::string a = FindFile(dir, ".tally.");
  std::string b = FindFile(dir, ".tally_decryption.");
  // Swap the contents and types of two files, keeping the numbering.
  std::string ta = *ReadTextFile(dir + "/" + a);
  std::string tb = *ReadTextFile(dir + "/" + b);
  fs::remove(dir + "/" + a);
  fs::remove(dir + "/" + b);
  std::string a2 = a.substr(0, 6) + ".tally_decryption.json";
  std::string b2 = b.substr(0, 6) + ".tally.json";
  ASSERT_TRUE(WriteFileAtomic(dir + "/" + a2, tb).ok());
  ASSERT_TRUE(WriteFileAtomic(dir + "/" + b2, ta).ok());
  ExpectError(dir, StatusCode::kDataLoss, "expected a \"tally\" entry");
}

}  // namespace
}  // namespace henhouse::verify
