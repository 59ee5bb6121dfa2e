// Key ceremony and election keys: Verifications 2, 3, 4 [2.1 §6.2.2–6.2.3],
// with the share proofs of eq. 22 and the complaint outcome rule
// (docs/formats.md, "share_reveal") reported under V2.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "henhouse/crypto/hash.h"
#include "verify/context.h"

namespace henhouse::verify {
namespace {

struct GuardianEntry {
  std::vector<math::Element> vote;  // K_{i,0..k-1}
  std::vector<math::Element> data;  // K̂_{i,0..k-1}
  math::Element kappa;              // κ_i
  bool proofs_ok = true;            // 2.C for both proofs
};

struct ShareEntry {
  math::Element c0;
  Bytes c1;
  bool proof_ok = false;  // eq. 22
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
                   uint32_t i, const std::vector<math::Element>& commitments,
                   const math::Element& kappa, const Path& path, bool& ok) {
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
  if (crypto::Hq(group, run.election.h_p, in) != c) ok = false;
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
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "attempt", p, a, a).status());
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "index", p, i, i).status());
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
  HENHOUSE_RETURN_IF_ERROR(
      VerifyProof(run, b, "proof", "pk_vote", i, g.vote, g.kappa, p, g.proofs_ok));
  HENHOUSE_RETURN_IF_ERROR(
      VerifyProof(run, b, "data_proof", "pk_data", i, g.data, g.kappa, p, g.proofs_ok));
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
  s.proof_ok = crypto::Hq(group, run.election.h_p, in) == c;
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

// Decode32 reads b(x, 32) as a scalar mod q, requiring zero padding above lq.
std::optional<math::Scalar> Decode32(const math::Group& group, ByteSpan b) {
  size_t lq = group.ScalarSize();
  for (size_t i = 0; i + lq < 32; ++i) {
    if (b[i] != 0) return std::nullopt;
  }
  auto s = group.ParseScalar(b.subspan(32 - lq, lq));
  if (!s.ok()) return std::nullopt;
  return *s;
}

// ResolveReveal decides a "share fails commitments" complaint from the
// complainant's reveal (docs/formats.md, `share_reveal`): the Chaum–Pedersen
// proof a = g^v·κ_ℓ^c, b = C0^v·β^c, c = H_q(H_P; 0x60, i, ℓ, κ_ℓ, C0, β, a, b);
// the decryption k = H(H_P; 0x11, i, ℓ, κ_ℓ, C0, β) [eq. 16], k1, k2 [eq. 17,
// 18], C1 ⊕ (k1 ∥ k2) [eq. 23]; then eq. 28/29. Returns the guilty guardian.
StatusOr<uint32_t> ResolveReveal(Run& run, const Entry& e, const ShareEntry& share,
                                 const GuardianEntry& sender, const GuardianEntry& recipient,
                                 uint32_t a, uint32_t i, uint32_t l) {
  const math::Group& group = run.group();
  const math::FixedBase& g = run.election.g;
  Path p = RootPath(e.file->name);
  std::string name = "attempt " + std::to_string(a) + " reveal " + std::to_string(i) + "->" +
                     std::to_string(l);
  HENHOUSE_ASSIGN_OR_RETURN(math::Element beta, GetElement(group, e.body, "beta", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* proof, Field(e.body, "proof", p));
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(*proof, {"c", "v"}, {}, p.At("proof")));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar c, GetScalar(group, *proof, "c", p.At("proof")));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar v, GetScalar(group, *proof, "v", p.At("proof")));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar pv, GetScalar(group, e.body, "share", p));
  HENHOUSE_ASSIGN_OR_RETURN(math::Scalar pd, GetScalar(group, e.body, "data_share", p));
  math::Element ra = g.Pow(v) * recipient.kappa.Pow(c);
  math::Element rb = share.c0.Pow(v) * beta.Pow(c);
  run.counters.fixed_base_pows += 1;
  run.counters.variable_pows += 3;
  crypto::HashInput cin(0x60);
  cin.U32(i).U32(l).Element(recipient.kappa).Element(share.c0).Element(beta).Element(ra).Element(rb);
  run.counters.hashes += 2;
  run.Items(kV2, 1);
  if (crypto::Hq(group, run.election.h_p, cin) != c) {
    run.Fail(kV2, "2 (complaints) " + name + ": the reveal's proof does not verify");
    return l;
  }
  crypto::HashInput kin(0x11);
  kin.U32(i).U32(l).Element(recipient.kappa).Element(share.c0).Element(beta);
  Hash32 key = crypto::H(run.election.h_p, kin);
  Bytes context = ToBytes("share_encrypt");
  AppendU32(context, i);
  AppendU32(context, l);
  Bytes plain;
  for (uint8_t counter : {uint8_t{1}, uint8_t{2}}) {
    Bytes msg{counter};  // counter ∥ Label ∥ 0x00 ∥ Context ∥ 0x0200  [eq. 17, 18]
    Append(msg, AsBytes("share_enc_keys"));
    msg.push_back(0x00);
    Append(msg, context);
    msg.push_back(0x02);
    msg.push_back(0x00);
    SecretBytes block = crypto::HmacSha256(key, msg);
    ByteSpan kb = block.Reveal(SecretAccess::Get());
    for (size_t b = 0; b < 32; ++b) plain.push_back(share.c1[(counter - 1) * 32 + b] ^ kb[b]);
  }
  auto dv = Decode32(group, ByteSpan(plain).subspan(0, 32));
  auto dd = Decode32(group, ByteSpan(plain).subspan(32, 32));
  if (!dv || !dd) return i;  // the sender's ciphertext holds no share at all
  if (!(*dv == pv) || !(*dd == pd)) {
    run.Fail(kV2, "2 (complaints) " + name + ": share/data_share differ from the decryption");
  }
  run.counters.fixed_base_pows += 2;
  bool ok = g.Pow(*dv) == CommitmentsAt(run, sender.vote, l) &&
            g.Pow(*dd) == CommitmentsAt(run, sender.data, l);  // eq. 28, 29
  return ok ? l : i;
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

using ShareMap = std::map<std::pair<uint32_t, uint32_t>, ShareEntry>;

struct Complaint {
  uint32_t l, i;
  std::string reason;
};

StatusOr<std::vector<Complaint>> ReadComplaintEntries(Run& run, uint32_t a, uint32_t n) {
  std::vector<Complaint> out;
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
    if (reason != "share proof invalid" && reason != "share fails commitments" &&
        reason != "share missing") {
      return p.At("reason").Error("unknown complaint reason \"" + reason + "\"");
    }
    if (l == i || (!out.empty() && std::pair(l, i) <= std::pair<uint64_t, uint64_t>(
                                                          out.back().l, out.back().i))) {
      return p.Error("complaints must name two different guardians, in order of (l, i)");
    }
    out.push_back({static_cast<uint32_t>(l), static_cast<uint32_t>(i), reason});
  }
  return out;
}

// ReadComplaints reads the complaints, reveals and disqualifications of
// attempt a and checks the outcome rule (docs/formats.md); returns the
// disqualified set.
StatusOr<std::set<uint32_t>> ReadComplaints(Run& run, uint32_t a,
                                            const std::vector<GuardianEntry>& gs,
                                            const ShareMap& shares) {
  uint32_t n = static_cast<uint32_t>(gs.size());
  HENHOUSE_ASSIGN_OR_RETURN(std::vector<Complaint> complaints, ReadComplaintEntries(run, a, n));
  std::set<uint32_t> implied;
  for (uint32_t i = 1; i <= n; ++i) {
    if (!gs[i - 1].proofs_ok) implied.insert(i);
  }
  size_t next = 0;
  while (run.cursor->PeekType() == "share_reveal") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("share_reveal"));
    Path p = RootPath(e.file->name);
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(
        e.body, {"attempt", "beta", "data_share", "proof", "recipient", "sender", "share"}, {},
        p));
    HENHOUSE_RETURN_IF_ERROR(GetU64(e.body, "attempt", p, a, a).status());
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t i, GetU64(e.body, "sender", p, 1, n));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t l, GetU64(e.body, "recipient", p, 1, n));
    HENHOUSE_RETURN_IF_ERROR(CheckQualifier(e, {a, i, l}));
    while (next < complaints.size() && (complaints[next].l != l || complaints[next].i != i)) {
      ++next;
    }
    auto share = shares.find({static_cast<uint32_t>(i), static_cast<uint32_t>(l)});
    if (next == complaints.size() || complaints[next].reason != "share fails commitments" ||
        share == shares.end()) {
      return p.Error("a reveal must answer a \"share fails commitments\" complaint about an "
                     "existing share, in the order of the complaints");
    }
    HENHOUSE_ASSIGN_OR_RETURN(
        uint32_t guilty, ResolveReveal(run, e, share->second, gs[i - 1], gs[l - 1], a,
                                       static_cast<uint32_t>(i), static_cast<uint32_t>(l)));
    complaints[next].reason = "resolved";
    implied.insert(guilty);
    ++next;
  }
  for (const Complaint& c : complaints) {
    if (c.reason == "resolved") continue;
    if (c.reason == "share fails commitments") {
      implied.insert(c.l);  // no reveal: the complainant's proof did not verify
      continue;
    }
    auto share = shares.find({c.i, c.l});
    implied.insert(share != shares.end() && share->second.proof_ok ? c.l : c.i);
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
                      SetText(disqualified) + ", but the complaints, reveals and key proofs "
                      "imply " + SetText(implied));
  }
  return disqualified;
}

// ReadShares reads the attempt's share entries (ordered by (i, ℓ); a share
// may be missing, which its recipient must then complain about).
StatusOr<ShareMap> ReadShares(Run& run, uint32_t a, uint32_t n) {
  ShareMap shares;
  while (run.cursor->PeekType() == "share") {
    const std::vector<std::string>& q = run.cursor->PeekQualifier();
    uint32_t i = 0, l = 0;
    if (q.size() == 3 && q[1].size() <= 3 && q[2].size() <= 3 &&
        std::all_of(q[1].begin(), q[1].end(), ::isdigit) &&
        std::all_of(q[2].begin(), q[2].end(), ::isdigit) && !q[1].empty() && !q[2].empty()) {
      i = static_cast<uint32_t>(std::stoul(q[1]));
      l = static_cast<uint32_t>(std::stoul(q[2]));
    }
    if (i < 1 || l < 1 || i > n || l > n || i == l ||
        (!shares.empty() && std::pair(i, l) <= shares.rbegin()->first)) {
      return DataLossError("record: share entry out of order or misnamed in attempt " +
                           std::to_string(a) + " (docs/formats.md \"Entry sequence\")");
    }
    HENHOUSE_ASSIGN_OR_RETURN(ShareEntry s, ReadShare(run, a, i, l));
    shares.emplace(std::pair{i, l}, std::move(s));
  }
  return shares;
}

// ReportFinalAttempt reports, for the attempt whose keys are used, every
// failed key proof (2.C) and every missing or unprovable share (eq. 22).
void ReportFinalAttempt(Run& run, uint32_t a, const std::vector<GuardianEntry>& gs,
                        const ShareMap& shares) {
  uint32_t n = static_cast<uint32_t>(gs.size());
  for (uint32_t i = 1; i <= n; ++i) {
    if (!gs[i - 1].proofs_ok) {
      run.Fail(kV2, "2.C " + GuardianName(a, i) + ": key proof challenge mismatch");
    }
    for (uint32_t l = 1; l <= n; ++l) {
      if (l == i) continue;
      auto it = shares.find({i, l});
      std::string name = "attempt " + std::to_string(a) + " share " + std::to_string(i) + "->" +
                         std::to_string(l);
      run.Items(kV2, 1);
      if (it == shares.end()) {
        run.Fail(kV2, "2 (eq. 22) " + name + ": missing");
      } else if (!it->second.proof_ok) {
        run.Fail(kV2, "2 (eq. 22) " + name + ": proof of nonce knowledge challenge mismatch");
      }
    }
  }
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
    HENHOUSE_ASSIGN_OR_RETURN(ShareMap shares, ReadShares(run, a, n));
    HENHOUSE_ASSIGN_OR_RETURN(std::set<uint32_t> dq, ReadComplaints(run, a, gs, shares));
    if (dq.empty()) {
      ReportFinalAttempt(run, a, gs, shares);
      final_guardians = std::move(gs);
      final_attempt = a;
      return OkStatus();
    }
  }
  return DataLossError("record: more than 255 key ceremony attempts");
}

}  // namespace

Status VerifyCeremony(Run& run) {
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
  run.election.data_commitments.clear();
  for (GuardianEntry& g : guardians) {
    run.election.commitments.push_back(std::move(g.vote));
    run.election.data_commitments.push_back(std::move(g.data));
  }
  return OkStatus();
}

}  // namespace henhouse::verify
