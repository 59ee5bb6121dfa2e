// Key ceremony and election keys: Verifications 2, 3, 4 [2.1 §6.2.2–6.2.3],
// with the share proofs of eq. 22 and the complaint outcome rule
// (docs/formats.md, "share_reveal") reported under V2.
#include <map>
#include <set>

#include "henhouse/crypto/hash.h"
#include "verify/context.h"

namespace henhouse::verify {
namespace {

struct GuardianEntry {
  std::vector<math::Element> vote;  // K_{i,0..k-1}
  std::vector<math::Element> data;  // K̂_{i,0..k-1}
  math::Element kappa;              // κ_i
};

struct ShareEntry {
  math::Element c0;
  Bytes c1;
};

std::string GuardianName(uint32_t a, uint32_t i) {
  return "attempt " + std::to_string(a) + " guardian " + std::to_string(i);
}

// CheckQualifier requires the file's qualifier words to be `expected`.
Status CheckQualifier(const Entry& e, const std::vector<uint64_t>& expected) {
  std::vector<std::string> want;
  for (uint64_t x : expected) want.push_back(std::to_string(x));
  if (e.file->qualifier != want) {
    std::string w;
    for (const auto& s : want) w += "." + s;
    return DataLossError("record file " + e.file->name + ": expected qualifier " + w +
                         " here (docs/formats.md \"Entry sequence\")");
  }
  return OkStatus();
}

// VerifyProof checks one compact Schnorr proof [V2: 2.1–2.4, 2.C]:
// h_j = g^(v_j)·K_j^c (j < k), h_k = g^(v_k)·κ^c,
// c = H_q(H_P; 0x10, label, i, K_0..K_{k-1}, κ, h_0..h_k).
Status VerifyProof(Run& run, const Json& body, std::string_view field, std::string_view label,
                   uint32_t a, uint32_t i, const std::vector<math::Element>& commitments,
                   const math::Element& kappa, const Path& path) {
  const math::Group& group = run.group();
  size_t k = commitments.size();
  HENHOUSE_ASSIGN_OR_RETURN(const Json* proof, Field(body, field, path));
  Path pp = path.At(field);
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(*proof, {"c", "v"}, {}, pp));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar c, GetScalar(group, *proof, "c", pp));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* vs, Field(*proof, "v", pp));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*vs, k + 1, pp.At("v")));
  crypto::HashInput in(0x10);
  in.Fixed(label).U32(i).Elements(commitments).Element(kappa);
  for (size_t j = 0; j <= k; ++j) {
    HENHOUSE_ASSIGN_OR_RETURN(math::Scalar v, ReadScalar(group, (*vs)[j], pp.At("v").At(j)));
    const math::Element& base = j < k ? commitments[j] : kappa;
    in.Element(run.election.g.Pow(v) * base.Pow(c));
  }
  run.counters.fixed_base_pows += k + 1;
  run.counters.variable_pows += k + 1;
  ++run.counters.hashes;
  run.Items(kV2, 1);
  if (crypto::Hq(group, run.election.h_p, in) != c) {
    run.Fail(kV2, "2.C " + GuardianName(a, i) + ": " + std::string(label) +
                      " proof challenge mismatch");
  }
  return OkStatus();
}

StatusOr<GuardianEntry> ReadGuardian(Run& run, uint32_t a, uint32_t i) {
  const math::Group& group = run.group();
  uint32_t k = run.election.manifest.quorum;
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("guardian"));
  HENHOUSE_RETURN_IF_ERROR(CheckQualifier(e, {a, i}));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"attempt", "coefficient_commitments",
                                          "communication_key", "data_commitments", "data_proof",
                                          "index", "proof"},
                                      {}, p));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t attempt, GetU64(b, "attempt", p, a, a));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t index, GetU64(b, "index", p, i, i));
  (void)attempt;
  (void)index;
  GuardianEntry g;
  for (auto [key, out] : {std::pair{"coefficient_commitments", &g.vote},
                          std::pair{"data_commitments", &g.data}}) {
    HENHOUSE_ASSIGN_OR_RETURN(const Json* arr, Field(b, key, p));
    HENHOUSE_RETURN_IF_ERROR(ExpectArray(*arr, k, p.At(key)));
    for (size_t j = 0; j < k; ++j) {
      // 2.A: every K_{i,j}, K̂_{i,j} is in the subgroup (parse error otherwise).
      HENHOUSE_ASSIGN_OR_RETURN(math::Element x,
                                ReadElement(group, (*arr)[j], p.At(key).At(j), run.counters));
      out->push_back(std::move(x));
    }
  }
  HENHOUSE_ASSIGN_OR_RETURN(g.kappa, GetElement(group, b, "communication_key", p, run.counters));
  HENHOUSE_RETURN_IF_ERROR(VerifyProof(run, b, "proof", "pk vote", a, i, g.vote, g.kappa, p));
  HENHOUSE_RETURN_IF_ERROR(VerifyProof(run, b, "data_proof", "pk data", a, i, g.data, g.kappa, p));
  return g;
}

// ReadShare checks the share's proof of nonce knowledge [eq. 22]:
// γ = g^v̄·C0^c̄, c̄ = H_q(H_P; 0x12, i, ℓ, γ, C0, C1).
StatusOr<ShareEntry> ReadShare(Run& run, uint32_t a, uint32_t i, uint32_t l) {
  const math::Group& group = run.group();
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("share"));
  HENHOUSE_RETURN_IF_ERROR(CheckQualifier(e, {a, i, l}));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  HENHOUSE_RETURN_IF_ERROR(
      ExpectKeys(b, {"attempt", "c", "c0", "c1", "recipient", "sender", "v"}, {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "attempt", p, a, a).status());
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "sender", p, i, i).status());
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "recipient", p, l, l).status());
  ShareEntry s;
  HENHOUSE_ASSIGN_OR_RETURN(s.c0, GetElement(group, b, "c0", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* c1, Field(b, "c1", p));
  HENHOUSE_ASSIGN_OR_RETURN(s.c1, ReadHex(*c1, 64, p.At("c1")));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar c, GetScalar(group, b, "c", p));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar v, GetScalar(group, b, "v", p));
  math::Element gamma = run.election.g.Pow(v) * s.c0.Pow(c);
  ++run.counters.fixed_base_pows;
  ++run.counters.variable_pows;
  crypto::HashInput in(0x12);
  in.U32(i).U32(l).Element(gamma).Element(s.c0).Fixed(s.c1);
  ++run.counters.hashes;
  run.Items(kV2, 1);
  if (crypto::Hq(group, run.election.h_p, in) != c) {
    run.Fail(kV2, "2 (eq. 22) attempt " + std::to_string(a) + " share " + std::to_string(i) +
                      "->" + std::to_string(l) + ": proof of nonce knowledge challenge mismatch");
  }
  return s;
}


// CommitmentsAt returns Π_j K_j^(x^j mod q) = g^(P(x))  [eq. 14, 28, 29].
math::Element CommitmentsAt(Run& run, const std::vector<math::Element>& ks, uint32_t x) {
  std::vector<math::Scalar> exps;
  math::Scalar xs = run.group().ScalarFromU64(x);
  math::Scalar power = run.group().ScalarFromU64(1);
  for (size_t j = 0; j < ks.size(); ++j) {
    exps.push_back(power);
    power = power * xs;
  }
  ++run.counters.multi_pows;
  run.counters.multi_pow_terms += ks.size();
  return run.group().MultiPow(ks, exps);
}

// RevealIsValid opens share i→ℓ with the published nonce ξ: g^ξ = C0,
// β = κ_ℓ^ξ, k = H(H_P; 0x11, i, ℓ, κ_ℓ, α, β) [eq. 16], k1, k2 [eq. 17, 18],
// then requires C1 ⊕ (k1 ∥ k2) = b(P,32) ∥ b(P̂,32) [eq. 23] and both shares
// to match the sender's commitments [eq. 28, 29].
StatusOr<bool> RevealIsValid(Run& run, const Entry& e, const ShareEntry& share,
                             const GuardianEntry& sender, const GuardianEntry& recipient,
                             uint32_t i, uint32_t l) {
  const math::Group& group = run.group();
  Path p = RootPath(e.file->name);
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar xi, GetScalar(group, e.body, "nonce", p));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar pv, GetScalar(group, e.body, "share", p));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar pd, GetScalar(group, e.body, "data_share", p));
  run.counters.fixed_base_pows += 3;
  run.counters.variable_pows += 1;
  if (!(run.election.g.Pow(xi) == share.c0)) return false;
  math::Element beta = recipient.kappa.Pow(xi);
  crypto::HashInput kin(0x11);
  kin.U32(i).U32(l).Element(recipient.kappa).Element(share.c0).Element(beta);
  Hash32 key = crypto::H(run.election.h_p, kin);
  Bytes context = ToBytes("share encrypt");
  AppendU32(context, i);
  AppendU32(context, l);
  Bytes plain;
  for (uint8_t counter : {uint8_t{1}, uint8_t{2}}) {
    Bytes msg{counter};
    Append(msg, AsBytes("share enc keys"));
    msg.push_back(0x00);
    Append(msg, context);
    msg.push_back(0x02);
    msg.push_back(0x00);
    SecretBytes block = crypto::HmacSha256(key, msg);
    ByteSpan kb = block.Reveal(SecretAccess::Get());
    for (size_t b = 0; b < 32; ++b) plain.push_back(share.c1[(counter - 1) * 32 + b] ^ kb[b]);
  }
  auto encode32 = [](const math::Scalar& x) {
    Bytes raw = x.Encode();
    Bytes out(32 - raw.size(), 0);
    Append(out, raw);
    return out;
  };
  Bytes expected = encode32(pv);
  Append(expected, encode32(pd));
  if (expected != plain) return false;
  return run.election.g.Pow(pv) == CommitmentsAt(run, sender.vote, l) &&
         run.election.g.Pow(pd) == CommitmentsAt(run, sender.data, l);
}

std::string SetText(const std::set<uint32_t>& s) {
  std::string out = "{";
  for (uint32_t x : s) {
    if (out.size() > 1) out.push_back(',');
    out.append(std::to_string(x));
  }
  out.push_back('}');
  return out;
}

// ReadComplaints reads the complaints, reveals and disqualifications of
// attempt a and checks the outcome rule; returns the disqualified set.
StatusOr<std::set<uint32_t>> ReadComplaints(Run& run, uint32_t a,
                                            const std::vector<GuardianEntry>& gs,
                                            const std::map<std::pair<uint32_t, uint32_t>,
                                                           ShareEntry>& shares) {
  uint32_t n = static_cast<uint32_t>(gs.size());
  std::vector<std::pair<uint32_t, uint32_t>> complaints;  // (l, i)
  while (run.cursor->PeekType() == "complaint") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("complaint"));
    Path p = RootPath(e.file->name);
    HENHOUSE_RETURN_IF_ERROR(
        ExpectKeys(e.body, {"accused", "attempt", "complainant", "reason"}, {}, p));
    HENHOUSE_RETURN_IF_ERROR(GetU64(e.body, "attempt", p, a, a).status());
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t l, GetU64(e.body, "complainant", p, 1, n));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t i, GetU64(e.body, "accused", p, 1, n));
    HENHOUSE_ASSIGN_OR_RETURN(std::string reason, GetString(e.body, "reason", p));
    HENHOUSE_RETURN_IF_ERROR(CheckQualifier(e, {a, l, i}));
    if (reason != "share proof invalid" && reason != "share fails commitments") {
      return p.At("reason").Error("unknown complaint reason \"" + reason + "\"");
    }
    std::pair<uint32_t, uint32_t> key{static_cast<uint32_t>(l), static_cast<uint32_t>(i)};
    if (l == i || (!complaints.empty() && key <= complaints.back())) {
      return p.Error("complaints must name two different guardians, in order of (l, i)");
    }
    complaints.push_back(key);
  }
  std::set<uint32_t> implied;
  size_t next = 0;
  std::set<std::pair<uint32_t, uint32_t>> revealed;
  while (run.cursor->PeekType() == "share_reveal") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("share_reveal"));
    Path p = RootPath(e.file->name);
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(
        e.body, {"attempt", "data_share", "nonce", "recipient", "sender", "share"}, {}, p));
    HENHOUSE_RETURN_IF_ERROR(GetU64(e.body, "attempt", p, a, a).status());
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t i, GetU64(e.body, "sender", p, 1, n));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t l, GetU64(e.body, "recipient", p, 1, n));
    HENHOUSE_RETURN_IF_ERROR(CheckQualifier(e, {a, i, l}));
    while (next < complaints.size() && complaints[next] != std::pair<uint32_t, uint32_t>(l, i)) {
      ++next;
    }
    if (next == complaints.size()) {
      return p.Error("a reveal must answer a complaint, in the order of the complaints");
    }
    ++next;
    revealed.insert({static_cast<uint32_t>(l), static_cast<uint32_t>(i)});
    HENHOUSE_ASSIGN_OR_RETURN(
        bool valid, RevealIsValid(run, e, shares.at({i, l}), gs[i - 1], gs[l - 1],
                                  static_cast<uint32_t>(i), static_cast<uint32_t>(l)));
    implied.insert(static_cast<uint32_t>(valid ? l : i));
  }
  for (const auto& c : complaints) {
    if (!revealed.count(c)) implied.insert(c.second);
  }
  std::set<uint32_t> disqualified;
  while (run.cursor->PeekType() == "disqualification") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("disqualification"));
    Path p = RootPath(e.file->name);
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(e.body, {"attempt", "guardian", "reason"}, {}, p));
    HENHOUSE_RETURN_IF_ERROR(GetU64(e.body, "attempt", p, a, a).status());
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t g, GetU64(e.body, "guardian", p, 1, n));
    HENHOUSE_RETURN_IF_ERROR(GetString(e.body, "reason", p).status());
    HENHOUSE_RETURN_IF_ERROR(CheckQualifier(e, {a, g}));
    if (!disqualified.empty() && g <= *disqualified.rbegin()) {
      return p.Error("disqualifications must be in ascending guardian order");
    }
    disqualified.insert(static_cast<uint32_t>(g));
  }
  run.Items(kV2, 1);
  if (disqualified != implied) {
    run.Fail(kV2, "2 (complaints) attempt " + std::to_string(a) + ": disqualified " +
                      SetText(disqualified) + ", but the complaints and reveals imply " +
                      SetText(implied));
  }
  return disqualified;
}

Status VerifyCeremonyAttempts(Run& run, std::vector<GuardianEntry>& final_guardians,
                              uint32_t& final_attempt) {
  uint32_t n = run.election.manifest.guardians;
  constexpr uint32_t kMaxAttempts = 255;
  for (uint32_t a = 1; a <= kMaxAttempts; ++a) {
    std::vector<GuardianEntry> gs;
    for (uint32_t i = 1; i <= n; ++i) {
      HENHOUSE_ASSIGN_OR_RETURN(GuardianEntry g, ReadGuardian(run, a, i));
      gs.push_back(std::move(g));
    }
    std::map<std::pair<uint32_t, uint32_t>, ShareEntry> shares;
    for (uint32_t i = 1; i <= n; ++i) {
      for (uint32_t l = 1; l <= n; ++l) {
        if (i == l) continue;
        HENHOUSE_ASSIGN_OR_RETURN(ShareEntry s, ReadShare(run, a, i, l));
        shares.emplace(std::pair{i, l}, std::move(s));
      }
    }
    HENHOUSE_ASSIGN_OR_RETURN(std::set<uint32_t> dq, ReadComplaints(run, a, gs, shares));
    if (dq.empty()) {
      final_guardians = std::move(gs);
      final_attempt = a;
      return OkStatus();
    }
  }
  return DataLossError("record: more than 255 key ceremony attempts");
}

}  // namespace

Status VerifyCeremony(Run& run) {
  const ManifestModel& m = run.election.manifest;
  std::vector<GuardianEntry> guardians;
  uint32_t attempt = 0;
  HENHOUSE_RETURN_IF_ERROR(VerifyCeremonyAttempts(run, guardians, attempt));

  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("election_keys"));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  HENHOUSE_RETURN_IF_ERROR(
      ExpectKeys(b, {"attempt", "data_key", "h_b", "h_e", "h_g", "vote_key"}, {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "attempt", p, attempt, attempt).status());
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_b, GetHash(b, "h_b", p));
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_g, GetHash(b, "h_g", p));
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_e, GetHash(b, "h_e", p));
  HENHOUSE_ASSIGN_OR_RETURN(math::Element vote_key,
                            GetElement(run.group(), b, "vote_key", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(math::Element data_key,
                            GetElement(run.group(), b, "data_key", p, run.counters));
  const Hash32& hb = run.election.h_b;
  run.Items(kV1, 1);
  if (h_b != hb) {
    run.Fail(kV1, "1.F election_keys: h_b " + Hex32(h_b) +
                      " is not H(H_P; 0x01, manifest) = " + Hex32(hb));
  }
  // K = Π K_{i,0}, K̂ = Π K̂_{i,0}  [eq. 25, 26; 3.A, 3.B]
  math::Element k_prod = run.group().Identity();
  math::Element k_hat_prod = run.group().Identity();
  for (const GuardianEntry& g : guardians) {
    k_prod = k_prod * g.vote[0];
    k_hat_prod = k_hat_prod * g.data[0];
  }
  run.Items(kV3, 3);
  if (!(k_prod == vote_key)) run.Fail(kV3, "3.A election_keys: vote_key is not the product of the K_{i,0}");
  if (!(k_hat_prod == data_key)) {
    run.Fail(kV3, "3.B election_keys: data_key is not the product of the K^_{i,0}");
  }
  // H_G = H(H_B; 0x13, K, K̂, K_{1,*}, …, K_{n,*}, K̂_{1,*}, …, K̂_{n,*}, κ_1..κ_n)  [eq. 27]
  crypto::HashInput hg(0x13);
  hg.Element(vote_key).Element(data_key);
  for (const GuardianEntry& g : guardians) hg.Elements(g.vote);
  for (const GuardianEntry& g : guardians) hg.Elements(g.data);
  for (const GuardianEntry& g : guardians) hg.Element(g.kappa);
  if (crypto::H(hb, hg) != h_g) run.Fail(kV3, "3 (eq. 27) election_keys: h_g mismatch");
  // H_E = H(H_B; 0x14, K, K̂)  [eq. 30; 4.A]
  crypto::HashInput he(0x14);
  he.Element(vote_key).Element(data_key);
  run.election.h_e = crypto::H(hb, he);
  run.counters.hashes += 2;
  run.Items(kV4, 1);
  if (run.election.h_e != h_e) {
    run.Fail(kV4, "4.A election_keys: h_e " + Hex32(h_e) + " is not H(H_B; 0x14, K, K^) = " +
                      Hex32(run.election.h_e));
  }
  if (vote_key.IsIdentity() || data_key.IsIdentity()) {
    return p.Error("vote_key or data_key is the identity: nothing would be secret");
  }
  run.election.k = run.group().Precompute(vote_key);
  run.election.k_hat = run.group().Precompute(data_key);
  run.election.commitments.clear();
  for (GuardianEntry& g : guardians) run.election.commitments.push_back(std::move(g.vote));
  (void)m;
  return OkStatus();
}

}  // namespace henhouse::verify
