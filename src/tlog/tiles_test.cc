#include "henhouse/tlog/tiles.h"

#include <gtest/gtest.h>

#include "henhouse/base/rng.h"
#include "henhouse/tlog/proof.h"

namespace henhouse::tlog {
namespace {

TEST(TilesTest, PathEncoding) {
  EXPECT_EQ(TilePath({0, 1234067, 256}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath({2, 5, 17}), "tile/2/005.p/17");
  EXPECT_EQ(TilePath({kEntriesLevel, 1000, 256}), "tile/entries/x001/000");
  for (const char* p : {"tile/0/x001/x234/067", "tile/2/005.p/17", "tile/entries/x001/000.p/3"}) {
    auto t = ParseTilePath(p);
    ASSERT_TRUE(t.ok()) << p;
    EXPECT_EQ(TilePath(*t), p);
  }
  for (const char* p : {"tile/0/1234", "tile/0/x000/001", "tile/0/001.p/0", "tile/0/001.p/256",
                        "tile/64/001", "tile/0/../../key", "tile/0/01", "tile/entries/001.p/07"}) {
    EXPECT_FALSE(ParseTilePath(p).ok()) << p;
  }
}

TEST(TilesTest, PartialWidthsOfSpecExample) {
  // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one
  // partial level 0 tile of width 112, one full level 1 tile, one partial
  // level 1 tile of width 17, and one partial level 2 tile of width 1."
  EXPECT_EQ(PartialWidth(0, 70000), 112u);
  EXPECT_EQ(PartialWidth(1, 70000), 17u);
  EXPECT_EQ(PartialWidth(2, 70000), 1u);
  EXPECT_EQ(PartialWidth(0, 256), 0u);
  EXPECT_EQ(PartialWidth(1, 256), 1u);
}

TEST(TilesTest, EntryBundleRoundTrip) {
  std::vector<Bytes> e = {ToBytes(""), ToBytes("a"), Bytes(65535, 7)};
  auto d = DecodeEntryBundle(EncodeEntryBundle(e));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, e);
  Bytes truncated = EncodeEntryBundle(e);
  truncated.pop_back();
  EXPECT_FALSE(DecodeEntryBundle(truncated).ok());
}

// Builds a tree through TreeBuilder (as the log does), keeps every tile it
// would publish, and checks roots and proofs from the tiles against the
// in-memory reference, across tile boundaries and after a restore.
TEST(TilesTest, BuilderTilesMatchReference) {
  DeterministicRng rng(9);
  std::vector<Hash> leaves;
  std::map<TileRef, Bytes> store;
  TreeBuilder b;
  std::vector<uint64_t> sizes = {1, 2, 255, 256, 257, 511, 512, 700, 65535, 65536, 65537, 70000};
  for (uint64_t target : sizes) {
    if (target == 700) {  // restart from published tiles midway
      auto restored = TreeBuilder::Restore(b.size(), [&](const TileRef& t) -> StatusOr<Bytes> {
        auto it = store.find(t);
        if (it == store.end()) return NotFoundError(TilePath(t));
        return it->second;
      });
      ASSERT_TRUE(restored.ok()) << restored.status().ToString();
      b = std::move(*restored);
    }
    while (leaves.size() < target) {
      leaves.push_back(LeafHash(rng.Generate(4)));
      b.Append(leaves.back(), store);
    }
    for (auto& [t, data] : b.PartialTiles()) store[t] = data;
    auto fetch = [&](const TileRef& t) -> StatusOr<Bytes> {
      auto it = store.find(t);
      if (it == store.end()) return NotFoundError(TilePath(t));
      return it->second;
    };
    auto mem = MemoryReader(leaves);
    Hash root = *RootHash(target, mem);
    ASSERT_EQ(b.Root(), root) << target;
    auto tiles = TileReader(target, fetch);
    ASSERT_EQ(*RootHash(target, tiles), root) << target;
    uint64_t i = rng.Uniform(target), m = rng.Uniform(target + 1);
    auto incl = InclusionProof(i, target, tiles);
    ASSERT_TRUE(incl.ok()) << incl.status().ToString();
    EXPECT_TRUE(VerifyInclusion(i, target, leaves[i], *incl, root).ok());
    auto cons = ConsistencyProof(m, target, tiles);
    ASSERT_TRUE(cons.ok()) << cons.status().ToString();
    EXPECT_TRUE(VerifyConsistency(m, target, *RootHash(m, mem), root, *cons).ok());
  }
}

TEST(TilesTest, TileOfWrongLengthIsDataLoss) {
  auto reader = TileReader(10, [](const TileRef&) -> StatusOr<Bytes> { return Bytes(31); });
  EXPECT_EQ(RootHash(10, reader).status().code(), StatusCode::kDataLoss);
}

struct Keys {
  DeterministicRng rng{11};
  NoteSigner log = *NoteSigner::Create("example.com/log", kSigTypeEd25519,
                                       crypto::Ed25519PrivateKey::Generate(rng));
  NoteSigner w1 = *NoteSigner::Create("w1.example", kSigTypeCosignature,
                                      crypto::Ed25519PrivateKey::Generate(rng));
  NoteSigner w2 = *NoteSigner::Create("w2.example", kSigTypeCosignature,
                                      crypto::Ed25519PrivateKey::Generate(rng));
};

TEST(PolicyTest, ParseAndQuorum) {
  Keys k;
  std::string text = "# comment\nlog " + k.log.verifier().ToString() + " https://log\n" +
                     "witness A " + k.w1.verifier().ToString() + "\n\twitness B " +
                     k.w2.verifier().ToString() + "\ngroup G 1 A B\nquorum G\n";
  auto p = Policy::Parse(text);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->Satisfied({true, false}));
  EXPECT_TRUE(p->Satisfied({false, true}));
  EXPECT_FALSE(p->Satisfied({false, false}));
  auto all = Policy::AllOf({k.log.verifier()}, {k.w1.verifier(), k.w2.verifier()});
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->Satisfied({true, false}));
  EXPECT_TRUE(all->Satisfied({true, true}));
  std::string w = "witness A " + k.w1.verifier().ToString() + "\n";
  EXPECT_FALSE(Policy::Parse(w).ok());                             // no quorum
  EXPECT_FALSE(Policy::Parse(w + "quorum B\n").ok());              // undefined
  EXPECT_FALSE(Policy::Parse(w + w + "quorum A\n").ok());          // duplicate
  EXPECT_FALSE(Policy::Parse(w + "group G 2 A\nquorum G\n").ok()); // k > n
  EXPECT_FALSE(Policy::Parse(w + "group G all A A\nquorum G\n").ok());
  EXPECT_FALSE(Policy::Parse(w + "quorum A\nquorum A\n").ok());
  EXPECT_TRUE(Policy::Parse(w + "quorum none\n").ok());
}

TEST(ReceiptTest, RoundTripAndVerify) {
  Keys k;
  std::vector<Hash> leaves;
  for (int i = 0; i < 9; ++i) leaves.push_back(LeafHash(AsBytes(std::to_string(i))));
  Checkpoint c{"example.com/log", 9, *RootHash(9, MemoryReader(leaves)), {}};
  std::string text = c.Text();
  Note n{text, {k.log.Sign(text, 0), k.w1.Sign(text, 100), k.w2.Sign(text, 101)}};
  Receipt r{ToBytes("x"), 5, *InclusionProof(5, 9, MemoryReader(leaves)), FormatNote(n)};
  auto parsed = Receipt::Parse(r.Format());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Format(), r.Format());
  auto policy = *Policy::AllOf({k.log.verifier()}, {k.w1.verifier(), k.w2.verifier()});
  EXPECT_TRUE(VerifyReceipt(*parsed, leaves[5], policy).ok());
  EXPECT_FALSE(VerifyReceipt(*parsed, leaves[4], policy).ok());
  Receipt one_witness = r;
  one_witness.checkpoint = FormatNote(Note{text, {k.log.Sign(text, 0), k.w1.Sign(text, 100)}});
  EXPECT_EQ(VerifyReceipt(one_witness, leaves[5], policy).status().code(),
            StatusCode::kVerificationFailed);
  Receipt no_log = r;
  no_log.checkpoint = FormatNote(Note{text, {k.w1.Sign(text, 100), k.w2.Sign(text, 101)}});
  EXPECT_FALSE(VerifyReceipt(no_log, leaves[5], policy).ok());
}

TEST(AddCheckpointTest, RequestRoundTrip) {
  AddCheckpointRequest r{3, {LeafHash(AsBytes("a")), LeafHash(AsBytes("b"))}, "cp\n\n\xE2\x80\x94 x AAAAAAA=\n"};
  auto p = AddCheckpointRequest::Parse(r.Format());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->old_size, 3u);
  EXPECT_EQ(p->consistency, r.consistency);
  EXPECT_EQ(p->checkpoint, r.checkpoint);
  EXPECT_FALSE(AddCheckpointRequest::Parse("old 03\n\n").ok());
  EXPECT_FALSE(AddCheckpointRequest::Parse("old 3\nnotbase64\n\n").ok());
  EXPECT_FALSE(AddCheckpointRequest::Parse("new 3\n\n").ok());
}

}  // namespace
}  // namespace henhouse::tlog
