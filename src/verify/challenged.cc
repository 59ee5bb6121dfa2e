// Challenged ballots: Verifications 13 and 14 [2.1 §6.2.7], including the
// contest data opened with its nonce ξ (13.4–13.7, 13.A) and, as a henhouse
// extension under V14, the well-formedness of the decrypted D.
#include "henhouse/crypto/hash.h"
#include "verify/ballot.h"
#include "verify/contest_data.h"

namespace henhouse::verify {
namespace {

using math::Element;
using math::Scalar;

// VerifyOpenedData checks a challenged contest's {nonce ξ, data D}: 13.4
// g^ξ = C0, 13.5–13.7 β = K̂^ξ and the keys, 13.A C1 = D ⊕ k; and D's
// format and agreement with the decrypted values (V14).
Status VerifyOpenedData(Run& run, const ChallengedBallot& cb, size_t c, const ContestModel& cm,
                        const Json& cj, const Path& cp, const std::vector<uint64_t>& values,
                        const std::string& name) {
  const math::Group& group = run.group();
  HENHOUSE_ASSIGN_OR_RETURN(const Json* dj, Field(cj, "contest_data", cp));
  Path dp = cp.At("contest_data");
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(*dj, {"data", "nonce"}, {}, dp));
  HENHOUSE_ASSIGN_OR_RETURN(Scalar xi, GetScalar(group, *dj, "nonce", dp));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* dd, Field(*dj, "data", dp));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes d, ReadHex(*dd, size_t{32} * cm.contest_data_blocks, dp.At("data")));
  const auto& [c0, c1, c2] = cb.contest_data[c];
  Bytes alpha = run.election.g.Pow(xi).Encode();     // 13.4 α = g^ξ
  Bytes beta = run.election.k_hat.Pow(xi).Encode();  // 13.5 β = K̂^ξ
  run.counters.fixed_base_pows += 2;
  ++run.counters.hashes;
  run.Items(kV13, 1);
  if (!SameBytes(alpha, c0)) {
    run.Fail(kV13, "13.4 " + name + " contest data: C0 is not g^xi");
  } else if (!SameBytes(XorContestDataKeys(cb.h_i, cm.index, alpha, beta, d), c1)) {
    run.Fail(kV13, "13.A " + name + " contest data: C1 is not D xor k_1..k_b");  // 13.6, 13.7
  }
  run.Items(kV14, 1);
  std::string problem = ContestDataProblem(cm, d, &values);
  if (!problem.empty()) run.Fail(kV14, "14 (contest data) " + name + ": " + problem);
  return OkStatus();
}

// VerifyContestDecryption checks one contest of a decrypted challenged
// ballot; returns the recomputed χ in `chi` (13.3).
Status VerifyContestDecryption(Run& run, const ChallengedBallot& cb, size_t c, const Json& cj,
                               const Path& cp, Hash32& chi) {
  const math::Group& group = run.group();
  const ManifestModel& m = run.election.manifest;
  const ContestModel& cm = m.contests[m.styles[cb.style].contests[c] - 1];
  std::string name = "ballot " + std::to_string(cb.number) + " contest " + std::to_string(cm.index);
  HENHOUSE_RETURN_IF_ERROR(
      ExpectKeys(cj, {"contest", "contest_data", "label", "selections"}, {}, cp));
  HENHOUSE_RETURN_IF_ERROR(GetU64(cj, "contest", cp, cm.index, cm.index).status());
  HENHOUSE_ASSIGN_OR_RETURN(std::string label, GetString(cj, "label", cp));
  run.Items(kV14, 1);
  if (label != cm.label) run.Fail(kV14, "14.A " + name + ": label \"" + label + "\" is not the manifest's");
  HENHOUSE_ASSIGN_OR_RETURN(const Json* sels, Field(cj, "selections", cp));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*sels, std::string::npos, cp.At("selections")));
  if (sels->size() != cm.options.size()) {
    run.Fail(kV14, "14.D " + name + ": " + std::to_string(sels->size()) +
                       " selections, the manifest has " + std::to_string(cm.options.size()));
    chi = cb.contest_hashes[c];
    return OkStatus();
  }
  crypto::HashInput chi_in(0x28);
  chi_in.U32(cm.index);
  uint64_t total = 0;
  std::vector<uint64_t> values;
  for (size_t o = 0; o < sels->size(); ++o) {
    const Path sp_list = cp.At("selections");
    Path sp = sp_list.At(o);
    const Json& sj = (*sels)[o];
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(sj, {"label", "nonce", "value"}, {}, sp));
    HENHOUSE_ASSIGN_OR_RETURN(std::string olabel, GetString(sj, "label", sp));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t sigma, GetU64(sj, "value", sp, 0, uint64_t{1} << 31));
    HENHOUSE_ASSIGN_OR_RETURN(Scalar xi, GetScalar(group, sj, "nonce", sp));
    std::string oname = name + " option " + std::to_string(o + 1);
    run.Items(kV14, 1);
    if (olabel != cm.options[o]) run.Fail(kV14, "14.C " + oname + ": label \"" + olabel + "\" is not the manifest's");
    if (sigma > cm.option_limit) {
      run.Fail(kV14, "14.E " + oname + ": value " + std::to_string(sigma) +
                         " exceeds the option limit " + std::to_string(cm.option_limit));
    }
    total += sigma;
    values.push_back(sigma);
    // 13.1 α = g^ξ, 13.2 β = K^(σ+ξ)
    Element alpha = run.election.g.Pow(xi);
    Element beta = run.election.k.Pow(xi + group.ScalarFromU64(sigma));
    run.counters.fixed_base_pows += 2;
    run.Items(kV13, 1);
    const auto& [ra, rb] = cb.selections[c][o];
    if (!(alpha == ra)) run.Fail(kV13, "13.1 " + oname + ": alpha is not g^xi");
    if (!(beta == rb)) run.Fail(kV13, "13.2 " + oname + ": beta is not K^(sigma+xi)");
    chi_in.Element(alpha).Element(beta);
  }
  if (total > cm.selection_limit) {
    run.Fail(kV14, "14.F " + name + ": the selections sum to " + std::to_string(total) +
                       ", more than the selection limit " + std::to_string(cm.selection_limit));
  }
  HENHOUSE_RETURN_IF_ERROR(VerifyOpenedData(run, cb, c, cm, cj, cp, values, name));
  const auto& [c0, c1, c2] = cb.contest_data[c];
  chi_in.Fixed(c0).Fixed(c1).Fixed(c2);  // C0, C1, C2 as encrypted  [13.3]
  chi = crypto::H(cb.h_i, chi_in);
  ++run.counters.hashes;
  if (chi != cb.contest_hashes[c]) run.Fail(kV13, "13.3 " + name + ": contest hash mismatch");
  return OkStatus();
}

Status VerifyOneChallenged(Run& run, const ChallengedBallot& cb, const Entry& e) {
  const ManifestModel& m = run.election.manifest;
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  std::string name = "ballot " + std::to_string(cb.number);
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"contests", "guardians", "id", "number"}, {}, p));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* idj, Field(b, "id", p));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes id, ReadHex(*idj, 32, p.At("id")));
  HENHOUSE_ASSIGN_OR_RETURN(auto guardians, GetIndexList(b, "guardians", m.guardians, p));
  run.Items(kV13, 1);
  if (!SameBytes(id, cb.id)) run.Fail(kV13, "13 " + name + ": id differs from the ballot's id_B");
  if (guardians.size() < m.quorum) {
    run.Fail(kV13, "13 " + name + ": decrypted by fewer than k guardians");
  }
  HENHOUSE_ASSIGN_OR_RETURN(const Json* contests, Field(b, "contests", p));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*contests, std::string::npos, p.At("contests")));
  const StyleModel& style = m.styles[cb.style];
  run.Items(kV14, 1);
  if (contests->size() != style.contests.size()) {
    run.Fail(kV14, "14.B " + name + ": " + std::to_string(contests->size()) +
                       " contests, its ballot style has " + std::to_string(style.contests.size()));
    return OkStatus();
  }
  std::vector<Hash32> chis;
  for (size_t c = 0; c < contests->size(); ++c) {
    Hash32 chi;
    HENHOUSE_RETURN_IF_ERROR(
        VerifyContestDecryption(run, cb, c, (*contests)[c], p.At("contests").At(c), chi));
    chis.push_back(chi);
  }
  // 13.B H_C = H(H_I; 0x29, χ_1, …, χ_m, B_C)
  ++run.counters.hashes;
  if (ConfirmationCode(cb.h_i, chis, cb.chaining_field) != cb.confirmation_code) {
    run.Fail(kV13, "13.B " + name + ": confirmation code does not match the decryption");
  }
  return OkStatus();
}

}  // namespace

Status VerifyChallenged(Run& run) {
  auto& challenged = run.ballots.challenged;
  auto next = challenged.begin();
  while (run.cursor->PeekType() == "challenged_ballot") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("challenged_ballot"));
    Path p = RootPath(e.file->name);
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t number,
                              GetU64(e.body, "number", p, 1, uint64_t{1} << 53));
    if (e.file->qualifier != std::vector<std::string>{std::to_string(number)}) {
      return p.At("number").Error("must equal the file name's qualifier");
    }
    while (next != challenged.end() && next->first < number) {
      run.Fail(kV13, "13 ballot " + std::to_string(next->first) +
                         " is challenged but its decryption is not in the record");
      ++next;
    }
    if (next == challenged.end() || next->first != number) {
      return p.At("number").Error("not a challenged ballot, or out of order");
    }
    HENHOUSE_RETURN_IF_ERROR(VerifyOneChallenged(run, next->second, e));
    ++next;
  }
  for (; next != challenged.end(); ++next) {
    run.Fail(kV13, "13 ballot " + std::to_string(next->first) +
                       " is challenged but its decryption is not in the record");
  }
  return OkStatus();
}

}  // namespace henhouse::verify
