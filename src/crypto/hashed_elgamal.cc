#include "henhouse/crypto/hashed_elgamal.h"

#include <array>
#include <string>

namespace henhouse::crypto {
namespace {

constexpr size_t kBlock = 32;

Bytes U32Bytes(uint32_t v) {
  Bytes b;
  AppendU32(b, v);
  return b;
}

// Xor32 writes a[i] ^ key[i] for 32 bytes onto `out`.
void AppendXor(Bytes& out, ByteSpan a, const SecretBytes& key) {
  ByteSpan k = key.Reveal(SecretAccess::Get());
  for (size_t i = 0; i < kBlock; ++i) out.push_back(static_cast<uint8_t>(a[i] ^ k[i]));
}

// NonceChallenge returns H_q(key; sep, indices, commitment, C0, C1): the
// common shape of eq. 22 (0x12), eq. 38 (0x23) and eq. 69 (0x27).
math::Scalar NonceChallenge(const math::Group& group, const Hash32& key, uint8_t sep,
                            ByteSpan indices, const math::Element& commitment,
                            const math::Element& c0, ByteSpan c1) {
  HashInput in(sep);
  in.Fixed(indices).Element(commitment).Element(c0).Fixed(c1);
  return Hq(group, key, in);
}

// FinishNonceProof returns C2 = (c, v) for the commitment g^u: c the
// challenge, v = u − c·ξ.
NonceProof FinishNonceProof(const math::Group& group, const math::SecretScalar& u,
                            const math::Element& commitment, const math::SecretScalar& nonce,
                            const Hash32& key, uint8_t sep, ByteSpan indices,
                            const math::Element& c0, ByteSpan c1) {
  NonceProof proof;
  proof.challenge = NonceChallenge(group, key, sep, indices, commitment, c0, c1);
  proof.response = (u - proof.challenge * nonce).Reveal(SecretAccess::Get());
  return proof;
}

// ProveNonce returns C2 = (c, v): u random, commitment g^u, v = u − c·ξ.
// g^u through the constant-time path: these nonces protect long-term
// secrets (shares) or the ballot nonce (docs/security.md).
NonceProof ProveNonce(const math::FixedBase& g, const math::SecretScalar& nonce,
                      const Hash32& key, uint8_t sep, ByteSpan indices,
                      const math::Element& c0, ByteSpan c1, Rng& rng) {
  const math::Group& group = *g.base().group();
  math::SecretScalar u = group.RandomSecretScalar(rng);
  math::Element commitment = g.Pow(u);
  return FinishNonceProof(group, u, commitment, nonce, key, sep, indices, c0, c1);
}

// VerifyNonce recomputes the commitment g^v·C0^c and the challenge; the
// challenge comparison is constant-time.
bool VerifyNonce(const math::FixedBase& g, const NonceProof& proof, const Hash32& key,
                 uint8_t sep, ByteSpan indices, const math::Element& c0, ByteSpan c1) {
  const math::Group& group = *g.base().group();
  math::Element commitment = g.Pow(proof.response) * c0.Pow(proof.challenge);
  math::Scalar c = NonceChallenge(group, key, sep, indices, commitment, c0, c1);
  return ConstantTimeEqual(c.Encode(), proof.challenge.Encode());
}

// Encode32 returns b(x, 32) of a secret scalar, left-padded where lq < 32.
SecretBytes Encode32(const math::SecretScalar& x) {
  SecretBytes enc = x.EncodeSecret(SecretAccess::Get());
  ByteSpan e = enc.Reveal(SecretAccess::Get());
  SecretBytes out(kBlock);
  std::span<uint8_t> o = out.MutableReveal(SecretAccess::Get());
  std::copy(e.begin(), e.end(), o.end() - static_cast<std::ptrdiff_t>(e.size()));
  return out;
}

// Decode32 parses b(x, 32) as a value mod q (leading bytes beyond lq zero).
StatusOr<math::SecretScalar> Decode32(const math::Group& group, ByteSpan b) {
  const size_t lq = group.ScalarSize();
  uint8_t high = 0;
  for (size_t i = 0; i + lq < kBlock; ++i) high |= b[i];
  if (high != 0) return InvalidArgumentError("value exceeds lq bytes");
  return group.ParseSecretScalar(b.subspan(kBlock - lq, lq));
}

// ShareKeys returns k1, k2 of eq. 17, 18 for k_{i,ℓ}.
std::pair<SecretBytes, SecretBytes> ShareKeys(const SecretBytes& k, uint32_t i, uint32_t l) {
  Bytes context = ToBytes("share_encrypt");
  AppendU32(context, i);
  AppendU32(context, l);
  const uint8_t c1[1] = {0x01}, c2[1] = {0x02}, len[2] = {0x02, 0x00};
  ByteSpan key = k.Reveal(SecretAccess::Get());
  return {KdfBlock(key, c1, "share_enc_keys", context, len),
          KdfBlock(key, c2, "share_enc_keys", context, len)};
}

// ShareSecretKey returns k_{i,ℓ} = H(H_P; 0x11, i, ℓ, κ_ℓ, α, β)  [eq. 16].
SecretBytes ShareSecretKey(const Hash32& h_p, uint32_t i, uint32_t l, const math::Element& kappa,
                           const math::Element& alpha, const math::Element& beta) {
  HashInput in(0x11);
  in.U32(i).U32(l).Element(kappa).Element(alpha).Element(beta);
  return HSecret(h_p, in);
}

Bytes ShareIndices(uint32_t i, uint32_t l) {
  Bytes b = U32Bytes(i);
  AppendU32(b, l);
  return b;
}

Status CheckShareIndices(uint32_t i, uint32_t l) {
  if (i == 0 || l == 0 || i >= (1u << 31) || l >= (1u << 31)) {
    return InvalidArgumentError("share encryption: guardian indices must be in [1, 2^31), got " +
                                std::to_string(i) + " and " + std::to_string(l));
  }
  if (i == l) {
    return InvalidArgumentError("share encryption: a guardian does not encrypt to itself (" +
                                std::to_string(i) + ")");
  }
  return OkStatus();
}

std::string ShareName(uint32_t i, uint32_t l) {
  return "encrypted share " + std::to_string(i) + "->" + std::to_string(l);
}

// BallotNonceKey returns k1 of eq. 36 from h = H(H_I; 0x22, α_B, β_B)  [eq. 35].
SecretBytes BallotNonceKey(const Hash32& h_i, const math::Element& alpha,
                           const math::Element& beta) {
  HashInput in(0x22);
  in.Element(alpha).Element(beta);
  SecretBytes h = HSecret(h_i, in);
  const uint8_t counter[1] = {0x01}, len[2] = {0x01, 0x00};
  return KdfBlock(h.Reveal(SecretAccess::Get()), counter, "ballot_nonce",
                  AsBytes("ballot_nonce_encrypt"), len);
}

// ContestDataXor returns C1 ⊕ (k_1 ∥ ... ∥ k_b) with h = H(H_I; 0x26, ind_c,
// α, β) and k_i of eq. 66 (encryption and decryption are the same XOR).
Bytes ContestDataXor(const Hash32& h_i, uint32_t contest, const math::Element& alpha,
                     const math::Element& beta, ByteSpan data) {
  HashInput in(0x26);
  in.U32(contest).Element(alpha).Element(beta);
  SecretBytes h = HSecret(h_i, in);
  const uint32_t blocks = static_cast<uint32_t>(data.size() / kBlock);
  Bytes context = ToBytes("contest_data");
  AppendU32(context, contest);
  const Bytes len = U32Bytes(blocks * 256);
  Bytes out;
  out.reserve(data.size());
  for (uint32_t i = 1; i <= blocks; ++i) {
    SecretBytes k = KdfBlock(h.Reveal(SecretAccess::Get()), U32Bytes(i), "data_enc_keys",
                             context, len);
    AppendXor(out, data.subspan((i - 1) * kBlock, kBlock), k);
  }
  return out;
}

Status CheckContestData(size_t size, std::string_view what) {
  if (size == 0 || size % kBlock != 0 || size / kBlock > kMaxContestDataBlocks) {
    return InvalidArgumentError(std::string(what) + ": expected 32·b bytes with 1 <= b <= " +
                                std::to_string(kMaxContestDataBlocks) + ", got " +
                                std::to_string(size));
  }
  return OkStatus();
}

}  // namespace

SecretBytes KdfBlock(ByteSpan key, ByteSpan counter, std::string_view label, ByteSpan context,
                     ByteSpan length) {
  // HMAC(k, counter ∥ Label ∥ 0x00 ∥ Context ∥ length)  [2.1 eq. 17, 18, 36, 66]
  Bytes msg;
  msg.reserve(counter.size() + label.size() + 1 + context.size() + length.size());
  Append(msg, counter);
  Append(msg, AsBytes(label));
  msg.push_back(0x00);
  Append(msg, context);
  Append(msg, length);
  return HmacSha256(key, msg);
}

Bytes NonceProof::Encode() const {
  Bytes out = challenge.Encode();
  Append(out, response.Encode());
  return out;
}

StatusOr<NonceProof> ParseNonceProof(const math::Group& group, ByteSpan bytes) {
  const size_t lq = group.ScalarSize();
  if (bytes.size() != 2 * lq) {
    return InvalidArgumentError("nonce proof: expected " + std::to_string(2 * lq) +
                                " bytes (c, v), got " + std::to_string(bytes.size()));
  }
  auto c = group.ParseScalar(bytes.subspan(0, lq));
  if (!c.ok()) return c.status().WithContext("nonce proof challenge");
  auto v = group.ParseScalar(bytes.subspan(lq, lq));
  if (!v.ok()) return v.status().WithContext("nonce proof response");
  return NonceProof{*c, *v};
}

StatusOr<EncryptedShare> EncryptShare(const math::FixedBase& g, const Hash32& h_p,
                                      uint32_t sender, uint32_t receiver,
                                      const math::Element& receiver_key, const SharePair& shares,
                                      Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(CheckShareIndices(sender, receiver));
  const math::Group& group = *g.base().group();
  // (α, β) = (g^ξ, κ_ℓ^ξ)  [2.1 eq. 15]
  math::SecretScalar xi = group.RandomSecretScalar(rng);
  EncryptedShare ct;
  ct.c0 = g.Pow(xi);
  math::Element beta = receiver_key.Pow(xi);
  SecretBytes k = ShareSecretKey(h_p, sender, receiver, receiver_key, ct.c0, beta);
  auto [k1, k2] = ShareKeys(k, sender, receiver);
  // C1 = (b(P_i(ℓ),32) ⊕ k1) ∥ (b(P̂_i(ℓ),32) ⊕ k2)  [eq. 21]
  SecretBytes p = Encode32(shares.vote), p_hat = Encode32(shares.data);
  AppendXor(ct.c1, p.Reveal(SecretAccess::Get()), k1);
  AppendXor(ct.c1, p_hat.Reveal(SecretAccess::Get()), k2);
  // C2: c̄ = H_q(H_P; 0x12, i, ℓ, γ, C0, C1), v̄ = ū − c̄·ξ  [eq. 22]
  ct.c2 = ProveNonce(g, xi, h_p, 0x12, ShareIndices(sender, receiver), ct.c0, ct.c1, rng);
  return ct;
}

Status VerifyShareProof(const math::FixedBase& g, const Hash32& h_p, uint32_t sender,
                        uint32_t receiver, const EncryptedShare& ct) {
  HENHOUSE_RETURN_IF_ERROR(CheckShareIndices(sender, receiver));
  if (ct.c1.size() != kShareCiphertextBytes) {
    return InvalidArgumentError(ShareName(sender, receiver) + ": C1 must be 64 bytes, got " +
                                std::to_string(ct.c1.size()));
  }
  if (!VerifyNonce(g, ct.c2, h_p, 0x12, ShareIndices(sender, receiver), ct.c0, ct.c1)) {
    return VerificationFailedError(ShareName(sender, receiver) +
                                   ": proof of nonce knowledge does not verify");
  }
  return OkStatus();
}

StatusOr<SharePair> DecryptShareWithBeta(const math::Group& group, const Hash32& h_p,
                                         uint32_t sender, uint32_t receiver,
                                         const math::Element& receiver_key,
                                         const EncryptedShare& ct, const math::Element& beta) {
  HENHOUSE_RETURN_IF_ERROR(CheckShareIndices(sender, receiver));
  if (ct.c1.size() != kShareCiphertextBytes) {
    return InvalidArgumentError(ShareName(sender, receiver) + ": C1 must be 64 bytes, got " +
                                std::to_string(ct.c1.size()));
  }
  SecretBytes k = ShareSecretKey(h_p, sender, receiver, receiver_key, ct.c0, beta);
  auto [k1, k2] = ShareKeys(k, sender, receiver);
  // b(P_i(ℓ),32) ∥ b(P̂_i(ℓ),32) = C1 ⊕ (k1 ∥ k2)  [eq. 23]
  Bytes plain;
  AppendXor(plain, ByteSpan(ct.c1).subspan(0, kBlock), k1);
  AppendXor(plain, ByteSpan(ct.c1).subspan(kBlock, kBlock), k2);
  SecretBytes secret_plain = SecretBytes::Adopt(plain);
  ByteSpan pb = secret_plain.Reveal(SecretAccess::Get());
  auto vote = Decode32(group, pb.subspan(0, kBlock));
  auto data = Decode32(group, pb.subspan(kBlock, kBlock));
  if (!vote.ok() || !data.ok()) {
    return VerificationFailedError("decrypted share " + std::to_string(sender) + "->" +
                                   std::to_string(receiver) + " is not an integer mod q");
  }
  return SharePair{*std::move(vote), *std::move(data)};
}

StatusOr<SharePair> DecryptShare(const math::FixedBase& g, const Hash32& h_p, uint32_t sender,
                                 uint32_t receiver, const math::Element& receiver_key,
                                 const math::SecretScalar& receiver_secret,
                                 const EncryptedShare& ct) {
  HENHOUSE_RETURN_IF_ERROR(VerifyShareProof(g, h_p, sender, receiver, ct));
  // β = α^(ζ_ℓ) = κ_ℓ^ξ
  return DecryptShareWithBeta(*g.base().group(), h_p, sender, receiver, receiver_key, ct,
                              ct.c0.Pow(receiver_secret));
}

StatusOr<EncryptedBallotNonce> EncryptBallotNonce(const math::FixedBase& g,
                                                  const math::FixedBase& data_key,
                                                  const Hash32& h_i,
                                                  const SecretBytes& ballot_nonce, Rng& rng) {
  if (ballot_nonce.size() != kBallotNonceBytes) {
    return InvalidArgumentError("ballot nonce: expected 32 bytes, got " +
                                std::to_string(ballot_nonce.size()));
  }
  const math::Group& group = *g.base().group();
  // (α_B, β_B) = (g^ξ̂_B, K̂^ξ̂_B)  [2.1 eq. 34]
  math::SecretScalar xi = group.RandomSecretScalar(rng);
  EncryptedBallotNonce ct;
  ct.c0 = g.Pow(xi);
  math::Element beta = data_key.Pow(xi);
  // C1 = b(ξ_B, 32) ⊕ k1  [eq. 35–37]
  SecretBytes k1 = BallotNonceKey(h_i, ct.c0, beta);
  AppendXor(ct.c1, ballot_nonce.Reveal(SecretAccess::Get()), k1);
  // C2: c_B = H_q(H_I; 0x23, a_B, C0, C1)  [eq. 38]
  ct.c2 = ProveNonce(g, xi, h_i, 0x23, ByteSpan(), ct.c0, ct.c1, rng);
  return ct;
}

Status VerifyBallotNonceProof(const math::FixedBase& g, const Hash32& h_i,
                              const EncryptedBallotNonce& ct) {
  if (ct.c1.size() != kBallotNonceBytes) {
    return InvalidArgumentError("encrypted ballot nonce: C1 must be 32 bytes, got " +
                                std::to_string(ct.c1.size()));
  }
  if (!VerifyNonce(g, ct.c2, h_i, 0x23, ByteSpan(), ct.c0, ct.c1)) {
    return VerificationFailedError(
        "encrypted ballot nonce: proof of nonce knowledge does not verify");
  }
  return OkStatus();
}

StatusOr<SecretBytes> DecryptBallotNonce(const math::FixedBase& g, const Hash32& h_i,
                                         const EncryptedBallotNonce& ct,
                                         const math::Element& beta) {
  HENHOUSE_RETURN_IF_ERROR(VerifyBallotNonceProof(g, h_i, ct));
  // ξ_B = C1 ⊕ k1  [2.1 §3.6.7]
  SecretBytes k1 = BallotNonceKey(h_i, ct.c0, beta);
  Bytes plain;
  AppendXor(plain, ct.c1, k1);
  return SecretBytes::Adopt(plain);
}

StatusOr<EncryptedContestData> EncryptContestData(const math::FixedBase& g,
                                                  const math::FixedBase& data_key,
                                                  const Hash32& h_i, uint32_t contest_index,
                                                  const math::SecretScalar& nonce,
                                                  ByteSpan data, Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(CheckContestData(data.size(), "contest data"));
  if (contest_index >= (1u << 31)) return InvalidArgumentError("contest data: index >= 2^31");
  // (α, β) = (g^ξ, K̂^ξ), C1 = D ⊕ (k_1 ∥ ... ∥ k_b)  [2.1 eq. 65–68]
  EncryptedContestData ct;
  // ξ is a per-ballot encryption nonce, and u the nonce of its proof C2: the
  // table path of FixedBase::PowNonce (docs/security.md), like the
  // selections' nonces; g^ξ, g^u and K̂^ξ in one batch.
  const math::Group& group = *g.base().group();
  math::SecretScalar u = group.RandomSecretScalar(rng);
  std::array<math::SecretScalar, 2> g_exps = {nonce.Copy(), u.Copy()};
  std::array<math::SecretScalar, 1> k_exps = {nonce.Copy()};
  auto [g_pows, k_pows] = g.PowNonceManyWith(g_exps, data_key, k_exps);
  ct.c0 = std::move(g_pows[0]);
  const math::Element& beta = k_pows[0];
  ct.c1 = ContestDataXor(h_i, contest_index, ct.c0, beta, data);
  // C2: c = H_q(H_I; 0x27, ind_c, a, C0, C1)  [eq. 69], a = g^u
  ct.c2 = FinishNonceProof(group, u, g_pows[1], nonce, h_i, 0x27, U32Bytes(contest_index), ct.c0,
                           ct.c1);
  return ct;
}

Status VerifyContestDataProof(const math::FixedBase& g, const Hash32& h_i,
                              uint32_t contest_index, const EncryptedContestData& ct) {
  const std::string name = "contest data (contest " + std::to_string(contest_index) + ")";
  HENHOUSE_RETURN_IF_ERROR(CheckContestData(ct.c1.size(), name + " C1"));
  if (contest_index >= (1u << 31)) return InvalidArgumentError(name + ": index >= 2^31");
  if (!VerifyNonce(g, ct.c2, h_i, 0x27, U32Bytes(contest_index), ct.c0, ct.c1)) {
    return VerificationFailedError(name + ": proof of nonce knowledge does not verify");
  }
  return OkStatus();
}

StatusOr<Bytes> DecryptContestData(const math::FixedBase& g, const Hash32& h_i,
                                   uint32_t contest_index, const EncryptedContestData& ct,
                                   const math::Element& beta) {
  HENHOUSE_RETURN_IF_ERROR(VerifyContestDataProof(g, h_i, contest_index, ct));
  // D = C1 ⊕ (k_1 ∥ ... ∥ k_b)  [2.1 eq. 104–106, 111]
  return ContestDataXor(h_i, contest_index, ct.c0, beta, ct.c1);
}

math::SecretScalar DeriveSelectionNonce(const math::Group& group, const Hash32& h_i,
                                        uint32_t contest_index, uint32_t option_index,
                                        const SecretBytes& ballot_nonce) {
  // ξ_{i,j} = H_q(H_I; 0x21, i, j, ξ_B)  [2.1 eq. 33]
  HashInput in(0x21);
  in.U32(contest_index).U32(option_index).Secret(ballot_nonce);
  return HqSecret(group, h_i, in);
}

math::SecretScalar DeriveContestDataNonce(const math::Group& group, const Hash32& h_i,
                                          uint32_t contest_index,
                                          const SecretBytes& ballot_nonce) {
  // ξ = H_q(H_I; 0x25, ind_c, ξ_B)  [2.1 eq. 64]
  HashInput in(0x25);
  in.U32(contest_index).Secret(ballot_nonce);
  return HqSecret(group, h_i, in);
}

}  // namespace henhouse::crypto
