// Helpers of the verifier tests: records made by the demo on a toy group,
// copies, one-value edits with a consistent record chain, and expectations
// on which checks fail.
#ifndef HENHOUSE_SRC_VERIFY_VERIFY_TEST_UTIL_H_
#define HENHOUSE_SRC_VERIFY_VERIFY_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "henhouse/base/file.h"
#include "henhouse/crypto/sha256.h"
#include "henhouse/election/demo.h"
#include "henhouse/verify/verify.h"

namespace henhouse::verify {

namespace fs = std::filesystem;
using Json = nlohmann::json;

inline std::string MakeRecord(const std::string& name, uint32_t fox,
                              const std::string& group = "toy48", uint64_t ballots = 24) {
  std::string dir = testing::TempDir() + "/henhouse_verify_src_" + name;
  fs::remove_all(dir);
  election::DemoOptions o;
  o.dir = dir;
  o.manifest_path = "examples/small.json";
  o.group = group;
  o.guardians = 4;
  o.quorum = 2;
  o.ballots = ballots;
  o.challenge_percent = 25;
  o.seed = fox ? 11 : 5;
  o.fox = fox;
  o.progress = false;
  std::ostringstream out;
  auto s = election::RunDemo(o, out);
  EXPECT_TRUE(s.ok()) << s.status().ToString() << "\n" << out.str();
  return dir + "/record";
}

inline const std::string& ValidRecord() {
  static const std::string* dir = new std::string(MakeRecord("valid", 0));
  return *dir;
}

inline VerifyOptions ToyOptions() {
  VerifyOptions o;
  o.allow_toy_groups = true;
  o.threads = 2;
  o.batch = 5;  // several batches even in a small record
  return o;
}

// Copy copies the valid record into a fresh directory.
inline std::string Copy(const std::string& name) {
  std::string dir = testing::TempDir() + "/henhouse_verify_" + name;
  fs::remove_all(dir);
  fs::copy(ValidRecord(), dir);
  return dir;
}

// FindFile returns the name of the first file whose name contains `part`.
inline std::string FindFile(const std::string& dir, const std::string& part) {
  auto names = ListDir(dir);
  EXPECT_TRUE(names.ok());
  for (const std::string& n : *names) {
    if (n.find(part) != std::string::npos) return n;
  }
  ADD_FAILURE() << "no file containing " << part;
  return "";
}

// Rechain rewrites record_end so that the record chain matches the files,
// as a producer that is consistent but wrong would.
inline void Rechain(const std::string& dir) {
  auto names = *ListDir(dir);
  std::sort(names.begin(), names.end());
  std::array<uint8_t, 32> chain = crypto::Sha256(AsBytes("henhouse/record-chain/v1"));
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    auto bytes = *ReadFile(dir + "/" + names[i]);
    crypto::Sha256Hasher h;
    h.Update(chain);
    Bytes len;
    AppendU32(len, static_cast<uint32_t>(names[i].size()));
    h.Update(len);
    h.Update(AsBytes(names[i]));
    h.Update(crypto::Sha256(bytes));
    chain = h.Finish();
  }
  Json end = {{"chain", HexEncodeUpper(chain)}, {"entries", names.size() - 1}};
  ASSERT_TRUE(WriteFileAtomic(dir + "/" + names.back(), end.dump()).ok());
}

// Edit changes one file's JSON and rechains the record.
inline void Edit(const std::string& dir, const std::string& file,
                 const std::function<void(Json&)>& f, bool rechain = true) {
  Json j = Json::parse(*ReadTextFile(dir + "/" + file));
  f(j);
  ASSERT_TRUE(WriteFileAtomic(dir + "/" + file, j.dump()).ok());
  if (rechain) Rechain(dir);
}

// FlipHex changes the last hex digit of a string value (keeps it < q for a
// scalar unless it was at the very top of the range).
inline void FlipHex(Json& v) {
  std::string s = v.get<std::string>();
  char& c = s.back();
  c = c == '0' ? '1' : '0';
  v = s;
}

inline std::string Failed(const VerificationReport& r) {
  std::string out;
  for (const CheckResult& c : r.checks) {
    if (c.outcome == CheckOutcome::kFail) out += c.id + " ";
  }
  return out;
}

// ExpectOnly verifies `dir` and expects exactly check `id` to fail, with a
// message containing `needle`.
inline void ExpectOnly(const std::string& dir, const std::string& id, const std::string& needle) {
  auto r = VerifyRecord(dir, ToyOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Failed(*r), id + " ") << r->ToText(false);
  const CheckResult* c = r->Find(id);
  ASSERT_NE(c, nullptr);
  ASSERT_FALSE(c->messages.empty());
  bool found = false;
  for (const std::string& m : c->messages) found = found || m.find(needle) != std::string::npos;
  EXPECT_TRUE(found) << "no " << id << " message contains \"" << needle << "\"\n"
                     << r->ToText(false);
}

}  // namespace henhouse::verify

#endif  // HENHOUSE_SRC_VERIFY_VERIFY_TEST_UTIL_H_
