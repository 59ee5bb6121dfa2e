#include "henhouse/crypto/elgamal.h"

#include <gtest/gtest.h>

#include "crypto/test_util.h"

namespace henhouse::crypto {
namespace {

using testing::GroupOrDie;
using testing::MakeKey;

TEST(ElGamalTest, EncryptIsGXiAndKSigmaPlusXi) {
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(1);
  auto tk = MakeKey(group, rng);
  math::SecretScalar xi = group->RandomSecretScalar(rng);
  math::Scalar xi_pub = xi.Reveal(SecretAccess::Get());
  Ciphertext ct = tk.key.Encrypt(3, xi);
  EXPECT_TRUE(ct.alpha == group->Generator().Pow(xi_pub));
  EXPECT_TRUE(ct.beta == tk.key.public_key().Pow(xi_pub + group->ScalarFromU64(3)));
  // Decryption with the nonce gives K^σ [eq. 109].
  EXPECT_TRUE(tk.key.DecryptWithNonce(ct, xi_pub) == tk.key.public_key().PowSmall(3));
  EXPECT_TRUE(tk.key.EncryptWithPublicNonce(3, xi_pub) == ct);
  EXPECT_FALSE(tk.key.EncryptWithPublicNonce(2, xi_pub) == ct);
  // Decryption with the secret key: β / α^s = K^σ.
  EXPECT_TRUE(ct.beta / ct.alpha.Pow(tk.secret) == tk.key.public_key().PowSmall(3));
}

TEST(ElGamalTest, CreateRejectsIdentity) {
  auto group = GroupOrDie("toy32");
  EXPECT_EQ(ElGamalKey::Create(group, group->Identity()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ElGamalTest, HomomorphicTallyOfManyVotes) {
  auto group = GroupOrDie("toy48");
  DeterministicRng rng(2);
  auto tk = MakeKey(group, rng);
  std::vector<Ciphertext> cts;
  uint64_t sum = 0;
  for (int i = 0; i < 300; ++i) {
    uint64_t vote = rng.Uniform(2);
    sum += vote;
    cts.push_back(tk.key.Encrypt(vote, group->RandomSecretScalar(rng)));
  }
  Ciphertext total = Product(*group, cts);
  math::Element t = total.beta / total.alpha.Pow(tk.secret);  // K^t
  auto log = DiscreteLog::Create(tk.key.public_key(), 1000);
  ASSERT_TRUE(log.ok());
  auto found = log->Find(t);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(*found, sum);
}

TEST(ElGamalTest, ProductOfNothingIsEncryptionOfZero) {
  auto group = GroupOrDie("toy32");
  Ciphertext p = Product(*group, {});
  EXPECT_TRUE(p.alpha.IsIdentity());
  EXPECT_TRUE(p.beta.IsIdentity());
}

TEST(DiscreteLogTest, FindsEveryValueUpToBoundAndNothingBeyond) {
  for (const char* name : {"toy32", "p256"}) {
    auto group = GroupOrDie(name);
    math::Element base = group->Generator().PowSmall(7);
    auto log = DiscreteLog::Create(base, 150);
    ASSERT_TRUE(log.ok());
    for (uint64_t t = 0; t <= 150; ++t) {
      auto f = log->Find(base.PowSmall(t));
      ASSERT_TRUE(f.ok()) << name << " t=" << t;
      EXPECT_EQ(*f, t);
    }
    EXPECT_EQ(log->Find(base.PowSmall(151)).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(log->Find(base.PowSmall(100000)).status().code(), StatusCode::kNotFound);
  }
}

TEST(DiscreteLogTest, RejectsBadArguments) {
  auto group = GroupOrDie("toy32");
  EXPECT_FALSE(DiscreteLog::Create(group->Identity(), 10).ok());
  EXPECT_FALSE(DiscreteLog::Create(group->Generator(), uint64_t{1} << 40).ok());
}

TEST(CiphertextTest, EncodeParseRoundTripAndRejectsNonMembers) {
  auto group = GroupOrDie("integer4096");
  DeterministicRng rng(3);
  auto tk = MakeKey(group, rng);
  Ciphertext ct = tk.key.Encrypt(1, group->RandomSecretScalar(rng));
  Bytes enc = ct.Encode();
  ASSERT_EQ(enc.size(), 1024u);
  auto back = ParseCiphertext(*group, enc);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == ct);
  // p − 1 (= −1 mod p) is not in the order-q subgroup.
  Bytes bad = enc;
  Bytes p = group->EncodeParameters();
  std::copy(p.begin(), p.begin() + 512, bad.begin() + 512);
  bad[1023] -= 1;
  auto r = ParseCiphertext(*group, bad);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("beta"), std::string::npos) << r.status().ToString();
  EXPECT_FALSE(ParseCiphertext(*group, ByteSpan(enc).subspan(1)).ok());
}

}  // namespace
}  // namespace henhouse::crypto
