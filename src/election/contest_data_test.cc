// Contest data [2.1 §3.3.10]: the format of D, the manifest fields, and its
// encryption on a ballot (proof, contest hash, record round trip).
#include "henhouse/election/contest_data.h"

#include <gtest/gtest.h>

#include "election/entries.h"
#include "henhouse/election/ballot.h"
#include "henhouse/election/guardian.h"

namespace henhouse::election {
namespace {

Manifest TestManifest(const std::string& blocks = "") {
  std::string text =
      R"({"label":"E","group":"toy48","guardians":1,"quorum":1,"contests":[)"
      R"({"label":"Mayor","selection_limit":1,)" + blocks +
      R"("options":[{"label":"A"},{"label":"B"},{"label":"Write-in","write_in":true}]},)"
      R"({"label":"Board","selection_limit":2,"options":[{"label":"X"},{"label":"Y"},{"label":"Z"}]}],)"
      R"("ballot_styles":[{"label":"s","contests":["Mayor","Board"]}]})";
  auto m = Manifest::Parse(text);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return *m;
}

TEST(ContestDataTest, ManifestDefaultsAndCanonicalForm) {
  Manifest m = TestManifest();
  EXPECT_EQ(m.contest(1).contest_data_blocks, 3u);  // 1 + 2 per write-in option
  EXPECT_EQ(m.contest(2).contest_data_blocks, 1u);
  EXPECT_TRUE(m.contest(1).options[2].write_in);
  std::string c = m.Canonical();
  EXPECT_NE(c.find(R"("contest_data_blocks":3)"), std::string::npos);
  EXPECT_NE(c.find(R"("write_in":true)"), std::string::npos);
  EXPECT_EQ(c.find(R"("write_in":false)"), std::string::npos);
  EXPECT_TRUE(Manifest::ParseCanonical(c).ok());
  EXPECT_EQ(TestManifest(R"("contest_data_blocks":5,)").contest(1).contest_data_blocks, 5u);
  EXPECT_FALSE(Manifest::Parse(R"({"label":"E","group":"toy48","guardians":1,"quorum":1,)"
                               R"("contests":[{"label":"C","selection_limit":1,)"
                               R"("contest_data_blocks":0,"options":[{"label":"a"}]}],)"
                               R"("ballot_styles":[{"label":"s","contests":["C"]}]})")
                   .ok());
}

TEST(ContestDataTest, EncodeDecodeRoundTrip) {
  Manifest m = TestManifest();
  const ContestDef& mayor = m.contest(1);
  ContestInput in{{}, {WriteIn{3, "Zoë Ångström"}}};
  std::vector<uint32_t> values{0, 0, 1};
  ASSERT_TRUE(ValidateContestInput(mayor, values, in, "mayor").ok());
  ContestData d = MakeContestData(mayor, values, in);
  EXPECT_EQ(d.flags, 0);
  auto bytes = EncodeContestData(mayor, d);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 96u);
  auto back = DecodeContestData(mayor, *bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, d);
  EXPECT_EQ(DescribeContestData(mayor, *back), "write-in \"Write-in\": \"Zoë Ångström\"");
  // Non-zero padding, wrong length, unknown version are refused.
  Bytes bad = *bytes;
  bad.back() = 1;
  EXPECT_FALSE(DecodeContestData(mayor, bad).ok());
  EXPECT_FALSE(DecodeContestData(mayor, ByteSpan(*bytes).first(64)).ok());
  bad = *bytes;
  bad[0] = 2;
  EXPECT_FALSE(DecodeContestData(mayor, bad).ok());
}

TEST(ContestDataTest, FlagsForUndervoteNullVoteAndOvervote) {
  Manifest m = TestManifest();
  const ContestDef& board = m.contest(2);
  EXPECT_EQ(MakeContestData(board, {1, 0, 0}, {}).flags, kFlagUndervote);
  EXPECT_EQ(MakeContestData(board, {0, 0, 0}, {}).flags, kFlagUndervote | kFlagNullVote);
  EXPECT_EQ(MakeContestData(board, {1, 1, 0}, {}).flags, 0);
  ContestInput over{{1, 1, 1}, {}};
  ASSERT_TRUE(ValidateContestInput(board, {0, 0, 0}, over, "board").ok());
  ContestData d = MakeContestData(board, {0, 0, 0}, over);
  EXPECT_EQ(d.flags, kFlagOvervote);
  EXPECT_EQ(d.marks.size(), 3u);
  auto back = DecodeContestData(board, *EncodeContestData(board, d));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, d);
  EXPECT_EQ(DescribeContestData(board, d), "overvote (marked \"X\" \"Y\" \"Z\")");
}

TEST(ContestDataTest, InputErrors) {
  Manifest m = TestManifest();
  const ContestDef& mayor = m.contest(1);
  const ContestDef& board = m.contest(2);
  // Overvote marks within the limits, or with votes left in the values.
  EXPECT_FALSE(ValidateContestInput(board, {0, 0, 0}, {{1, 1, 0}, {}}, "b").ok());
  EXPECT_FALSE(ValidateContestInput(board, {1, 0, 0}, {{1, 1, 1}, {}}, "b").ok());
  // A write-in on an ordinary option, without a vote, out of order, bad text.
  EXPECT_FALSE(ValidateContestInput(mayor, {1, 0, 0}, {{}, {WriteIn{1, "x"}}}, "m").ok());
  EXPECT_FALSE(ValidateContestInput(mayor, {1, 0, 0}, {{}, {WriteIn{3, "x"}}}, "m").ok());
  EXPECT_FALSE(ValidateContestInput(mayor, {0, 0, 1}, {{}, {WriteIn{3, " x"}}}, "m").ok());
  EXPECT_FALSE(ValidateContestInput(mayor, {0, 0, 1}, {{}, {WriteIn{3, "a\nb"}}}, "m").ok());
  // A text that does not fit b_Λ = 1 block.
  Manifest small = TestManifest(R"("contest_data_blocks":1,)");
  auto st = ValidateContestInput(small.contest(1), {0, 0, 1},
                                 {{}, {WriteIn{3, std::string(40, 'w')}}}, "m");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("contest_data_blocks 1"), std::string::npos) << st.ToString();
}

TEST(ContestDataTest, BallotCarriesProvenContestDataBoundIntoContestHash) {
  Manifest m = TestManifest();
  auto params = ElectionParameters::Create(m);
  ASSERT_TRUE(params.ok());
  DeterministicRng rng(7);
  ElectionKeys keys;
  keys.vote_key = params->g.Pow(params->group->RandomSecretScalar(rng));
  math::SecretScalar data_secret = params->group->RandomSecretScalar(rng);
  keys.data_key = params->g.Pow(data_secret);
  rng.Fill(keys.h_e);
  auto enc = BallotEncrypter::Create(*params, keys);
  ASSERT_TRUE(enc.ok());
  PlaintextBallot p{"s", {{0, 0, 1}, {0, 0, 0}}, {{{}, {WriteIn{3, "Jane Q. Public"}}}, {}}};
  auto b = enc->Encrypt(p, rng);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  for (const EncryptedContest& c : b->contests) {
    EXPECT_EQ(c.data.c1.size(), 32u * m.contest(c.index).contest_data_blocks);
    EXPECT_TRUE(crypto::VerifyContestDataProof(params->g, b->h_i, c.index, c.data).ok());
    std::vector<crypto::Ciphertext> cts;
    for (const auto& s : c.selections) cts.push_back(s.ct);
    EXPECT_EQ(ContestHash(b->h_i, c.index, cts, c.data), c.contest_hash);
    // Decryption with β = C0^ŝ (one guardian holding all of K̂'s secret).
    auto d = crypto::DecryptContestData(params->g, b->h_i, c.index, c.data,
                                        c.data.c0.Pow(data_secret));
    ASSERT_TRUE(d.ok());
    auto decoded = DecodeContestData(m.contest(c.index), *d);
    ASSERT_TRUE(decoded.ok());
    size_t at = c.index - 1;
    EXPECT_EQ(*decoded, MakeContestData(m.contest(c.index), p.selections[at], p.inputs[at]));
    crypto::EncryptedContestData other = c.data;
    other.c1[0] ^= 1;
    EXPECT_NE(ContestHash(b->h_i, c.index, cts, other), c.contest_hash);
  }
  // The record form round-trips, contest data included.
  b->number = 1;
  auto back = ParseBallot(*params, BallotJson(*b), rng);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->contests[0].data.c1, b->contests[0].data.c1);
  EXPECT_TRUE(back->contests[1].data.c0 == b->contests[1].data.c0);
  // A write-in that is not allowed is refused before encryption.
  p.inputs[0].write_ins[0].option = 1;
  EXPECT_FALSE(enc->Encrypt(p, rng).ok());
}

}  // namespace
}  // namespace henhouse::election
