#include "henhouse/tlog/merkle.h"

#include <gtest/gtest.h>

#include <bit>

#include "henhouse/base/rng.h"

namespace henhouse::tlog {
namespace {

// The eight leaves of the RFC 6962 reference test data and the root of each
// prefix of them (as used by Certificate Transparency implementations).
const char* kLeaves[] = {"",         "00",       "10",       "2021", "3031",
                         "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
const char* kRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

std::vector<Hash> Leaves(size_t n, uint64_t seed) {
  DeterministicRng rng(seed);
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(LeafHash(rng.Generate(8)));
  return out;
}

// Naive reference, written straight from the RFC 6962 §2.1 definitions over a
// vector of leaves (no subtree reader, no range decomposition).
Hash RefMth(std::span<const Hash> d) {
  if (d.size() == 1) return d[0];
  size_t k = std::bit_floor(d.size() - 1);
  return NodeHash(RefMth(d.first(k)), RefMth(d.subspan(k)));
}
void RefPath(size_t m, std::span<const Hash> d, std::vector<Hash>& out) {
  if (d.size() <= 1) return;
  size_t k = std::bit_floor(d.size() - 1);
  if (m < k) {
    RefPath(m, d.first(k), out);
    out.push_back(RefMth(d.subspan(k)));
  } else {
    RefPath(m - k, d.subspan(k), out);
    out.push_back(RefMth(d.first(k)));
  }
}
void RefSubproof(size_t m, std::span<const Hash> d, bool b, std::vector<Hash>& out) {
  if (m == d.size()) {
    if (!b) out.push_back(RefMth(d));
    return;
  }
  size_t k = std::bit_floor(d.size() - 1);
  if (m <= k) {
    RefSubproof(m, d.first(k), b, out);
    out.push_back(RefMth(d.subspan(k)));
  } else {
    RefSubproof(m - k, d.subspan(k), false, out);
    out.push_back(RefMth(d.first(k)));
  }
}

TEST(MerkleTest, Rfc6962Vectors) {
  EXPECT_EQ(HexEncode(EmptyRootHash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::vector<Hash> leaves;
  for (const char* hex : kLeaves) leaves.push_back(LeafHash(*HexDecode(hex)));
  for (size_t n = 1; n <= 8; ++n) {
    auto root = RootHash(n, MemoryReader(leaves));
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(HexEncode(*root), kRoots[n - 1]) << "size " << n;
  }
}

TEST(MerkleTest, InclusionMatchesReferenceForAllSmallTrees) {
  std::vector<Hash> all = Leaves(300, 1);
  for (size_t n = 1; n <= 300; n += (n < 70 ? 1 : 23)) {
    std::span<const Hash> d(all.data(), n);
    Hash root = RefMth(d);
    auto reader = MemoryReader(d);
    ASSERT_EQ(*RootHash(n, reader), root);
    for (size_t m = 0; m < n; ++m) {
      auto proof = InclusionProof(m, n, reader);
      ASSERT_TRUE(proof.ok());
      std::vector<Hash> ref;
      RefPath(m, d, ref);
      ASSERT_EQ(*proof, ref) << m << " in " << n;
      ASSERT_TRUE(VerifyInclusion(m, n, d[m], *proof, root).ok()) << m << " in " << n;
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion(m, n, d[(m + 1) % n], *proof, root).ok());
      }
    }
  }
}

TEST(MerkleTest, ConsistencyMatchesReferenceForAllSmallTrees) {
  std::vector<Hash> all = Leaves(140, 2);
  for (size_t n = 1; n <= 140; ++n) {
    std::span<const Hash> d(all.data(), n);
    Hash new_root = RefMth(d);
    auto reader = MemoryReader(d);
    for (size_t m = 0; m <= n; ++m) {
      auto proof = ConsistencyProof(m, n, reader);
      ASSERT_TRUE(proof.ok());
      std::vector<Hash> ref;
      if (m > 0 && m < n) RefSubproof(m, d, true, ref);
      ASSERT_EQ(*proof, ref) << m << " -> " << n;
      Hash old_root = m == 0 ? EmptyRootHash() : RefMth(d.first(m));
      ASSERT_TRUE(VerifyConsistency(m, n, old_root, new_root, *proof).ok()) << m << " -> " << n;
      if (m > 0 && m < n) {
        Hash wrong = old_root;
        wrong[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, wrong, new_root, *proof).ok());
        EXPECT_FALSE(VerifyConsistency(m, n, old_root, wrong, *proof).ok());
        std::vector<Hash> bad = *proof;
        bad.back()[5] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, bad).ok());
      }
    }
  }
}

TEST(MerkleTest, EdgeCases) {
  std::vector<Hash> d = Leaves(8, 3);
  Hash r8 = RefMth(d), r4 = RefMth(std::span<const Hash>(d).first(4));
  // Equal sizes: empty proof, equal roots only.
  EXPECT_TRUE(VerifyConsistency(8, 8, r8, r8, {}).ok());
  EXPECT_FALSE(VerifyConsistency(8, 8, r8, r4, {}).ok());
  EXPECT_FALSE(VerifyConsistency(8, 8, r8, r8, std::vector<Hash>{r8}).ok());
  // Old size 0: empty proof only.
  EXPECT_TRUE(VerifyConsistency(0, 8, EmptyRootHash(), r8, {}).ok());
  EXPECT_FALSE(VerifyConsistency(0, 8, EmptyRootHash(), r8, std::vector<Hash>{r8}).ok());
  // Old size a power of two: the old root is not part of the proof.
  auto p = ConsistencyProof(4, 8, MemoryReader(d));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->size(), 1u);
  EXPECT_TRUE(VerifyConsistency(4, 8, r4, r8, *p).ok());
  // Bad arguments.
  EXPECT_FALSE(ConsistencyProof(9, 8, MemoryReader(d)).ok());
  EXPECT_FALSE(InclusionProof(8, 8, MemoryReader(d)).ok());
  EXPECT_FALSE(VerifyInclusion(8, 8, d[0], {}, r8).ok());
  EXPECT_TRUE(VerifyInclusion(0, 1, d[0], {}, d[0]).ok());
  EXPECT_FALSE(VerifyInclusion(0, 1, d[0], std::vector<Hash>{d[1]}, d[0]).ok());
}

TEST(MerkleTest, RandomLargerTrees) {
  DeterministicRng rng(4);
  std::vector<Hash> all = Leaves(5000, 5);
  for (int trial = 0; trial < 20; ++trial) {
    size_t n = 1 + rng.Uniform(all.size());
    size_t m = rng.Uniform(n + 1);
    size_t i = rng.Uniform(n);
    std::span<const Hash> d(all.data(), n);
    auto reader = MemoryReader(d);
    Hash root = RefMth(d);
    auto incl = InclusionProof(i, n, reader);
    ASSERT_TRUE(incl.ok());
    EXPECT_TRUE(VerifyInclusion(i, n, d[i], *incl, root).ok()) << i << " in " << n;
    auto cons = ConsistencyProof(m, n, reader);
    ASSERT_TRUE(cons.ok());
    Hash old_root = m == 0 ? EmptyRootHash() : RefMth(d.first(m));
    EXPECT_TRUE(VerifyConsistency(m, n, old_root, root, *cons).ok()) << m << " -> " << n;
  }
}

}  // namespace
}  // namespace henhouse::tlog
