#include "verify/ballot.h"

#include "henhouse/crypto/hash.h"

namespace henhouse::verify {
namespace {

using math::Element;
using math::Scalar;

struct RangeProofValues {
  std::vector<Scalar> c;  // c_j
  std::vector<Scalar> v;  // v_j
};

Status ReadRangeProof(const math::Group& group, const Json& proof, size_t range, const Path& p,
                      RangeProofValues& out) {
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(proof, {"c", "v"}, {}, p));
  for (auto [key, vec] : {std::pair{"c", &out.c}, std::pair{"v", &out.v}}) {
    HENHOUSE_ASSIGN_OR_RETURN(const Json* arr, Field(proof, key, p));
    // 6.B / 6.C (7.B / 7.C): R+1 values, each in Z_q.
    HENHOUSE_RETURN_IF_ERROR(ExpectArray(*arr, range + 1, p.At(key)));
    for (size_t j = 0; j <= range; ++j) {
      HENHOUSE_ASSIGN_OR_RETURN(Scalar x, ReadScalar(group, (*arr)[j], p.At(key).At(j)));
      vec->push_back(std::move(x));
    }
  }
  return OkStatus();
}

// RangeExponents returns the exponents of g and K in the commitments
// a_j = g^(v_j)·x^(c_j), b_j = K^(w_j)·y^(c_j), w_j = v_j − j·c_j
// [Verification 6.1, 6.2 / 7.3, 7.4].
std::pair<std::vector<Scalar>, std::vector<Scalar>> RangeExponents(const math::Group& group,
                                                                   const RangeProofValues& proof) {
  std::vector<Scalar> w;
  w.reserve(proof.c.size());
  for (size_t j = 0; j < proof.c.size(); ++j) {
    w.push_back(proof.v[j] - group.ScalarFromU64(j) * proof.c[j]);
  }
  return {proof.v, std::move(w)};
}

// RangeChallengeMatches hashes x, y and the recomputed commitments a_j, b_j
// into `in` (which holds 0x24 and the indices), recomputes the challenge c
// [6.3 / 7.5] and checks c = Σ c_j [6.D / 7.D].
bool RangeChallengeMatches(const Run& run, const Hash32& h_i, crypto::HashInput& in,
                           ByteSpan x, ByteSpan y, std::span<const Element> a,
                           std::span<const Element> b, const RangeProofValues& proof,
                           Counters& counters) {
  const math::Group& group = run.group();
  in.Fixed(x).Fixed(y);
  Scalar sum = group.ScalarFromU64(0);
  std::vector<Element> commitments;  // a_0, b_0, a_1, b_1, …
  commitments.reserve(2 * proof.c.size());
  for (size_t j = 0; j < proof.c.size(); ++j) {
    commitments.push_back(a[j]);
    commitments.push_back(b[j]);
    sum = sum + proof.c[j];
  }
  // One batch encoding (on p256 one field inversion for all the points).
  for (const Bytes& e : group.EncodeElements(commitments)) in.Fixed(e);
  counters.fixed_base_pows += 2 * proof.c.size();
  ++counters.hashes;
  return crypto::Hq(group, h_i, in) == sum;
}

struct BallotWork {
  const Run& run;
  BallotResult& out;
  Hash32 h_i{};
  std::string name;  // "ballot 17"

  void Fail(CheckId id, const std::string& what) {
    out.findings.push_back({id, name + " " + what});
  }
};

// VerifySelection checks one selection's range proof (V6) and returns its
// encoded and parsed (α, β).
Status VerifySelection(BallotWork& w, const Json& sel, const ContestModel& cm, size_t o,
                       const Path& op, Bytes& ab, Bytes& bb, std::pair<Element, Element>& ct) {
  const math::Group& group = w.run.group();
  Counters& counters = w.out.counters;
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(sel, {"alpha", "beta", "proof"}, {}, op));
  RangeProofValues proof;
  HENHOUSE_ASSIGN_OR_RETURN(const Json* pj, Field(sel, "proof", op));
  HENHOUSE_RETURN_IF_ERROR(ReadRangeProof(group, *pj, cm.option_limit, op.At("proof"), proof));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* aj, Field(sel, "alpha", op));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* bj, Field(sel, "beta", op));
  HENHOUSE_ASSIGN_OR_RETURN(ab, ReadElementBytes(group, *aj, op.At("alpha")));
  HENHOUSE_ASSIGN_OR_RETURN(bb, ReadElementBytes(group, *bj, op.At("beta")));
  // 6.A: α, β in the subgroup; the membership test shares the squaring
  // chain with α^(c_j), β^(c_j), and the parse returns the commitments
  // a_j = g^(v_j)·α^(c_j), b_j = K^(w_j)·β^(c_j) (6.1, 6.2).
  const auto [v, wk] = RangeExponents(group, proof);
  auto [ap, bp] = group.ParseTwoWithProducts({ab, proof.c, &w.run.election.g, v},
                                              {bb, proof.c, &w.run.election.k, wk});
  if (!ap.ok()) return op.At("alpha").Error("6.A not in the group: " + ap.status().message());
  if (!bp.ok()) return op.At("beta").Error("6.A not in the group: " + bp.status().message());
  counters.membership_checks += 2;
  counters.variable_pows += 2 * proof.c.size();
  std::span<const Element> a_pows(ap->data() + 1, ap->size() - 1);
  std::span<const Element> b_pows(bp->data() + 1, bp->size() - 1);
  crypto::HashInput in(0x24);  // c = H_q(H_I; 0x24, ind_c, ind_o, α, β, a_0, b_0, …)  [6.3]
  in.U32(cm.index).U32(static_cast<uint32_t>(o + 1));
  w.out.items[kV6] += 1;
  if (!RangeChallengeMatches(w.run, w.h_i, in, ab, bb, a_pows, b_pows, proof, counters)) {
    w.Fail(kV6, "contest " + std::to_string(cm.index) + " option " + std::to_string(o + 1) +
                    ": 6.D range proof challenge mismatch");
  }
  ct = {(*ap)[0], (*bp)[0]};
  return OkStatus();
}

// VerifyContestData checks the contest data ciphertext C_Λ = (C0, C1, C2)
// of one contest [§3.3.10]: C0 in the group, C1 of 32·b_Λ bytes, and the
// Schnorr proof C2 = (c, v): a = g^v·C0^c, c = H_q(H_I; 0x27, ind_c, a, C0,
// C1) [eq. 69]. §6 checks it only when the data is decrypted (§3.6.6);
// henhouse checks it on every ballot, under V6 like eq. 38. `out` gets the
// encoded C0, C1, b(C2, 2·lq) for the contest hash (eq. 70).
Status VerifyContestData(BallotWork& w, const Json& contest, const ContestModel& cm,
                         const Path& p, std::array<Bytes, 3>& out) {
  const math::Group& group = w.run.group();
  HENHOUSE_ASSIGN_OR_RETURN(const Json* dj, Field(contest, "contest_data", p));
  Path dp = p.At("contest_data");
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(*dj, {"c", "c0", "c1", "v"}, {}, dp));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* c0j, Field(*dj, "c0", dp));
  HENHOUSE_ASSIGN_OR_RETURN(out[0], ReadElementBytes(group, *c0j, dp.At("c0")));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* c1j, Field(*dj, "c1", dp));
  HENHOUSE_ASSIGN_OR_RETURN(out[1], ReadHex(*c1j, size_t{32} * cm.contest_data_blocks, dp.At("c1")));
  HENHOUSE_ASSIGN_OR_RETURN(Scalar c, GetScalar(group, *dj, "c", dp));
  HENHOUSE_ASSIGN_OR_RETURN(Scalar v, GetScalar(group, *dj, "v", dp));
  std::array<Scalar, 1> exps{c};
  auto c0 = group.ParseElementWithPowers(out[0], exps);
  if (!c0.ok()) return dp.At("c0").Error("not in the group: " + c0.status().message());
  Counters& counters = w.out.counters;
  ++counters.membership_checks;
  ++counters.variable_pows;
  ++counters.fixed_base_pows;
  ++counters.hashes;
  crypto::HashInput in(0x27);
  in.U32(cm.index).Element(w.run.election.g.Pow(v) * (*c0)[1]).Fixed(out[0]).Fixed(out[1]);
  w.out.items[kV6] += 1;
  if (crypto::Hq(group, w.h_i, in) != c) {
    w.Fail(kV6, "contest " + std::to_string(cm.index) +
                    ": 6 (eq. 69) contest data encryption: proof challenge mismatch");
  }
  out[2] = c.Encode();
  Append(out[2], v.Encode());
  return OkStatus();
}

// VerifyContest checks one contest object of the ballot: every selection's
// range proof (V6), the limit proof (V7), the contest data proof (V6) and
// the contest hash (8.A).
// Returns χ as recomputed, and the selections.
Status VerifyContest(BallotWork& w, const Json& contest, const ContestModel& cm, const Path& p,
                     std::vector<std::pair<Element, Element>>& selections,
                     std::array<Bytes, 3>& data, Hash32& chi) {
  const math::Group& group = w.run.group();
  Counters& counters = w.out.counters;
  HENHOUSE_RETURN_IF_ERROR(
      ExpectKeys(contest, {"contest", "contest_data", "contest_hash", "limit_proof", "selections"},
                 {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(contest, "contest", p, cm.index, cm.index).status());
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 recorded_chi, GetHash(contest, "contest_hash", p));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* sels, Field(contest, "selections", p));
  Path sp = p.At("selections");
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*sels, cm.options.size(), sp));
  std::string where = "contest " + std::to_string(cm.index);
  crypto::HashInput chi_in(0x28);  // χ_l = H(H_I; 0x28, l, α_1, β_1, …)  [eq. 70]
  chi_in.U32(cm.index);
  Element alpha_bar = group.Identity();
  Element beta_bar = group.Identity();
  for (size_t o = 0; o < cm.options.size(); ++o) {
    Bytes ab, bb;
    std::pair<Element, Element> ct;
    HENHOUSE_RETURN_IF_ERROR(VerifySelection(w, (*sels)[o], cm, o, sp.At(o), ab, bb, ct));
    chi_in.Fixed(ab).Fixed(bb);
    alpha_bar = alpha_bar * ct.first;
    beta_bar = beta_bar * ct.second;
    selections.push_back(std::move(ct));
  }
  // Verification 7: (ᾱ, β̄) = (Π α_i, Π β_i)  [7.1, 7.2]
  RangeProofValues limit;
  HENHOUSE_ASSIGN_OR_RETURN(const Json* lj, Field(contest, "limit_proof", p));
  HENHOUSE_RETURN_IF_ERROR(
      ReadRangeProof(group, *lj, cm.selection_limit, p.At("limit_proof"), limit));
  const auto [v, wk] = RangeExponents(group, limit);
  auto [a_pows, b_pows] = group.PowManyTimesFixedTwo(alpha_bar, limit.c, w.run.election.g, v,
                                                     beta_bar, limit.c, w.run.election.k, wk);
  counters.variable_pows += 2 * limit.c.size();
  crypto::HashInput in(0x24);  // c = H_q(H_I; 0x24, ind_c, ᾱ, β̄, a_0, b_0, …)  [7.5]
  in.U32(cm.index);
  w.out.items[kV7] += 1;
  if (!RangeChallengeMatches(w.run, w.h_i, in, alpha_bar.Encode(), beta_bar.Encode(), a_pows,
                             b_pows, limit, counters)) {
    w.Fail(kV7, where + ": 7.D contest limit proof challenge mismatch");
  }
  HENHOUSE_RETURN_IF_ERROR(VerifyContestData(w, contest, cm, p, data));
  chi_in.Fixed(data[0]).Fixed(data[1]).Fixed(data[2]);  // …, C0, C1, C2  [eq. 70]
  chi = crypto::H(w.h_i, chi_in);
  ++counters.hashes;
  w.out.items[kV8] += 1;
  if (chi != recorded_chi) w.Fail(kV8, where + ": 8.A contest hash mismatch");
  return OkStatus();
}

// VerifyNonceEncryption checks the ballot nonce encryption's proof C_{ξB,2}
// [eq. 38]: a_B = g^(v_B)·C0^(c_B), c_B = H_q(H_I; 0x23, a_B, C0, C1). §6
// uses it only when a challenged ballot is opened; henhouse checks it on
// every ballot (under V6) so that no value of a ballot goes unchecked.
Status VerifyNonceEncryption(BallotWork& w, const Json& b, const Path& p) {
  const math::Group& group = w.run.group();
  HENHOUSE_ASSIGN_OR_RETURN(const Json* ne, Field(b, "nonce_encryption", p));
  Path np = p.At("nonce_encryption");
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(*ne, {"c", "c0", "c1", "v"}, {}, np));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* c0j, Field(*ne, "c0", np));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes c0b, ReadElementBytes(group, *c0j, np.At("c0")));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* c1j, Field(*ne, "c1", np));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes c1b, ReadHex(*c1j, 32, np.At("c1")));
  HENHOUSE_ASSIGN_OR_RETURN(Scalar c, GetScalar(group, *ne, "c", np));
  HENHOUSE_ASSIGN_OR_RETURN(Scalar v, GetScalar(group, *ne, "v", np));
  std::array<Scalar, 1> exps{c};
  auto c0 = group.ParseElementWithPowers(c0b, exps);
  if (!c0.ok()) return np.At("c0").Error("not in the group: " + c0.status().message());
  Counters& counters = w.out.counters;
  ++counters.membership_checks;
  ++counters.variable_pows;
  ++counters.fixed_base_pows;
  ++counters.hashes;
  crypto::HashInput in(0x23);
  in.Element(w.run.election.g.Pow(v) * (*c0)[1]).Fixed(c0b).Fixed(c1b);
  w.out.items[kV6] += 1;
  if (crypto::Hq(group, w.h_i, in) != c) {
    w.Fail(kV6, "6 (eq. 38) ballot nonce encryption: proof challenge mismatch");
  }
  return OkStatus();
}

Status VerifyBallotBody(BallotWork& w, const DeviceInfo& device, const Json& b, const Path& p) {
  const Run& run = w.run;
  const ManifestModel& m = run.election.manifest;
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(
      b, {"chaining_field", "confirmation_code", "contests", "device", "h_i", "id",
          "nonce_encryption", "number", "status", "style"},
      {}, p));
  HENHOUSE_ASSIGN_OR_RETURN(w.out.number, GetU64(b, "number", p, 1, uint64_t{1} << 53));
  w.name = "ballot " + std::to_string(w.out.number);
  HENHOUSE_ASSIGN_OR_RETURN(std::string dev, GetString(b, "device", p));
  if (dev != device.id) return p.At("device").Error("expected device \"" + device.id + "\"");
  HENHOUSE_ASSIGN_OR_RETURN(std::string style, GetString(b, "style", p));
  auto st = m.style_by_label.find(style);
  if (st == m.style_by_label.end()) return p.At("style").Error("unknown ballot style");
  w.out.style = st->second;
  HENHOUSE_ASSIGN_OR_RETURN(std::string status, GetString(b, "status", p));
  if (status != "cast" && status != "challenged") {
    return p.At("status").Error("expected \"cast\" or \"challenged\"");
  }
  w.out.cast = status == "cast";
  HENHOUSE_ASSIGN_OR_RETURN(const Json* idj, Field(b, "id", p));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes id, ReadHex(*idj, 32, p.At("id")));
  std::copy(id.begin(), id.end(), w.out.id.begin());
  HENHOUSE_ASSIGN_OR_RETURN(Hash32 h_i, GetHash(b, "h_i", p));
  // 5.B: H_I = H(H_E; 0x20, id_B)  [eq. 32]. Later checks use the recomputed H_I.
  crypto::HashInput hi(0x20);
  hi.Fixed(id);
  w.h_i = crypto::H(run.election.h_e, hi);
  ++w.out.counters.hashes;
  w.out.items[kV5] += 1;
  if (w.h_i != h_i) w.Fail(kV5, "5.B h_i is not H(H_E; 0x20, id_B)");
  HENHOUSE_ASSIGN_OR_RETURN(const Json* cf, Field(b, "chaining_field", p));
  HENHOUSE_ASSIGN_OR_RETURN(w.out.chaining_field, ReadHex(*cf, 36, p.At("chaining_field")));
  HENHOUSE_ASSIGN_OR_RETURN(w.out.confirmation_code, GetHash(b, "confirmation_code", p));
  if (!w.out.cast) {
    w.out.challenged = std::make_unique<ChallengedBallot>();
    w.out.challenged->number = w.out.number;
    w.out.challenged->style = w.out.style;
    w.out.challenged->id = w.out.id;
    w.out.challenged->h_i = w.h_i;
    w.out.challenged->chaining_field = w.out.chaining_field;
    w.out.challenged->confirmation_code = w.out.confirmation_code;
  }
  HENHOUSE_RETURN_IF_ERROR(VerifyNonceEncryption(w, b, p));

  const StyleModel& sm = m.styles[w.out.style];
  HENHOUSE_ASSIGN_OR_RETURN(const Json* contests, Field(b, "contests", p));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*contests, sm.contests.size(), p.At("contests")));
  std::vector<Hash32> chis;
  for (size_t c = 0; c < sm.contests.size(); ++c) {
    const ContestModel& cm = m.contests[sm.contests[c] - 1];
    std::vector<std::pair<Element, Element>> sels;
    std::array<Bytes, 3> data;
    Hash32 chi;
    const Path cs = p.At("contests");
    HENHOUSE_RETURN_IF_ERROR(VerifyContest(w, (*contests)[c], cm, cs.At(c), sels, data, chi));
    chis.push_back(chi);
    if (w.out.challenged) {
      w.out.challenged->contest_hashes.push_back(
          *GetHash((*contests)[c], "contest_hash", p));
      w.out.challenged->selections.push_back(std::move(sels));
      w.out.challenged->contest_data.push_back(std::move(data));
    } else {
      w.out.selections.push_back(std::move(sels));
    }
  }
  // 8.B: H_C = H(H_I; 0x29, χ_1, …, χ_m, B_C)  [eq. 71], from the recomputed χ.
  ++w.out.counters.hashes;
  w.out.items[kV8] += 1;
  if (ConfirmationCode(w.h_i, chis, w.out.chaining_field) != w.out.confirmation_code) {
    w.Fail(kV8, "8.B confirmation code mismatch");
  }
  return OkStatus();
}

}  // namespace

Hash32 ContestHash(const Hash32& h_i, uint32_t contest, const std::vector<Bytes>& encoded) {
  crypto::HashInput in(0x28);
  in.U32(contest);
  for (const Bytes& e : encoded) in.Fixed(e);
  return crypto::H(h_i, in);
}

Hash32 ConfirmationCode(const Hash32& h_i, const std::vector<Hash32>& contest_hashes,
                        ByteSpan chaining_field) {
  crypto::HashInput in(0x29);
  for (const Hash32& chi : contest_hashes) in.Fixed(chi);
  in.Fixed(chaining_field);
  return crypto::H(h_i, in);
}

void VerifyOneBallot(const Run& run, const DeviceInfo& device, const std::string& file,
                     const std::string& text, BallotResult& out) {
  out.digest = ContentDigest(text);
  auto body = ParseCanonical(text, file);
  if (!body.ok()) {
    out.error = body.status();
    return;
  }
  BallotWork w{run, out};
  w.name = file;
  out.error = VerifyBallotBody(w, device, *body, RootPath(file));
}

}  // namespace henhouse::verify
