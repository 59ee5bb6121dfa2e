#include "henhouse/crypto/ed25519.h"

#include <gtest/gtest.h>

namespace henhouse::crypto {
namespace {

struct Vector {
  const char* name;
  const char* seed;
  const char* pub;
  const char* msg;
  const char* sig;
};

// RFC 8032 §7.1, TEST 1, TEST 2, TEST 3 and TEST SHA(abc).
const Vector kVectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b"
     "46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11"
     "d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc"
     "6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3fee"
     "bbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e"
     "0303dca179c138ac17ad9bef1177331a704"},
};

Bytes Hex(const char* h) {
  auto b = HexDecode(h);
  EXPECT_TRUE(b.ok());
  return b.ok() ? *b : Bytes{};
}

TEST(Ed25519Test, Rfc8032Vectors) {
  for (const Vector& v : kVectors) {
    SCOPED_TRACE(v.name);
    Bytes seed_bytes = Hex(v.seed);
    auto key = Ed25519PrivateKey::FromSeed(SecretBytes::Adopt(seed_bytes));
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(HexEncode(key->public_key().bytes()), v.pub);
    Bytes msg = Hex(v.msg);
    Bytes sig = key->Sign(msg);
    EXPECT_EQ(HexEncode(sig), v.sig);
    auto pub = Ed25519PublicKey::FromBytes(Hex(v.pub));
    ASSERT_TRUE(pub.ok());
    EXPECT_TRUE(pub->Verify(msg, sig).ok());
  }
}

TEST(Ed25519Test, RejectsChangedMessageSignatureOrKey) {
  DeterministicRng rng(7);
  Ed25519PrivateKey key = Ed25519PrivateKey::Generate(rng);
  Bytes msg = ToBytes("henhouse");
  Bytes sig = key.Sign(msg);
  ASSERT_TRUE(key.public_key().Verify(msg, sig).ok());
  Bytes bad_msg = msg;
  bad_msg[0] ^= 1;
  EXPECT_EQ(key.public_key().Verify(bad_msg, sig).code(), StatusCode::kVerificationFailed);
  Bytes bad_sig = sig;
  bad_sig[10] ^= 1;
  EXPECT_EQ(key.public_key().Verify(msg, bad_sig).code(), StatusCode::kVerificationFailed);
  EXPECT_EQ(key.public_key().Verify(msg, ByteSpan(sig).first(63)).code(),
            StatusCode::kVerificationFailed);
  Ed25519PrivateKey other = Ed25519PrivateKey::Generate(rng);
  EXPECT_EQ(other.public_key().Verify(msg, sig).code(), StatusCode::kVerificationFailed);
}

TEST(Ed25519Test, RejectsMalformedKeys) {
  EXPECT_EQ(Ed25519PublicKey::FromBytes(Bytes(31)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Ed25519PrivateKey::FromSeed(SecretBytes(16)).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace henhouse::crypto
