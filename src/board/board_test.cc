#include <gtest/gtest.h>

#include <filesystem>

#include "henhouse/base/file.h"
#include "henhouse/board/log.h"
#include "henhouse/board/verify.h"
#include "henhouse/board/witness.h"
#include "henhouse/crypto/sha256.h"

namespace henhouse::board {
namespace {

std::string TempDir(const std::string& name) {
  std::string d = std::filesystem::temp_directory_path() / ("henhouse_board_test_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(d);
  return d;
}

// InProcessWitness lets the log talk to a Witness without a socket.
class InProcessWitness : public WitnessClient {
 public:
  explicit InProcessWitness(Witness* w) : w_(w) {}
  StatusOr<HttpResult> AddCheckpoint(const std::string& body) override {
    return w_->ProcessAddCheckpoint(body);
  }

 private:
  Witness* w_;
};

struct Fixture {
  std::string root;
  FakeClock clock{1700000000};
  DeterministicRng rng{42};
  tlog::VerifierKey log_key;
  std::vector<std::unique_ptr<Witness>> witnesses;

  explicit Fixture(const std::string& name) : root(TempDir(name)), log_key(*Log::Init(root + "/log", "example.org/log", rng)) {
    for (int i = 0; i < 2; ++i) {
      std::string n = std::to_string(i);
      std::string d = root + "/w";
      d += n;
      std::string name = "w";
      name += n;
      name += ".example";
      EXPECT_TRUE(CreateKey(d, "witness", name, tlog::kSigTypeCosignature, rng).ok());
      witnesses.push_back(*Witness::Open(d, {log_key}, clock));
    }
  }
  ~Fixture() { std::filesystem::remove_all(root); }

  LogOptions Options(const std::string& dir) {
    LogOptions o;
    o.dir = dir;
    o.integrate_interval_ms = 1000000;  // tests call IntegrateOnce themselves
    for (auto& w : witnesses) o.witnesses.push_back({w->verifier(), std::make_unique<InProcessWitness>(w.get())});
    return o;
  }
  tlog::Policy DefaultPolicy() {
    return *tlog::Policy::AllOf({log_key}, {witnesses[0]->verifier(), witnesses[1]->verifier()});
  }
};

// A signed checkpoint of the given leaves, by the log's own key.
std::string SignCheckpoint(const std::string& log_dir, const std::vector<tlog::Hash>& leaves) {
  auto signer = LoadKey(log_dir, "log");
  tlog::Checkpoint cp{signer->verifier().name(), leaves.size(), *tlog::RootHash(leaves.size(), tlog::MemoryReader(leaves)), {}};
  return tlog::FormatNote(tlog::Note{cp.Text(), {signer->Sign(cp.Text(), 0)}});
}

std::vector<tlog::Hash> Leaves(int n, const std::string& tag) {
  std::vector<tlog::Hash> out;
  for (int i = 0; i < n; ++i) out.push_back(tlog::LeafHash(AsBytes(tag + std::to_string(i))));
  return out;
}

std::string Request(uint64_t old, const std::vector<tlog::Hash>& leaves, const std::string& note) {
  auto proof = tlog::ConsistencyProof(old, leaves.size(), tlog::MemoryReader(leaves));
  return tlog::AddCheckpointRequest{old, *proof, note}.Format();
}

TEST(WitnessTest, StatusCodesAndNothingStoredOnError) {
  Fixture f("witness");
  Witness& w = *f.witnesses[0];
  auto a = Leaves(10, "a"), a20 = Leaves(20, "a");
  std::string cp10 = SignCheckpoint(f.root + "/log", a), cp20 = SignCheckpoint(f.root + "/log", a20);
  EXPECT_EQ(w.ProcessAddCheckpoint("garbage").status, 400);
  EXPECT_EQ(w.ProcessAddCheckpoint("old 0\n\nnot a note\n").status, 400);
  EXPECT_EQ(w.ProcessAddCheckpoint(std::string("old 11\n\n") + cp10).status, 400);
  // Unknown origin: a log key the witness does not trust.
  DeterministicRng rng(5);
  auto other = *tlog::NoteSigner::Create("other.example/log", tlog::kSigTypeEd25519, crypto::Ed25519PrivateKey::Generate(rng));
  std::string text = tlog::Checkpoint{"other.example/log", 0, tlog::EmptyRootHash(), {}}.Text();
  EXPECT_EQ(w.ProcessAddCheckpoint("old 0\n\n" + tlog::FormatNote({text, {other.Sign(text, 0)}})).status, 404);
  // Wrong signature: right origin, signed by another key under the log's name.
  auto impostor = *tlog::NoteSigner::Create("example.org/log", tlog::kSigTypeEd25519, crypto::Ed25519PrivateKey::Generate(rng));
  std::string t10 = tlog::ParseNote(cp10)->text;
  EXPECT_EQ(w.ProcessAddCheckpoint("old 0\n\n" + tlog::FormatNote({t10, {impostor.Sign(t10, 0)}})).status, 403);
  // Old size 0 must come with an empty proof.
  EXPECT_EQ(w.ProcessAddCheckpoint(Request(0, a, cp10)).status, 200);
  // Stale old size and a replay get 409 with the stored size.
  HttpResult stale = w.ProcessAddCheckpoint(Request(0, a, cp10));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.content_type, "text/x.tlog.size");
  EXPECT_EQ(stale.body, "10\n");
  // A bad consistency proof gets 422 and changes nothing.
  std::string req = Request(10, a20, cp20);
  std::string bad = req;
  bad[10] = bad[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(w.ProcessAddCheckpoint(bad).status, 422);
  HttpResult ok = w.ProcessAddCheckpoint(req);
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto sigs = tlog::ParseSignatureLines(ok.body);
  ASSERT_TRUE(sigs.ok());
  uint64_t t = 0;
  EXPECT_TRUE(w.verifier().Verify(tlog::ParseNote(cp20)->text, (*sigs)[0], &t).ok());
  EXPECT_EQ(t, 1700000000u);
}

TEST(WitnessTest, SplitViewGetsNoCosignatureAndClientRejectsIt) {
  Fixture f("split");
  auto honest = Leaves(8, "honest"), fork = Leaves(8, "fork");
  std::string cp_honest = SignCheckpoint(f.root + "/log", honest);
  std::string cp_fork = SignCheckpoint(f.root + "/log", fork);
  tlog::Note cosigned = *tlog::ParseNote(cp_honest);
  for (auto& w : f.witnesses) {
    HttpResult r = w->ProcessAddCheckpoint(Request(0, honest, cp_honest));
    ASSERT_EQ(r.status, 200);
    auto s = tlog::ParseSignatureLines(r.body);
    cosigned.signatures.push_back((*s)[0]);
  }
  EXPECT_TRUE(tlog::VerifyCosignedCheckpoint(tlog::FormatNote(cosigned), f.DefaultPolicy()).ok());
  // Same size, different tree: every honest witness refuses, whatever old size is claimed.
  for (auto& w : f.witnesses) {
    EXPECT_EQ(w->ProcessAddCheckpoint(Request(8, fork, cp_fork)).status, 409);
    EXPECT_EQ(w->ProcessAddCheckpoint(Request(0, fork, cp_fork)).status, 409);
    auto fork9 = Leaves(9, "fork");
    EXPECT_EQ(w->ProcessAddCheckpoint(Request(8, fork9, SignCheckpoint(f.root + "/log", fork9))).status, 422);
  }
  // The fork carries only the log's signature: the default policy rejects it,
  // and so it does with one stolen cosignature from the honest checkpoint.
  EXPECT_EQ(tlog::VerifyCosignedCheckpoint(cp_fork, f.DefaultPolicy()).status().code(), StatusCode::kVerificationFailed);
  tlog::Note forged = *tlog::ParseNote(cp_fork);
  forged.signatures.push_back(cosigned.signatures[1]);
  EXPECT_FALSE(tlog::VerifyCosignedCheckpoint(tlog::FormatNote(forged), f.DefaultPolicy()).ok());
}

TEST(LogTest, AppendIntegrateCosignRestart) {
  Fixture f("log");
  std::string dir = f.root + "/log";
  std::vector<std::string> entries;
  {
    auto log = Log::Open(f.Options(dir), f.clock);
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    EXPECT_EQ((*log)->ProcessAdd("").status, 400);
    EXPECT_EQ((*log)->ProcessGet("checkpoint").status, 404);
    for (int i = 0; i < 600; ++i) {
      entries.push_back("entry " + std::to_string(i));
      HttpResult r = (*log)->ProcessAdd(entries.back());
      ASSERT_EQ(r.status, 200);
      EXPECT_EQ(r.body, std::to_string(i) + "\n");
    }
    std::string big(70000, 'b');
    ASSERT_EQ((*log)->ProcessAdd(big).status, 200);
    entries.push_back(BlobEntry(AsBytes(big)));
    EXPECT_TRUE(FileExists(dir + "/blobs/" + HexEncode(crypto::Sha256(AsBytes(big)))));
    ASSERT_TRUE((*log)->IntegrateOnce().ok());
    EXPECT_EQ((*log)->published_size(), 601u);
    EXPECT_EQ((*log)->ProcessGet("tile/0/x000/002").status, 400);
    EXPECT_EQ((*log)->ProcessGet("tile/0/002").status, 404);
    EXPECT_EQ((*log)->ProcessGet("tile/0/001").status, 200);
    EXPECT_EQ((*log)->ProcessReceipt("601").status, 404);
    EXPECT_EQ((*log)->ProcessReceipt("x").status, 400);
    HttpResult receipt = (*log)->ProcessReceipt("300");
    ASSERT_EQ(receipt.status, 200);
    EXPECT_TRUE(CheckReceipt(receipt.body, AsBytes(entries[300]), f.DefaultPolicy()).ok());
    EXPECT_FALSE(CheckReceipt(receipt.body, AsBytes(entries[301]), f.DefaultPolicy()).ok());
    // Entries acknowledged but not yet integrated when the log stops.
    for (int i = 0; i < 50; ++i) ASSERT_EQ((*log)->ProcessAdd("late " + std::to_string(i)).status, 200);
  }
  std::string since = ToString(*ReadFile(dir + "/public/checkpoint"));
  auto log = Log::Open(f.Options(dir), f.clock);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ((*log)->published_size(), 601u);
  ASSERT_TRUE((*log)->IntegrateOnce().ok());
  EXPECT_EQ((*log)->published_size(), 651u);
  auto cp = VerifyLog(NewDirFetcher(dir), f.DefaultPolicy(), since);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  EXPECT_EQ(cp->size, 651u);
}

TEST(LogTest, FailsClosedWithoutQuorum) {
  Fixture f("closed");
  std::string dir = f.root + "/log";
  LogOptions o = f.Options(dir);
  // A witness that is down: the policy (all witnesses) cannot be met.
  class Down : public WitnessClient {
    StatusOr<HttpResult> AddCheckpoint(const std::string&) override { return UnavailableError("down"); }
  };
  o.witnesses[1].client = std::make_unique<Down>();
  auto log = Log::Open(std::move(o), f.clock);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ((*log)->ProcessAdd("x").status, 200);
  EXPECT_FALSE((*log)->IntegrateOnce().ok());
  EXPECT_EQ((*log)->published_size(), 0u);
  EXPECT_EQ((*log)->ProcessGet("checkpoint").status, 404);
  EXPECT_FALSE(FileExists(dir + "/public/checkpoint"));
}

}  // namespace
}  // namespace henhouse::board
