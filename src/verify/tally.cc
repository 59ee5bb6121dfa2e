// Tally and its decryption: Verifications 9, 10, 11 [2.1 §6.2.5], with the
// per-guardian checks of the decryption shares (Note 3.7, eq. 85–95) and the
// justification of each exclusion reported under V10.
#include <set>

#include "henhouse/crypto/hash.h"
#include "verify/context.h"

namespace henhouse::verify {
namespace {

// ContestOptions checks entry `contests[c]` = {"contest": c+1, "options": [...]}
// with one option per option of manifest contest c, and returns the options.
StatusOr<const Json*> ContestOptions(const Json& contests, const ManifestModel& m, size_t c,
                                     const Path& cp) {
  const Json& cj = contests[c];
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(cj, {"contest", "options"}, {}, cp));
  HENHOUSE_RETURN_IF_ERROR(GetU64(cj, "contest", cp, c + 1, c + 1).status());
  HENHOUSE_ASSIGN_OR_RETURN(const Json* opts, Field(cj, "options", cp));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*opts, m.contests[c].options.size(), cp.At("options")));
  return opts;
}

using math::Element;
using math::Scalar;

struct ShareOption {
  Element m, a, b;  // M_i, a_i, b_i
  Hash32 d{};       // d_i
  Scalar v;         // v_i
};

// RoundShares[u][c][o]: the share of the u-th guardian of U for option o+1 of
// contest c+1.
struct Round {
  uint32_t number = 0;
  std::vector<uint32_t> guardians;  // U, ascending
  std::vector<std::vector<std::vector<ShareOption>>> shares;
  std::vector<Scalar> lagrange;  // w_i, parallel to guardians
};

std::string OptionName(size_t c, size_t o) {
  return "contest " + std::to_string(c + 1) + " option " + std::to_string(o + 1);
}

Status VerifyTallyEntry(Run& run, Aggregate& aggregate) {
  const math::Group& group = run.group();
  const ManifestModel& m = run.election.manifest;
  aggregate = run.ballots.partial.front();
  for (size_t s = 1; s < run.ballots.partial.size(); ++s) {
    for (size_t c = 0; c < aggregate.size(); ++c) {
      for (size_t o = 0; o < aggregate[c].size(); ++o) {
        const auto& x = run.ballots.partial[s][c][o];
        aggregate[c][o] = {aggregate[c][o].first * x.first, aggregate[c][o].second * x.second};
      }
    }
  }
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("tally"));
  Path p = RootPath(e.file->name);
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(e.body, {"ballots", "contests"}, {}, p));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t cast, GetU64(e.body, "ballots", p, 0, uint64_t{1} << 53));
  run.Items(kV9, 1);
  if (cast != run.ballots.cast) {
    run.Fail(kV9, "9 tally: ballots " + std::to_string(cast) + ", but the record has " +
                      std::to_string(run.ballots.cast) + " cast ballots");
  }
  HENHOUSE_ASSIGN_OR_RETURN(const Json* contests, Field(e.body, "contests", p));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*contests, m.contests.size(), p.At("contests")));
  for (size_t c = 0; c < m.contests.size(); ++c) {
    const Path cp_list = p.At("contests");  // cp points at it: keep it alive
    Path cp = cp_list.At(c);
    HENHOUSE_ASSIGN_OR_RETURN(const Json* opts, ContestOptions(*contests, m, c, cp));
    for (size_t o = 0; o < opts->size(); ++o) {
      const Path op_list = cp.At("options");
      Path op = op_list.At(o);
      HENHOUSE_RETURN_IF_ERROR(ExpectKeys((*opts)[o], {"a", "b"}, {}, op));
      HENHOUSE_ASSIGN_OR_RETURN(Element a, GetElement(group, (*opts)[o], "a", op, run.counters));
      HENHOUSE_ASSIGN_OR_RETURN(Element b, GetElement(group, (*opts)[o], "b", op, run.counters));
      run.Items(kV9, 1);
      // 9.A: A = Π α_j, 9.B: B = Π β_j over the cast ballots  [eq. 79]
      if (!(a == aggregate[c][o].first)) {
        run.Fail(kV9, "9.A tally " + OptionName(c, o) + ": A is not the product of the cast alphas");
      }
      if (!(b == aggregate[c][o].second)) {
        run.Fail(kV9, "9.B tally " + OptionName(c, o) + ": B is not the product of the cast betas");
      }
    }
  }
  return OkStatus();
}

StatusOr<ShareOption> ReadShareOption(Run& run, const Json& j, const Path& p) {
  const math::Group& group = run.group();
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(j, {"a", "b", "d", "m", "v"}, {}, p));
  ShareOption s;
  HENHOUSE_ASSIGN_OR_RETURN(s.m, GetElement(group, j, "m", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(s.a, GetElement(group, j, "a", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(s.b, GetElement(group, j, "b", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(s.d, GetHash(j, "d", p));
  HENHOUSE_ASSIGN_OR_RETURN(s.v, GetScalar(group, j, "v", p));
  return s;
}

Status ReadRoundShares(Run& run, Round& round) {
  const ManifestModel& m = run.election.manifest;
  for (size_t u = 0; round.guardians.empty() || u < round.guardians.size(); ++u) {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("decryption_share"));
    Path p = RootPath(e.file->name);
    const Json& b = e.body;
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"contests", "guardian", "guardians", "round"}, {}, p));
    HENHOUSE_ASSIGN_OR_RETURN(auto list, GetIndexList(b, "guardians", m.guardians, p));
    if (round.guardians.empty()) {
      if (list.size() < m.quorum) {
        return p.At("guardians").Error("fewer guardians than the quorum k = " +
                                       std::to_string(m.quorum));
      }
      round.guardians = list;
    }
    if (list != round.guardians) return p.At("guardians").Error("differs from the round's set U");
    uint32_t i = round.guardians[u];
    if (e.file->qualifier !=
        std::vector<std::string>{std::to_string(round.number), std::to_string(i)}) {
      return p.Error("expected the share of guardian " + std::to_string(i) + " in round " +
                     std::to_string(round.number) + " here");
    }
    HENHOUSE_RETURN_IF_ERROR(GetU64(b, "round", p, round.number, round.number).status());
    HENHOUSE_RETURN_IF_ERROR(GetU64(b, "guardian", p, i, i).status());
    HENHOUSE_ASSIGN_OR_RETURN(const Json* contests, Field(b, "contests", p));
    HENHOUSE_RETURN_IF_ERROR(ExpectArray(*contests, m.contests.size(), p.At("contests")));
    std::vector<std::vector<ShareOption>> per_contest;
    for (size_t c = 0; c < m.contests.size(); ++c) {
      const Path cp_list = p.At("contests");  // cp points at it: keep it alive
    Path cp = cp_list.At(c);
      HENHOUSE_ASSIGN_OR_RETURN(const Json* opts, ContestOptions(*contests, m, c, cp));
      std::vector<ShareOption> row;
      for (size_t o = 0; o < opts->size(); ++o) {
        HENHOUSE_ASSIGN_OR_RETURN(ShareOption s,
                                  ReadShareOption(run, (*opts)[o], cp.At("options").At(o)));
        row.push_back(std::move(s));
      }
      per_contest.push_back(std::move(row));
    }
    round.shares.push_back(std::move(per_contest));
  }
  round.lagrange = Lagrange(run.group(), round.guardians);
  return OkStatus();
}

Element GuardianKey(Run& run, uint32_t i) {
  return ShareKeyFromCommitments(run, run.election.commitments, i);
}

// Combined is a round's joint values for one option: M = Π M_i^(w_i)
// [eq. 86], (a, b) = (Π a_i, Π b_i) [eq. 89], c [eq. 90].
struct Combined {
  Element m, a, b;
  Scalar c;
};

Combined Combine(Run& run, const Round& r, size_t c, size_t o, const Element& A,
                 const Element& B) {
  const math::Group& group = run.group();
  std::vector<Element> ms;
  Combined out{group.Identity(), group.Identity(), group.Identity(), {}};
  for (size_t u = 0; u < r.guardians.size(); ++u) {
    const ShareOption& s = r.shares[u][c][o];
    ms.push_back(s.m);
    out.a = out.a * s.a;
    out.b = out.b * s.b;
  }
  out.m = group.MultiPow(ms, r.lagrange);
  ++run.counters.multi_pows;
  run.counters.multi_pow_terms += ms.size();
  crypto::HashInput in(0x31);  // c = H_q(H_E; 0x31, ind_c, ind_o, A, B, a, b, M)  [eq. 90]
  in.U32(static_cast<uint32_t>(c + 1)).U32(static_cast<uint32_t>(o + 1));
  in.Element(A).Element(B).Element(out.a).Element(out.b).Element(out.m);
  out.c = crypto::Hq(group, run.election.h_e, in);
  ++run.counters.hashes;
  return out;
}

// CommitmentOk: d_i = H(H_E; 0x30, ind_c, ind_o, i, A, B, a_i, b_i, M_i, U)  [eq. 88].
bool CommitmentOk(Run& run, const Round& r, size_t u, size_t c, size_t o, const Element& A,
                  const Element& B) {
  const ShareOption& s = r.shares[u][c][o];
  crypto::HashInput in(0x30);
  in.U32(static_cast<uint32_t>(c + 1)).U32(static_cast<uint32_t>(o + 1)).U32(r.guardians[u]);
  in.Element(A).Element(B).Element(s.a).Element(s.b).Element(s.m);
  in.U32(static_cast<uint32_t>(r.guardians.size()));
  for (uint32_t g : r.guardians) in.U32(g);
  ++run.counters.hashes;
  return crypto::H(run.election.h_e, in) == s.d;
}

// ResponseOk: a_i = g^(v_i)·(g^(z_i))^(c_i), b_i = A^(v_i)·M_i^(c_i), c_i = c·w_i
// [eq. 91, 94, 95].
bool ResponseOk(Run& run, const Round& r, size_t u, size_t c, size_t o, const Element& A,
                const Scalar& challenge, const Element& key) {
  const ShareOption& s = r.shares[u][c][o];
  Scalar ci = challenge * r.lagrange[u];
  std::vector<Element> bases{A, s.m};
  std::vector<Scalar> exps{s.v, ci};
  run.counters.fixed_base_pows += 1;
  run.counters.variable_pows += 1;
  run.counters.multi_pows += 1;
  run.counters.multi_pow_terms += 2;
  return run.election.g.Pow(s.v) * key.Pow(ci) == s.a &&
         run.group().MultiPow(bases, exps) == s.b;
}

// VerifyExclusions reads the round's exclusions and confirms each one from
// the round's own values; returns the excluded guardians.
StatusOr<std::set<uint32_t>> VerifyExclusions(Run& run, const Round& r, const Aggregate& agg,
                                              const std::vector<Element>& keys) {
  const ManifestModel& m = run.election.manifest;
  std::set<uint32_t> excluded;
  while (run.cursor->PeekType() == "decryption_exclusion") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("decryption_exclusion"));
    Path p = RootPath(e.file->name);
    const Json& b = e.body;
    HENHOUSE_RETURN_IF_ERROR(
        ExpectKeys(b, {"contest", "guardian", "option", "reason", "round"}, {}, p));
    HENHOUSE_RETURN_IF_ERROR(GetU64(b, "round", p, r.number, r.number).status());
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t i, GetU64(b, "guardian", p, 1, m.guardians));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t c, GetU64(b, "contest", p, 1, m.contests.size()));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t o,
                              GetU64(b, "option", p, 1, m.contests[c - 1].options.size()));
    HENHOUSE_ASSIGN_OR_RETURN(std::string reason, GetString(b, "reason", p));
    auto it = std::find(r.guardians.begin(), r.guardians.end(), i);
    if (it == r.guardians.end() || (!excluded.empty() && i <= *excluded.rbegin()) ||
        e.file->qualifier != std::vector<std::string>{std::to_string(r.number),
                                                      std::to_string(i)}) {
      return p.Error("must name a guardian of the round, in ascending order, as in the file name");
    }
    size_t u = it - r.guardians.begin();
    const auto& [A, B] = agg[c - 1][o - 1];
    bool confirmed = false;
    if (reason == "commitment mismatch") {
      confirmed = !CommitmentOk(run, r, u, c - 1, o - 1, A, B);
    } else if (reason == "response invalid") {
      Combined j = Combine(run, r, c - 1, o - 1, A, B);
      confirmed = !ResponseOk(run, r, u, c - 1, o - 1, A, j.c, keys[u]);
    } else {
      return p.At("reason").Error("unknown exclusion reason \"" + reason + "\"");
    }
    run.Items(kV10, 1);
    if (!confirmed) {
      run.Fail(kV10, "10 (exclusion) round " + std::to_string(r.number) + " guardian " +
                         std::to_string(i) + ": its share at " + OptionName(c - 1, o - 1) +
                         " does not fail as claimed (" + reason + ")");
    }
    excluded.insert(static_cast<uint32_t>(i));
  }
  return excluded;
}

// VerifyOption checks one decrypted option [Verification 10] and the final
// round's shares for it.
void VerifyOption(Run& run, const Round& r, const std::vector<Element>& keys, size_t c, size_t o,
                  const Element& A, const Element& B, uint64_t t, const Element& T,
                  const Scalar& ch, const Scalar& v) {
  const math::Group& group = run.group();
  const math::FixedBase& g = run.election.g;
  const math::FixedBase& K = run.election.k;
  std::string name = "tally_decryption " + OptionName(c, o);
  run.Items(kV10, 1);
  // 10.1 M = B·T^(−1); 10.2 a = g^v·K^c; 10.3 b = A^v·M^c
  Element M = B / T;
  Element a = g.Pow(v) * K.Pow(ch);
  std::vector<Element> bases{A, M};
  std::vector<Scalar> exps{v, ch};
  Element b = group.MultiPow(bases, exps);
  run.counters.fixed_base_pows += 3;
  run.counters.multi_pows += 1;
  run.counters.multi_pow_terms += 2;
  crypto::HashInput in(0x31);  // 10.B
  in.U32(static_cast<uint32_t>(c + 1)).U32(static_cast<uint32_t>(o + 1));
  in.Element(A).Element(B).Element(a).Element(b).Element(M);
  ++run.counters.hashes;
  if (crypto::Hq(group, run.election.h_e, in) != ch) {
    run.Fail(kV10, "10.B " + name + ": decryption proof challenge mismatch");
  }
  if (!(K.Pow(group.ScalarFromU64(t)) == T)) {  // 10.C T = K^t
    run.Fail(kV10, "10.C " + name + ": T is not K^t for t = " + std::to_string(t));
  }
  // The shares behind the proof: M = Π M_i^(w_i) [eq. 86], v = Σ v_i [eq. 93],
  // each d_i [eq. 88] and each response [eq. 94, 95] under the joint c.
  Combined j = Combine(run, r, c, o, A, B);
  if (!(j.m == M)) run.Fail(kV10, "10 (eq. 86) " + name + ": M is not the Lagrange combination of the shares M_i");
  Scalar sum = group.ScalarFromU64(0);
  for (size_t u = 0; u < r.guardians.size(); ++u) {
    const std::string who = " guardian " + std::to_string(r.guardians[u]);
    sum = sum + r.shares[u][c][o].v;
    if (!CommitmentOk(run, r, u, c, o, A, B)) {
      run.Fail(kV10, "10 (eq. 88) " + name + who + ": commitment hash d_i mismatch");
    }
    if (!ResponseOk(run, r, u, c, o, A, ch, keys[u])) {
      run.Fail(kV10, "10 (eq. 94, 95) " + name + who + ": response does not match (a_i, b_i)");
    }
  }
  if (!(sum == v)) run.Fail(kV10, "10 (eq. 93) " + name + ": v is not the sum of the v_i");
}

Status VerifyTallyDecryption(Run& run, const Round& r, const Aggregate& agg,
                             const std::vector<Element>& keys) {
  const math::Group& group = run.group();
  const ManifestModel& m = run.election.manifest;
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("tally_decryption"));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"contests", "guardians", "round"}, {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "round", p, r.number, r.number).status());
  HENHOUSE_ASSIGN_OR_RETURN(auto list, GetIndexList(b, "guardians", m.guardians, p));
  if (list != r.guardians) return p.At("guardians").Error("differs from the final round's set U");
  HENHOUSE_ASSIGN_OR_RETURN(const Json* contests, Field(b, "contests", p));
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*contests, m.contests.size(), p.At("contests")));
  for (size_t c = 0; c < m.contests.size(); ++c) {
    const ContestModel& cm = m.contests[c];
    const Path cp_list = p.At("contests");
    Path cp = cp_list.At(c);
    const Json& cj = (*contests)[c];
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(cj, {"contest", "label", "options"}, {}, cp));
    HENHOUSE_RETURN_IF_ERROR(GetU64(cj, "contest", cp, c + 1, c + 1).status());
    HENHOUSE_ASSIGN_OR_RETURN(std::string label, GetString(cj, "label", cp));
    run.Items(kV11, 1);
    if (label != cm.label) {  // 11.A
      run.Fail(kV11, "11.A tally_decryption contest " + std::to_string(c + 1) + ": label \"" +
                         label + "\" is not the manifest's \"" + cm.label + "\"");
    }
    HENHOUSE_ASSIGN_OR_RETURN(const Json* opts, Field(cj, "options", cp));
    HENHOUSE_RETURN_IF_ERROR(ExpectArray(*opts, std::string::npos, cp.At("options")));
    if (opts->size() != cm.options.size()) {  // 11.B / 11.C
      run.Fail(kV11, "11.C tally_decryption contest " + std::to_string(c + 1) + ": " +
                         std::to_string(opts->size()) + " options, the manifest has " +
                         std::to_string(cm.options.size()));
      continue;
    }
    for (size_t o = 0; o < opts->size(); ++o) {
      const Path op_list = cp.At("options");
      Path op = op_list.At(o);
      const Json& oj = (*opts)[o];
      HENHOUSE_RETURN_IF_ERROR(ExpectKeys(oj, {"T", "c", "label", "t", "v"}, {}, op));
      HENHOUSE_ASSIGN_OR_RETURN(std::string olabel, GetString(oj, "label", op));
      HENHOUSE_ASSIGN_OR_RETURN(uint64_t t, GetU64(oj, "t", op, 0, uint64_t{1} << 53));
      HENHOUSE_ASSIGN_OR_RETURN(Element T, GetElement(group, oj, "T", op, run.counters));
      HENHOUSE_ASSIGN_OR_RETURN(Scalar ch, GetScalar(group, oj, "c", op));
      HENHOUSE_ASSIGN_OR_RETURN(Scalar v, GetScalar(group, oj, "v", op));  // 10.A
      run.Items(kV11, 1);
      if (olabel != cm.options[o]) {  // 11.B
        run.Fail(kV11, "11.B tally_decryption " + OptionName(c, o) + ": label \"" + olabel +
                           "\" is not the manifest's \"" + cm.options[o] + "\"");
      }
      VerifyOption(run, r, keys, c, o, agg[c][o].first, agg[c][o].second, t, T, ch, v);
    }
  }
  return OkStatus();
}

}  // namespace

// Lagrange returns w_i = Π_{ℓ∈U, ℓ≠i} ℓ/(ℓ−i) mod q  [eq. 85].
std::vector<Scalar> Lagrange(const math::Group& group, const std::vector<uint32_t>& u) {
  std::vector<Scalar> out;
  for (uint32_t i : u) {
    Scalar num = group.ScalarFromU64(1);
    Scalar den = group.ScalarFromU64(1);
    for (uint32_t l : u) {
      if (l == i) continue;
      num = num * group.ScalarFromU64(l);
      den = den * (group.ScalarFromU64(l) - group.ScalarFromU64(i));
    }
    out.push_back(num * den.Inverse());
  }
  return out;
}

Element ShareKeyFromCommitments(Run& run, const std::vector<std::vector<Element>>& commitments,
                                uint32_t i) {
  const math::Group& group = run.group();
  std::vector<Element> bases;
  std::vector<Scalar> exps;
  for (const auto& ks : commitments) {
    Scalar power = group.ScalarFromU64(1);
    for (const Element& k : ks) {
      bases.push_back(k);
      exps.push_back(power);
      power = power * group.ScalarFromU64(i);
    }
  }
  ++run.counters.multi_pows;
  run.counters.multi_pow_terms += bases.size();
  return group.MultiPow(bases, exps);
}

Status VerifyTally(Run& run) {
  Aggregate agg;
  HENHOUSE_RETURN_IF_ERROR(VerifyTallyEntry(run, agg));
  std::vector<uint32_t> next;
  for (uint32_t number = 1;; ++number) {
    Round r;
    r.number = number;
    r.guardians = next;
    HENHOUSE_RETURN_IF_ERROR(ReadRoundShares(run, r));
    std::vector<Element> keys;
    for (uint32_t i : r.guardians) keys.push_back(GuardianKey(run, i));
    HENHOUSE_ASSIGN_OR_RETURN(std::set<uint32_t> excluded, VerifyExclusions(run, r, agg, keys));
    if (excluded.empty()) return VerifyTallyDecryption(run, r, agg, keys);
    next.clear();
    for (uint32_t i : r.guardians) {
      if (!excluded.count(i)) next.push_back(i);
    }
    if (next.size() < run.election.manifest.quorum) {
      return DataLossError("decryption round " + std::to_string(number) +
                           ": fewer than k guardians remain after the exclusions");
    }
  }
}

}  // namespace henhouse::verify
