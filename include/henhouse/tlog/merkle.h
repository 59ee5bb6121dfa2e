// RFC 6962 Merkle tree hashing, inclusion and consistency proofs (RFC 6962
// §2.1; verification as in RFC 9162 §2.1.3.2 and §2.1.4.2). Pure functions:
// hashes of stored subtrees come in through a SubtreeReader, so the same code
// proves from memory, from tiles on disk or from tiles over HTTP.
#ifndef HENHOUSE_TLOG_MERKLE_H_
#define HENHOUSE_TLOG_MERKLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "henhouse/base/bytes.h"
#include "henhouse/base/status.h"

namespace henhouse::tlog {

inline constexpr size_t kHashSize = 32;
using Hash = std::array<uint8_t, kHashSize>;
// Proofs never need more than 63 hashes for trees below 2^63 leaves.
inline constexpr size_t kMaxProofHashes = 63;

// LeafHash = SHA-256(0x00 || entry)  [RFC 6962 §2.1]
Hash LeafHash(ByteSpan entry);
// NodeHash = SHA-256(0x01 || left || right)  [RFC 6962 §2.1]
Hash NodeHash(const Hash& left, const Hash& right);
// EmptyRootHash = SHA-256() is the root of the empty tree [RFC 6962 §2.1].
Hash EmptyRootHash();

// SubtreeReader returns MTH(D[index * 2^level : (index + 1) * 2^level]), the
// hash of a complete, aligned subtree. Errors propagate unchanged.
using SubtreeReader = std::function<StatusOr<Hash>(int level, uint64_t index)>;

// RangeHash returns MTH(D[lo:hi]) for a range that the RFC 6962 recursion
// produces (lo a multiple of the largest power of two <= hi - lo).
// REQUIRES: lo < hi.
StatusOr<Hash> RangeHash(uint64_t lo, uint64_t hi, const SubtreeReader& reader);
// RootHash returns MTH(D[0:size]); EmptyRootHash() when size is 0.
StatusOr<Hash> RootHash(uint64_t size, const SubtreeReader& reader);

// InclusionProof returns PATH(index, D[0:size]) [RFC 6962 §2.1.1].
// INVALID_ARGUMENT if index >= size.
StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                           const SubtreeReader& reader);
// ConsistencyProof returns PROOF(old_size, D[0:new_size]) [RFC 6962
// §2.1.2]; empty when old_size is 0 or equal to new_size.
// INVALID_ARGUMENT if old_size > new_size.
StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                             const SubtreeReader& reader);

// VerifyInclusion checks that `leaf` is entry `index` of the tree of `size`
// with root `root`. VERIFICATION_FAILED names the failing check.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf,
                       std::span<const Hash> proof, const Hash& root);
// VerifyConsistency checks that the tree (old_size, old_root) is a prefix of
// (new_size, new_root). Old size 0 needs an empty proof; equal sizes need an
// empty proof and equal roots. VERIFICATION_FAILED otherwise.
Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, std::span<const Hash> proof);

// MemoryReader answers subtree hashes from a full list of leaf hashes, by
// direct recursion. For tests and small trees: O(2^level) per call.
SubtreeReader MemoryReader(std::span<const Hash> leaves);

}  // namespace henhouse::tlog

#endif  // HENHOUSE_TLOG_MERKLE_H_
