#include "henhouse/crypto/hashed_elgamal.h"

#include <gtest/gtest.h>

#include "crypto/test_util.h"
#include "henhouse/crypto/schnorr.h"

namespace henhouse::crypto {
namespace {

using testing::Bump;
using testing::GroupOrDie;
using testing::Other;

constexpr StatusCode kFailed = StatusCode::kVerificationFailed;

Bytes Reveal(const SecretBytes& b) {
  ByteSpan s = b.Reveal(SecretAccess::Get());
  return Bytes(s.begin(), s.end());
}

Bytes Reveal(const math::SecretScalar& x) { return x.Reveal(SecretAccess::Get()).Encode(); }

class ShareEncryptionTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ShareEncryptionTest, RoundTripAndTamperDetection) {
  auto group = GroupOrDie(GetParam());
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(40);
  const Hash32 h_p = testing::FilledHash(0x60);
  math::SecretScalar zeta = group->RandomSecretScalar(rng);
  math::Element kappa = g.Pow(zeta);
  SharePair shares{group->RandomSecretScalar(rng), group->RandomSecretScalar(rng)};
  auto ct = EncryptShare(g, h_p, 1, 2, kappa, shares, rng);
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  ASSERT_EQ(ct->c1.size(), kShareCiphertextBytes);
  auto back = DecryptShare(g, h_p, 1, 2, kappa, zeta, *ct);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(Reveal(back->vote), Reveal(shares.vote));
  EXPECT_EQ(Reveal(back->data), Reveal(shares.data));
  // Opening with the revealed β gives the same shares.
  auto opened = DecryptShareWithBeta(*group, h_p, 1, 2, kappa, *ct, ct->c0.Pow(zeta));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(Reveal(opened->vote), Reveal(shares.vote));
  EXPECT_EQ(Reveal(opened->data), Reveal(shares.data));

  auto expect_fail = [&](const EncryptedShare& bad, uint32_t i, uint32_t l, const char* what) {
    auto r = DecryptShare(g, h_p, i, l, kappa, zeta, bad);
    EXPECT_EQ(r.status().code(), kFailed) << what;
  };
  EncryptedShare bad = *ct;
  bad.c0 = Other(bad.c0);
  expect_fail(bad, 1, 2, "C0");
  for (size_t pos : {0, 31, 32, 63}) {
    bad = *ct;
    bad.c1[pos] ^= 1;
    expect_fail(bad, 1, 2, "C1");
  }
  bad = *ct;
  bad.c2.challenge = Bump(bad.c2.challenge);
  expect_fail(bad, 1, 2, "c");
  bad = *ct;
  bad.c2.response = Bump(bad.c2.response);
  expect_fail(bad, 1, 2, "v");
  expect_fail(*ct, 3, 2, "sender index");
  expect_fail(*ct, 1, 3, "receiver index");
  EXPECT_EQ(DecryptShare(g, testing::FilledHash(0x61), 1, 2, kappa, zeta, *ct).status().code(),
            kFailed);
  // Wrong receiver secret: the proof is public and passes, but the shares
  // come out wrong (and then fail the commitment check, eq. 28).
  auto wrong = DecryptShare(g, h_p, 1, 2, kappa, group->RandomSecretScalar(rng), *ct);
  if (wrong.ok()) {
    EXPECT_NE(Reveal(wrong->vote), Reveal(shares.vote));
  }
  EXPECT_EQ(EncryptShare(g, h_p, 2, 2, kappa, shares, rng).status().code(),
            StatusCode::kInvalidArgument);
  bad = *ct;
  bad.c1.pop_back();
  EXPECT_EQ(VerifyShareProof(g, h_p, 1, 2, bad).code(), StatusCode::kInvalidArgument);
}

// Decrypt by hand from the spec's equations (16–18, 23), independently of
// DecryptShare, so a layout error in both directions cannot cancel out.
TEST_P(ShareEncryptionTest, MatchesSpecByteLayout) {
  auto group = GroupOrDie(GetParam());
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(41);
  const Hash32 h_p = testing::FilledHash(0x62);
  math::SecretScalar zeta = group->RandomSecretScalar(rng);
  math::Element kappa = g.Pow(zeta);
  SharePair shares{group->RandomSecretScalar(rng), group->RandomSecretScalar(rng)};
  auto ct = EncryptShare(g, h_p, 3, 5, kappa, shares, rng);
  ASSERT_TRUE(ct.ok());
  math::Element beta = ct->c0.Pow(zeta);
  HashInput in(0x11);
  in.U32(3).U32(5).Element(kappa).Element(ct->c0).Element(beta);
  Hash32 k = H(h_p, in);
  Bytes msg1 = ToBytes(std::string("\x01share_enc_keys", 15) + std::string(1, '\0') +
                       "share_encrypt");
  AppendU32(msg1, 3);
  AppendU32(msg1, 5);
  msg1.push_back(0x02);
  msg1.push_back(0x00);
  Bytes msg2 = msg1;
  msg2[0] = 0x02;
  Bytes k1 = Reveal(HmacSha256(k, msg1)), k2 = Reveal(HmacSha256(k, msg2));
  Bytes plain(64);
  for (size_t i = 0; i < 32; ++i) {
    plain[i] = ct->c1[i] ^ k1[i];
    plain[32 + i] = ct->c1[32 + i] ^ k2[i];
  }
  const size_t lq = group->ScalarSize();
  EXPECT_EQ(Bytes(plain.begin() + (32 - lq), plain.begin() + 32), Reveal(shares.vote));
  EXPECT_EQ(Bytes(plain.end() - lq, plain.end()), Reveal(shares.data));
  // The challenge input has len(B1) = 1 + 8 + 2·lp + 64 (1097 for lp = 512).
  HashInput chal(0x12);
  chal.U32(3).U32(5).Element(ct->c0).Element(ct->c0).Fixed(ct->c1);
  EXPECT_EQ(chal.size(), 1 + 8 + 2 * group->ElementSize() + 64);
}

INSTANTIATE_TEST_SUITE_P(Groups, ShareEncryptionTest,
                         ::testing::Values("toy48", "p256", "integer4096"));

TEST(BallotNonceTest, RoundTripAndTamperDetection) {
  auto group = GroupOrDie("toy48");
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(42);
  math::SecretScalar s_hat = group->RandomSecretScalar(rng);
  math::FixedBase k_hat = group->Precompute(g.Pow(s_hat));
  const Hash32 h_i = testing::FilledHash(0x70);
  Bytes nonce_bytes = rng.Generate(32);
  const Bytes expected = nonce_bytes;
  SecretBytes nonce = SecretBytes::Adopt(nonce_bytes);
  auto ct = EncryptBallotNonce(g, k_hat, h_i, nonce, rng);
  ASSERT_TRUE(ct.ok());
  EXPECT_TRUE(VerifyBallotNonceProof(g, h_i, *ct).ok());
  auto back = DecryptBallotNonce(g, h_i, *ct, ct->c0.Pow(s_hat));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Reveal(*back), expected);
  EncryptedBallotNonce bad = *ct;
  bad.c1[5] ^= 0x80;
  EXPECT_EQ(DecryptBallotNonce(g, h_i, bad, ct->c0.Pow(s_hat)).status().code(), kFailed);
  bad = *ct;
  bad.c0 = Other(bad.c0);
  EXPECT_EQ(VerifyBallotNonceProof(g, h_i, bad).code(), kFailed);
  bad = *ct;
  bad.c2.response = Bump(bad.c2.response);
  EXPECT_EQ(VerifyBallotNonceProof(g, h_i, bad).code(), kFailed);
  EXPECT_EQ(VerifyBallotNonceProof(g, testing::FilledHash(0x71), *ct).code(), kFailed);
  SecretBytes short_nonce(31);
  EXPECT_FALSE(EncryptBallotNonce(g, k_hat, h_i, short_nonce, rng).ok());
}

TEST(ContestDataTest, RoundTripWithKeyAndWithNonce) {
  auto group = GroupOrDie("toy48");
  math::FixedBase g = group->Precompute(group->Generator());
  DeterministicRng rng(43);
  math::SecretScalar s_hat = group->RandomSecretScalar(rng);
  math::FixedBase k_hat = group->Precompute(g.Pow(s_hat));
  const Hash32 h_i = testing::FilledHash(0x72);
  Bytes ballot_nonce_bytes = rng.Generate(32);
  SecretBytes ballot_nonce = SecretBytes::Adopt(ballot_nonce_bytes);
  math::SecretScalar xi = DeriveContestDataNonce(*group, h_i, 4, ballot_nonce);
  Bytes data(96);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  auto ct = EncryptContestData(g, k_hat, h_i, 4, xi, data, rng);
  ASSERT_TRUE(ct.ok()) << ct.status().ToString();
  EXPECT_EQ(ct->blocks(), 3u);
  auto d1 = DecryptContestData(g, h_i, 4, *ct, ct->c0.Pow(s_hat));  // threshold path, eq. 97
  ASSERT_TRUE(d1.ok());
  EXPECT_EQ(*d1, data);
  auto d2 = DecryptContestData(g, h_i, 4, *ct, k_hat.Pow(xi));  // known nonce, eq. 110
  ASSERT_TRUE(d2.ok());
  EXPECT_EQ(*d2, data);
  EXPECT_EQ(DecryptContestData(g, h_i, 5, *ct, k_hat.Pow(xi)).status().code(), kFailed);
  EncryptedContestData bad = *ct;
  bad.c1[64] ^= 1;
  EXPECT_EQ(VerifyContestDataProof(g, h_i, 4, bad).code(), kFailed);
  bad = *ct;
  bad.c2.challenge = Bump(bad.c2.challenge);
  EXPECT_EQ(VerifyContestDataProof(g, h_i, 4, bad).code(), kFailed);
  EXPECT_FALSE(EncryptContestData(g, k_hat, h_i, 4, xi, ByteSpan(data).subspan(1), rng).ok());
  EXPECT_FALSE(EncryptContestData(g, k_hat, h_i, 4, xi, ByteSpan(), rng).ok());
}

TEST(NonceProofTest, EncodeParse) {
  auto group = GroupOrDie("p256");
  DeterministicRng rng(44);
  NonceProof p{group->RandomScalar(rng), group->RandomScalar(rng)};
  Bytes enc = p.Encode();
  ASSERT_EQ(enc.size(), 64u);
  auto back = ParseNonceProof(*group, enc);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->challenge == p.challenge && back->response == p.response);
  EXPECT_FALSE(ParseNonceProof(*group, ByteSpan(enc).subspan(1)).ok());
  Bytes bad = enc;
  std::fill(bad.begin() + 32, bad.end(), 0xFF);  // v ≥ q
  auto r = ParseNonceProof(*group, bad);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("response"), std::string::npos);
}

TEST(NonceDerivationTest, MatchesSpecHashes) {
  auto group = GroupOrDie("p256");
  const Hash32 h_i = testing::FilledHash(0x73);
  Bytes raw(32, 0x42);
  const Bytes raw_copy = raw;
  SecretBytes nonce = SecretBytes::Adopt(raw);
  HashInput in(0x21);
  in.U32(1).U32(2).Fixed(raw_copy);
  EXPECT_EQ(in.size(), 41u);  // len(B1) = 41 [§5.5.3]
  EXPECT_EQ(Reveal(DeriveSelectionNonce(*group, h_i, 1, 2, nonce)),
            Hq(*group, h_i, in).Encode());
  HashInput in2(0x25);
  in2.U32(1).Fixed(raw_copy);
  EXPECT_EQ(in2.size(), 37u);
  EXPECT_EQ(Reveal(DeriveContestDataNonce(*group, h_i, 1, nonce)), Hq(*group, h_i, in2).Encode());
  EXPECT_NE(Reveal(DeriveSelectionNonce(*group, h_i, 2, 1, nonce)),
            Reveal(DeriveSelectionNonce(*group, h_i, 1, 2, nonce)));
}

}  // namespace
}  // namespace henhouse::crypto
