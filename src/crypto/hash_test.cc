#include "henhouse/crypto/hash.h"

#include <gtest/gtest.h>

#include "crypto/test_util.h"
#include "henhouse/crypto/parameters.h"

namespace henhouse::crypto {
namespace {

using testing::GroupOrDie;

std::string Hex(const Hash32& h) { return HexEncodeUpper(h); }

// Known answer computed outside the project (DESIGN.md): the standard
// parameters with n = 5, k = 3.
TEST(ParameterBaseHashTest, Integer4096KnownAnswer) {
  auto group = GroupOrDie("integer4096");
  auto h_p = ParameterBaseHash(*group, 5, 3);
  ASSERT_TRUE(h_p.ok()) << h_p.status().ToString();
  EXPECT_EQ(Hex(*h_p), "944286970EAFDB6F347F4EB93B30D48FA3EDCC89BFBAEA6F5AE8F29AFB05DDCE");
}

// Known answer computed with Python's hmac from the published P-256 constants
// (SEC 2 / FIPS 186-4) encoded as docs/formats.md says: b(p,32) ∥ b(a,32) ∥
// b(b,32) ∥ b(n,32) ∥ compressed G, then b(5,4) ∥ b(3,4).
TEST(ParameterBaseHashTest, P256KnownAnswer) {
  auto group = GroupOrDie("p256");
  auto h_p = ParameterBaseHash(*group, 5, 3);
  ASSERT_TRUE(h_p.ok()) << h_p.status().ToString();
  EXPECT_EQ(Hex(*h_p), "950E1828785249E5BCF9D427E7DAA0C9BDE348465A51897251C9CD932D6BC88C");
  EXPECT_EQ(group->EncodeParameters().size(), 4u * 32 + 33);
}

TEST(ParameterBaseHashTest, DependsOnNAndK) {
  auto group = GroupOrDie("toy32");
  auto a = ParameterBaseHash(*group, 5, 3);
  auto b = ParameterBaseHash(*group, 5, 2);
  auto c = ParameterBaseHash(*group, 6, 3);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_NE(*a, *b);
  EXPECT_NE(*a, *c);
}

TEST(ParameterBaseHashTest, RejectsBadCounts) {
  auto group = GroupOrDie("toy32");
  EXPECT_EQ(ParameterBaseHash(*group, 0, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParameterBaseHash(*group, 3, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParameterBaseHash(*group, 3, 4).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParameterBaseHash(*group, uint64_t{1} << 31, 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(ParameterBaseHash(*group, 1, 1).ok());
}

TEST(VersionBytesTest, MatchesSpec) {
  // ver = 0x76322E312E30 ∥ b(0, 26)  [§3.1.2]
  EXPECT_EQ(HexEncodeUpper(VersionBytes()),
            "76322E312E30" + std::string(52, '0'));
}

// §5.1 encoding examples.
TEST(HashInputTest, SpecEncodingExamples) {
  auto group = GroupOrDie("integer4096");
  EXPECT_EQ(HexEncodeUpper(HashInput(0x00).U32(5).bytes()), "0000000005");
  EXPECT_EQ(HexEncodeUpper(HashInput(0x00).U32(3).bytes()), "0000000003");
  // b("ElectionGuard", 13) [§5.1.4]
  EXPECT_EQ(HexEncodeUpper(HashInput(0x00).Fixed("ElectionGuard").bytes()),
            "00456C656374696F6E4775617264");
  // b(16, 32) and b(q − 1, 32) [§5.1.2]
  EXPECT_EQ(HexEncodeUpper(HashInput(0x01).Scalar(group->ScalarFromU64(16)).bytes()),
            "01" + std::string(62, '0') + "10");
  math::Scalar q_minus_1 = -group->ScalarFromU64(1);
  EXPECT_EQ(HexEncodeUpper(HashInput(0x01).Scalar(q_minus_1).bytes()),
            "01" + std::string(62, 'F') + "42");
  // b(15, 512) is 511 zero bytes then 0x0F [§5.1.1]
  math::Element g = group->Generator();
  HashInput in(0x02);
  in.Element(g);
  EXPECT_EQ(in.size(), 1u + 512);
  // Files and variable strings: b(len, 4) ∥ bytes [§5.1.4, §5.1.5]
  EXPECT_EQ(HexEncodeUpper(HashInput(0x01).LengthPrefixed(AsBytes("ab")).bytes()),
            "01000000026162");
}

TEST(HashInputTest, ParameterHashInputLength) {
  // len(B1) = 1065 for H_P with the standard parameters [§5.5.1].
  auto group = GroupOrDie("integer4096");
  HashInput in(0x00);
  in.Fixed(group->EncodeParameters()).U32(5).U32(3);
  EXPECT_EQ(in.size(), 1065u);
}

// RFC 4231 test case 2: the HMAC-SHA-256 underneath H.
TEST(HmacTest, Rfc4231Case2) {
  SecretBytes mac = HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"));
  EXPECT_EQ(HexEncode(mac.Reveal(SecretAccess::Get())),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 test case 6: a key longer than the block is hashed first.
TEST(HmacTest, Rfc4231Case6LongKey) {
  Bytes key(131, 0xaa);
  SecretBytes mac =
      HmacSha256(key, AsBytes("Test Using Larger Than Block-Size Key - Hash Key First"));
  EXPECT_EQ(HexEncode(mac.Reveal(SecretAccess::Get())),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// RFC 4231 test case 1: a 20-byte key.
TEST(HmacTest, Rfc4231Case1) {
  Bytes key(20, 0x0b);
  SecretBytes mac = HmacSha256(key, AsBytes("Hi There"));
  EXPECT_EQ(HexEncode(mac.Reveal(SecretAccess::Get())),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HashTest, HIsHmacOfKeyAndInput) {
  Hash32 key = testing::FilledHash(0x0b);
  HashInput in(0x24);
  in.U32(7);
  Hash32 h = H(key, in);
  SecretBytes mac = HmacSha256(key, in.bytes());
  EXPECT_TRUE(std::equal(h.begin(), h.end(), mac.Reveal(SecretAccess::Get()).begin()));
  // H_q reduces mod q: for the toy group, the value is below q.
  auto toy = GroupOrDie("toy32");
  math::Scalar s = Hq(*toy, key, in);
  EXPECT_EQ(s.Encode().size(), toy->ScalarSize());
  EXPECT_TRUE(s == toy->ScalarFromHash(h));
  // A different separation byte gives a different hash.
  HashInput other(0x25);
  other.U32(7);
  EXPECT_NE(H(key, other), h);
}

TEST(ElectionBaseHashTest, LengthPrefixesManifest) {
  Hash32 h_p = testing::FilledHash(1);
  auto h_b = ElectionBaseHash(h_p, AsBytes("{\"m\":1}"));
  ASSERT_TRUE(h_b.ok());
  HashInput in(0x01);
  in.Fixed(Bytes{0, 0, 0, 7}).Fixed("{\"m\":1}");
  EXPECT_EQ(*h_b, H(h_p, in));
}

TEST(ExtendedBaseHashTest, HashesBothKeys) {
  auto group = GroupOrDie("toy32");
  Hash32 h_b = testing::FilledHash(2);
  math::Element k = group->Generator();
  math::Element k_hat = k * k;
  Hash32 h_e = ExtendedBaseHash(h_b, k, k_hat);
  HashInput in(0x14);
  in.Element(k).Element(k_hat);
  EXPECT_EQ(h_e, H(h_b, in));
  EXPECT_NE(h_e, ExtendedBaseHash(h_b, k_hat, k));
}

}  // namespace
}  // namespace henhouse::crypto
