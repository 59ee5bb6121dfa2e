#include "henhouse/tlog/merkle.h"

#include <bit>

#include "henhouse/crypto/sha256.h"

namespace henhouse::tlog {
namespace {

// LargestPowerOfTwoBelow returns k with k < n <= 2k.  REQUIRES: n > 1.
uint64_t LargestPowerOfTwoBelow(uint64_t n) { return std::bit_floor(n - 1); }

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

Status Path(uint64_t m, uint64_t lo, uint64_t n, const SubtreeReader& reader,
            std::vector<Hash>& out) {
  if (n <= 1) return OkStatus();
  uint64_t k = LargestPowerOfTwoBelow(n);
  // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])          if m < k
  //              = PATH(m - k, D[k:n]) : MTH(D[0:k])       if m >= k   [RFC 6962 §2.1.1]
  if (m < k) {
    HENHOUSE_RETURN_IF_ERROR(Path(m, lo, k, reader, out));
    HENHOUSE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo + k, lo + n, reader));
    out.push_back(h);
  } else {
    HENHOUSE_RETURN_IF_ERROR(Path(m - k, lo + k, n - k, reader, out));
    HENHOUSE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo, lo + k, reader));
    out.push_back(h);
  }
  return OkStatus();
}

Status SubProof(uint64_t m, uint64_t lo, uint64_t n, bool b, const SubtreeReader& reader,
                std::vector<Hash>& out) {
  // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}  [RFC 6962 §2.1.2]
  if (m == n) {
    if (!b) {
      HENHOUSE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo, lo + n, reader));
      out.push_back(h);
    }
    return OkStatus();
  }
  uint64_t k = LargestPowerOfTwoBelow(n);
  if (m <= k) {
    HENHOUSE_RETURN_IF_ERROR(SubProof(m, lo, k, b, reader, out));
    HENHOUSE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo + k, lo + n, reader));
    out.push_back(h);
  } else {
    HENHOUSE_RETURN_IF_ERROR(SubProof(m - k, lo + k, n - k, false, reader, out));
    HENHOUSE_ASSIGN_OR_RETURN(Hash h, RangeHash(lo, lo + k, reader));
    out.push_back(h);
  }
  return OkStatus();
}

Hash NaiveMth(std::span<const Hash> leaves) {
  if (leaves.size() == 1) return leaves[0];
  uint64_t k = LargestPowerOfTwoBelow(leaves.size());
  return NodeHash(NaiveMth(leaves.first(k)), NaiveMth(leaves.subspan(k)));
}

}  // namespace

Hash LeafHash(ByteSpan entry) {
  thread_local crypto::Sha256Hasher h;
  h.Update(uint8_t{0x00});
  h.Update(entry);
  return h.Finish();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  thread_local crypto::Sha256Hasher h;
  h.Update(uint8_t{0x01});
  h.Update(left);
  h.Update(right);
  return h.Finish();
}

Hash EmptyRootHash() { return crypto::Sha256(ByteSpan()); }

StatusOr<Hash> RangeHash(uint64_t lo, uint64_t hi, const SubtreeReader& reader) {
  if (lo >= hi) return InvalidArgumentError("Merkle range: empty range");
  // Split [lo, hi) into maximal aligned complete subtrees, left to right,
  // then fold from the right: that is MTH(D[lo:hi]) for the ranges the
  // RFC 6962 recursion produces.
  std::vector<Hash> parts;
  uint64_t pos = lo;
  while (pos < hi) {
    int level = pos == 0 ? 63 : std::countr_zero(pos);
    while (level > 0 && (level >= 64 || hi - pos < (uint64_t{1} << level))) --level;
    HENHOUSE_ASSIGN_OR_RETURN(Hash h, reader(level, pos >> level));
    parts.push_back(h);
    pos += uint64_t{1} << level;
  }
  Hash acc = parts.back();
  for (size_t i = parts.size() - 1; i-- > 0;) acc = NodeHash(parts[i], acc);
  return acc;
}

StatusOr<Hash> RootHash(uint64_t size, const SubtreeReader& reader) {
  if (size == 0) return EmptyRootHash();
  return RangeHash(0, size, reader);
}

StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                           const SubtreeReader& reader) {
  if (index >= size) {
    return InvalidArgumentError("inclusion proof: index " + std::to_string(index) +
                                " is not below tree size " + std::to_string(size));
  }
  std::vector<Hash> out;
  HENHOUSE_RETURN_IF_ERROR(Path(index, 0, size, reader, out));
  return out;
}

StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                             const SubtreeReader& reader) {
  if (old_size > new_size) {
    return InvalidArgumentError("consistency proof: old size " + std::to_string(old_size) +
                                " exceeds new size " + std::to_string(new_size));
  }
  std::vector<Hash> out;
  if (old_size == 0 || old_size == new_size) return out;
  HENHOUSE_RETURN_IF_ERROR(SubProof(old_size, 0, new_size, true, reader, out));
  return out;
}

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf,
                       std::span<const Hash> proof, const Hash& root) {
  if (index >= size) {
    return VerificationFailedError("inclusion proof: index " + std::to_string(index) +
                                   " is not below tree size " + std::to_string(size));
  }
  // RFC 9162 §2.1.3.2.
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return VerificationFailedError("inclusion proof: too many hashes");
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return VerificationFailedError("inclusion proof: too few hashes");
  if (r != root) return VerificationFailedError("inclusion proof: root hash mismatch");
  return OkStatus();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                         const Hash& new_root, std::span<const Hash> proof) {
  if (old_size > new_size) {
    return VerificationFailedError("consistency proof: old size exceeds new size");
  }
  if (old_size == new_size) {
    if (!proof.empty()) return VerificationFailedError("consistency proof: expected no hashes");
    if (old_root != new_root) {
      return VerificationFailedError("consistency proof: equal sizes with different roots");
    }
    return OkStatus();
  }
  if (old_size == 0) {
    if (!proof.empty()) return VerificationFailedError("consistency proof: expected no hashes");
    return OkStatus();
  }
  if (proof.empty()) return VerificationFailedError("consistency proof: no hashes");
  // RFC 9162 §2.1.4.2.
  std::vector<Hash> path;
  if (IsPowerOfTwo(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return VerificationFailedError("consistency proof: too many hashes");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return VerificationFailedError("consistency proof: too few hashes");
  if (fr != old_root) return VerificationFailedError("consistency proof: old root mismatch");
  if (sr != new_root) return VerificationFailedError("consistency proof: new root mismatch");
  return OkStatus();
}

SubtreeReader MemoryReader(std::span<const Hash> leaves) {
  return [leaves](int level, uint64_t index) -> StatusOr<Hash> {
    if (level < 0 || level >= 63) return InvalidArgumentError("subtree level out of range");
    uint64_t lo = index << level, n = uint64_t{1} << level;
    if (lo >= leaves.size() || leaves.size() - lo < n) {
      return NotFoundError("subtree (" + std::to_string(level) + ", " + std::to_string(index) +
                           ") is outside a tree of " + std::to_string(leaves.size()) + " leaves");
    }
    return NaiveMth(leaves.subspan(lo, n));
  };
}

}  // namespace henhouse::tlog
