#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include "henhouse/base/bytes.h"
#include "henhouse/base/file.h"
#include "henhouse/base/parallel.h"
#include "henhouse/base/rng.h"
#include "henhouse/base/secret.h"
#include "henhouse/base/status.h"

namespace henhouse {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgumentError("odd: " + std::to_string(x));
  return x / 2;
}

Status Quarter(int x, int* out) {
  HENHOUSE_ASSIGN_OR_RETURN(int h, Half(x));
  HENHOUSE_ASSIGN_OR_RETURN(*out, Half(h));
  return OkStatus();
}

TEST(StatusTest, PropagatesErrors) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = Quarter(6, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT: odd: 3");
  EXPECT_EQ(s.WithContext("ballot b-1").message(), "ballot b-1: odd: 3");
}

TEST(BytesTest, FixedWidthEncodingsFromSpec) {
  // [2.1 §5.1.3]: b(5, 4) = 0x00000005; [§5.1.4] "ElectionGuard".
  Bytes b;
  AppendU32(b, 5);
  EXPECT_EQ(HexEncodeUpper(b), "00000005");
  EXPECT_EQ(HexEncodeUpper(AsBytes("ElectionGuard")), "456C656374696F6E4775617264");
  Bytes c;
  AppendLengthPrefixed(c, AsBytes("ab"));
  EXPECT_EQ(HexEncode(c), "000000026162");
}

TEST(BytesTest, HexRoundTripAndErrors) {
  auto d = HexDecode("00fFa1");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(HexEncode(*d), "00ffa1");
  EXPECT_FALSE(HexDecode("abc").ok());
  auto bad = HexDecode("0g");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("position 1"), std::string::npos);
}

TEST(BytesTest, Base64Rfc4648Vectors) {
  const char* vec[][2] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                          {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                          {"foobar", "Zm9vYmFy"}};
  for (auto& v : vec) {
    EXPECT_EQ(Base64Encode(AsBytes(v[0])), v[1]);
    auto d = Base64Decode(v[1]);
    ASSERT_TRUE(d.ok()) << v[1];
    EXPECT_EQ(ToString(*d), v[0]);
  }
  EXPECT_FALSE(Base64Decode("Zg=").ok());
  EXPECT_FALSE(Base64Decode("Zh==").ok());  // non-zero padding bits
  EXPECT_FALSE(Base64Decode("Z!==").ok());
}

TEST(BytesTest, ByteReaderChecksBounds) {
  Bytes data = {0, 0, 0, 7, 1, 2};
  ByteReader r(data);
  auto n = r.ReadU32("length");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 7u);
  auto body = r.Read(7, "body");
  ASSERT_FALSE(body.ok());
  EXPECT_NE(body.status().message().find("body: need 7 bytes"), std::string::npos);
  EXPECT_FALSE(r.ExpectEnd("record").ok());
  ASSERT_TRUE(r.Read(2, "rest").ok());
  EXPECT_TRUE(r.ExpectEnd("record").ok());
}

TEST(SecretTest, MoveLeavesSourceEmpty) {
  Bytes raw = {1, 2, 3};
  SecretBytes s = SecretBytes::Adopt(raw);
  EXPECT_TRUE(raw.empty());
  SecretBytes t = std::move(s);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(s.size(), 0u);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(t.Reveal(SecretAccess::Get())[2], 3);
}

TEST(RngTest, DeterministicIsReproducible) {
  DeterministicRng a(7), b(7), c(8);
  EXPECT_EQ(a.Generate(100), b.Generate(100));
  EXPECT_NE(a.Generate(32), c.Generate(32));
  for (int i = 0; i < 1000; ++i) EXPECT_LT(a.Uniform(10), 10u);
}

TEST(FileTest, AtomicWriteAndSecretPermissions) {
  std::string dir = ::testing::TempDir() + "/henhouse_base_test";
  ASSERT_TRUE(MakeDirs(dir).ok());
  std::string path = dir + "/f";
  ASSERT_TRUE(WriteFileAtomic(path, std::string_view("hello")).ok());
  auto got = ReadTextFile(path);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "hello");
  EXPECT_EQ(ReadFile(dir + "/missing").status().code(), StatusCode::kNotFound);
  Bytes k = {9, 9};
  ASSERT_TRUE(WriteSecretFile(dir + "/key", SecretBytes::Adopt(k)).ok());
  struct stat st;
  ASSERT_EQ(::stat((dir + "/key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(ReadSecretFile(dir + "/key").ok());
  ::chmod((dir + "/key").c_str(), 0644);
  EXPECT_EQ(ReadSecretFile(dir + "/key").status().code(), StatusCode::kPermissionDenied);
}

TEST(ParallelTest, RunsEveryItemAndReportsLowestFailure) {
  std::atomic<int> sum{0};
  ParallelFor(1000, [&](size_t i) { sum += static_cast<int>(i); }, 4, 7);
  EXPECT_EQ(sum.load(), 999 * 1000 / 2);
  Status s = ParallelForStatus(
      100,
      [](size_t i) {
        return i == 42 ? InvalidArgumentError("item 42") : OkStatus();
      },
      1);
  EXPECT_EQ(s.message(), "item 42");
}

}  // namespace
}  // namespace henhouse
