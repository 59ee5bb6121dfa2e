#include "henhouse/crypto/sha256.h"

#include <gtest/gtest.h>

namespace henhouse::crypto {
namespace {

// FIPS 180-2 Appendix B known answers.
TEST(Sha256Test, KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, IncrementalMatchesOneShotAndResets) {
  Sha256Hasher h;
  h.Update(AsBytes("ab"));
  h.Update(uint8_t{'c'});
  EXPECT_EQ(h.Finish(), Sha256(AsBytes("abc")));
  h.Update(AsBytes("abc"));
  EXPECT_EQ(h.Finish(), Sha256(AsBytes("abc")));
}

}  // namespace
}  // namespace henhouse::crypto
