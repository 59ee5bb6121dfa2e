#include "henhouse/election/record.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "henhouse/base/file.h"

namespace henhouse::election {
namespace {

std::string TempDir(const std::string& name) {
  std::string dir = testing::TempDir() + "/henhouse_record_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(RecordTest, WritesAndReadsBackInOrder) {
  std::string dir = TempDir("roundtrip");
  auto sink = DirectorySink::Create(dir);
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  ASSERT_TRUE((*sink)->Append("parameters", "", R"({"a":1})").ok());
  ASSERT_TRUE((*sink)->Append("guardian", "1.2", R"({"b":"x"})").ok());
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_TRUE(FileExists(dir + "/000002.guardian.1.2.json"));
  auto reader = RecordReader::Open(dir);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> types;
  while (true) {
    auto e = (*reader)->Next();
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    if (!e->has_value()) break;
    types.push_back((*e)->type);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"parameters", "guardian", "record_end"}));
}

TEST(RecordTest, RejectsNonCanonicalBody) {
  auto sink = DirectorySink::Create(TempDir("noncanon"));
  ASSERT_TRUE(sink.ok());
  EXPECT_FALSE((*sink)->Append("x", "", R"({"b":1, "a":2})").ok());
  EXPECT_FALSE((*sink)->Append("x", "", R"({"b":1,"a":2})").ok());
  EXPECT_TRUE((*sink)->Append("x", "", R"({"a":2,"b":1})").ok());
  EXPECT_FALSE((*sink)->Append("X", "", R"({})").ok());
  EXPECT_FALSE((*sink)->Append("x", "a..b", R"({})").ok());
}

Status ReadAll(const std::string& dir) {
  HENHOUSE_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(dir));
  while (true) {
    HENHOUSE_ASSIGN_OR_RETURN(auto e, reader->Next());
    if (!e.has_value()) return OkStatus();
  }
}

std::string WriteSample(const std::string& name) {
  std::string dir = TempDir(name);
  auto sink = DirectorySink::Create(dir);
  EXPECT_TRUE(sink.ok());
  EXPECT_TRUE((*sink)->Append("a", "", R"({"v":1})").ok());
  EXPECT_TRUE((*sink)->Append("b", "", R"({"v":2})").ok());
  EXPECT_TRUE((*sink)->Close().ok());
  EXPECT_TRUE(ReadAll(dir).ok());
  return dir;
}

TEST(RecordTest, DetectsChangedEntry) {
  std::string dir = WriteSample("changed");
  ASSERT_TRUE(WriteFileAtomic(dir + "/000001.a.json", std::string(R"({"v":3})")).ok());
  Status st = ReadAll(dir);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss) << st.ToString();
}

TEST(RecordTest, DetectsSwappedEntries) {
  std::string dir = WriteSample("swapped");
  std::filesystem::rename(dir + "/000001.a.json", dir + "/tmp");
  std::filesystem::rename(dir + "/000002.b.json", dir + "/000001.b.json");
  std::filesystem::rename(dir + "/tmp", dir + "/000002.a.json");
  EXPECT_EQ(ReadAll(dir).code(), StatusCode::kDataLoss);
}

TEST(RecordTest, DetectsTruncationAndMissingEnd) {
  std::string dir = WriteSample("truncated");
  ASSERT_TRUE(WriteFileAtomic(dir + "/000002.b.json", std::string(R"({"v":)")).ok());
  EXPECT_EQ(ReadAll(dir).code(), StatusCode::kDataLoss);
  std::string dir2 = WriteSample("noend");
  std::filesystem::remove(dir2 + "/000003.record_end.json");
  EXPECT_EQ(ReadAll(dir2).code(), StatusCode::kDataLoss);
  std::string dir3 = WriteSample("gap");
  std::filesystem::remove(dir3 + "/000001.a.json");
  EXPECT_EQ(ReadAll(dir3).code(), StatusCode::kDataLoss);
}

TEST(RecordTest, RefusesNonEmptyDirectory) {
  std::string dir = WriteSample("twice");
  EXPECT_EQ(DirectorySink::Create(dir).status().code(), StatusCode::kFailedPrecondition);
}

TEST(RecordTest, FileNames) {
  EXPECT_TRUE(ParseEntryFileName("000001.parameters.json").ok());
  EXPECT_TRUE(ParseEntryFileName("1234567.ballot.7.json").ok());
  EXPECT_FALSE(ParseEntryFileName("01234567.ballot.7.json").ok());
  EXPECT_FALSE(ParseEntryFileName("1.parameters.json").ok());
  EXPECT_FALSE(ParseEntryFileName("000001.parameters.txt").ok());
  EXPECT_FALSE(ParseEntryFileName("000001.Parameters.json").ok());
}

}  // namespace
}  // namespace henhouse::election
