// Verification 12 [2.1 §6.2.6]: the contest data decryptions an election
// official asked for (docs/formats.md, `contest_data_share`,
// `contest_data_exclusion`, `contest_data_decryption`), with the per-guardian
// checks of each round (eq. 96–103, Note 3.7) and the justification of each
// exclusion. The ciphertexts are taken from the ballots themselves, read
// again from the record and checked against the digests taken when the
// ballots were verified.
#include <set>

#include "henhouse/crypto/hash.h"
#include "verify/contest_data.h"

namespace henhouse::verify {
namespace {

using math::Element;
using math::Scalar;

struct Share {
  Element m, a, b;
  Hash32 d{};
  Scalar v;
};

// Ciphertext is a requested contest's C_Λ as the ballot holds it.
struct Ciphertext {
  uint64_t ballot = 0;
  uint32_t contest = 0;
  Hash32 h_i{};
  Element c0;
  Bytes c0b, c1, c2;  // encoded
};

struct DataRound {
  uint32_t number = 0;
  std::vector<uint32_t> guardians;       // U
  std::vector<Scalar> lagrange;          // w_i, parallel to U
  std::vector<Element> keys;             // g^(ẑ_i), parallel to U
  std::vector<Ciphertext> items;
  std::vector<std::vector<Share>> shares;  // [u][item]
  // The last ballot read (items are sorted by ballot, so each is read once).
  uint64_t cached = 0;
  Json cached_body;
};

StatusOr<Ciphertext> LoadCiphertext(Run& run, DataRound& r, uint64_t ballot, uint32_t contest,
                                    const Path& p) {
  BallotState& bs = run.ballots;
  if (ballot < 1 || ballot > bs.files.size()) return p.Error("no such ballot in the record");
  const EntryFile& file = *bs.files[ballot - 1];
  if (r.cached != ballot) {
    HENHOUSE_ASSIGN_OR_RETURN(std::string text, run.cursor->ReadBytes(file));
    if (ContentDigest(text) != bs.digests[ballot - 1]) {
      return DataLossError("record file " + file.name + " changed during verification");
    }
    HENHOUSE_ASSIGN_OR_RETURN(r.cached_body, ParseCanonical(text, file.name));
    r.cached = ballot;
  }
  const Json& body = r.cached_body;
  Path bp = RootPath(file.name);
  Ciphertext ct{ballot, contest, {}, {}, {}, {}, {}};
  HENHOUSE_ASSIGN_OR_RETURN(const Json* idj, Field(body, "id", bp));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes id, ReadHex(*idj, 32, bp.At("id")));
  crypto::HashInput hi(0x20);  // H_I = H(H_E; 0x20, id_B)  [eq. 32]
  hi.Fixed(id);
  ct.h_i = crypto::H(run.election.h_e, hi);
  HENHOUSE_ASSIGN_OR_RETURN(const Json* cs, Field(body, "contests", bp));
  for (const Json& cj : *cs) {
    if (!cj.contains("contest") || cj["contest"] != Json(contest)) continue;
    const ContestModel& cm = run.election.manifest.contests[contest - 1];
    HENHOUSE_ASSIGN_OR_RETURN(const Json* dj, Field(cj, "contest_data", bp));
    HENHOUSE_ASSIGN_OR_RETURN(ct.c0, GetElement(run.group(), *dj, "c0", bp, run.counters));
    ct.c0b = ct.c0.Encode();
    HENHOUSE_ASSIGN_OR_RETURN(const Json* c1j, Field(*dj, "c1", bp));
    HENHOUSE_ASSIGN_OR_RETURN(ct.c1, ReadHex(*c1j, size_t{32} * cm.contest_data_blocks, bp));
    HENHOUSE_ASSIGN_OR_RETURN(Scalar c, GetScalar(run.group(), *dj, "c", bp));
    HENHOUSE_ASSIGN_OR_RETURN(Scalar v, GetScalar(run.group(), *dj, "v", bp));
    ct.c2 = c.Encode();
    Append(ct.c2, v.Encode());
    return ct;
  }
  return p.Error("ballot " + std::to_string(ballot) + " has no contest " + std::to_string(contest));
}

// ReadItemRef reads {ballot, contest} of an item and checks it against the
// round's list (or appends to it for the first guardian).
Status ReadItemRef(Run& run, const Json& j, const Path& p, size_t x, DataRound& r) {
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t ballot, GetU64(j, "ballot", p, 1, uint64_t{1} << 53));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t contest,
                            GetU64(j, "contest", p, 1, run.election.manifest.contests.size()));
  if (x < r.items.size()) {
    if (r.items[x].ballot != ballot || r.items[x].contest != contest) {
      return p.Error("items must be the same (ballot, contest) list in every entry of the round");
    }
    return OkStatus();
  }
  if (x > 0 && (ballot < r.items.back().ballot ||
                (ballot == r.items.back().ballot && contest <= r.items.back().contest))) {
    return p.Error("items must be in ascending (ballot, contest) order, each once");
  }
  HENHOUSE_ASSIGN_OR_RETURN(Ciphertext ct,
                            LoadCiphertext(run, r, ballot, static_cast<uint32_t>(contest), p));
  r.items.push_back(std::move(ct));
  return OkStatus();
}

Status ReadShareEntry(Run& run, DataRound& r) {
  const math::Group& group = run.group();
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("contest_data_share"));
  Path p = RootPath(e.file->name);
  const Json& b = e.body;
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(b, {"guardian", "guardians", "items", "round"}, {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "round", p, r.number, r.number).status());
  HENHOUSE_ASSIGN_OR_RETURN(auto u, GetIndexList(b, "guardians", run.election.manifest.guardians, p));
  size_t idx = r.shares.size();
  if (idx == 0) r.guardians = u;
  if (u != r.guardians || idx >= u.size()) return p.At("guardians").Error("differs within the round");
  HENHOUSE_RETURN_IF_ERROR(GetU64(b, "guardian", p, u[idx], u[idx]).status());
  if (e.file->qualifier != std::vector<std::string>{std::to_string(r.number),
                                                    std::to_string(u[idx])}) {
    return p.Error("file qualifier must be <round>.<guardian>");
  }
  HENHOUSE_ASSIGN_OR_RETURN(const Json* items, Field(b, "items", p));
  Path ip = p.At("items");
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*items, idx == 0 ? std::string::npos : r.items.size(), ip));
  if (items->empty()) return ip.Error("a round decrypts at least one item");
  std::vector<Share> shares;
  for (size_t x = 0; x < items->size(); ++x) {
    Path xp = ip.At(x);
    const Json& j = (*items)[x];
    HENHOUSE_RETURN_IF_ERROR(ExpectKeys(j, {"a", "b", "ballot", "contest", "d", "m", "v"}, {}, xp));
    HENHOUSE_RETURN_IF_ERROR(ReadItemRef(run, j, xp, x, r));
    Share s;
    HENHOUSE_ASSIGN_OR_RETURN(s.m, GetElement(group, j, "m", xp, run.counters));
    HENHOUSE_ASSIGN_OR_RETURN(s.a, GetElement(group, j, "a", xp, run.counters));
    HENHOUSE_ASSIGN_OR_RETURN(s.b, GetElement(group, j, "b", xp, run.counters));
    HENHOUSE_ASSIGN_OR_RETURN(s.d, GetHash(j, "d", xp));
    HENHOUSE_ASSIGN_OR_RETURN(s.v, GetScalar(group, j, "v", xp));
    shares.push_back(std::move(s));
  }
  r.shares.push_back(std::move(shares));
  return OkStatus();
}

// Joint values of one item: β = Π m_i^(w_i) [eq. 97], (a, b) = (Π a_i,
// Π b_i) [eq. 100], c [eq. 101], and which guardians' d_i [eq. 99] and
// responses [eq. 102, Note 3.7] hold.
struct ItemCheck {
  Element beta, a, b;
  Scalar c;
  std::vector<bool> commit_ok, response_ok;
};

crypto::HashInput CiphertextHash(uint8_t sep, const Ciphertext& ct) {
  crypto::HashInput in(sep);
  in.U32(ct.contest);
  return in;
}

ItemCheck CheckItem(Run& run, const DataRound& r, size_t x) {
  const math::Group& group = run.group();
  const Ciphertext& ct = r.items[x];
  ItemCheck out{group.Identity(), group.Identity(), group.Identity(), {}, {}, {}};
  std::vector<Element> ms;
  for (size_t u = 0; u < r.guardians.size(); ++u) {
    const Share& s = r.shares[u][x];
    ms.push_back(s.m);
    out.a = out.a * s.a;
    out.b = out.b * s.b;
  }
  out.beta = group.MultiPow(ms, r.lagrange);
  ++run.counters.multi_pows;
  run.counters.multi_pow_terms += ms.size();
  // c = H_q(H_I; 0x33, ind_c, C0, C1, C2, a, b, β)  [eq. 101]
  crypto::HashInput in = CiphertextHash(0x33, ct);
  in.Fixed(ct.c0b).Fixed(ct.c1).Fixed(ct.c2).Element(out.a).Element(out.b).Element(out.beta);
  out.c = crypto::Hq(group, ct.h_i, in);
  for (size_t u = 0; u < r.guardians.size(); ++u) {
    const Share& s = r.shares[u][x];
    // d_i = H(H_I; 0x32, ind_c, i, C0, C1, C2, a_i, b_i, m_i, U)  [eq. 99]
    crypto::HashInput d(0x32);
    d.U32(ct.contest).U32(r.guardians[u]).Fixed(ct.c0b).Fixed(ct.c1).Fixed(ct.c2);
    d.Element(s.a).Element(s.b).Element(s.m).U32(static_cast<uint32_t>(r.guardians.size()));
    for (uint32_t g : r.guardians) d.U32(g);
    out.commit_ok.push_back(crypto::H(ct.h_i, d) == s.d);
    // a_i = g^(v_i)·(g^(ẑ_i))^(c_i), b_i = C0^(v_i)·m_i^(c_i), c_i = c·w_i
    Scalar ci = out.c * r.lagrange[u];
    std::vector<Element> bases{ct.c0, s.m};
    std::vector<Scalar> exps{s.v, ci};
    out.response_ok.push_back(run.election.g.Pow(s.v) * r.keys[u].Pow(ci) == s.a &&
                              group.MultiPow(bases, exps) == s.b);
  }
  run.counters.hashes += 1 + r.guardians.size();
  run.counters.fixed_base_pows += r.guardians.size();
  run.counters.variable_pows += r.guardians.size();
  run.counters.multi_pows += r.guardians.size();
  run.counters.multi_pow_terms += 2 * r.guardians.size();
  return out;
}

std::string ItemName(const Ciphertext& ct) {
  return "ballot " + std::to_string(ct.ballot) + " contest " + std::to_string(ct.contest);
}

// FirstFailure returns (item, reason) of guardian u's first failing item.
std::pair<size_t, std::string> FirstFailure(const std::vector<ItemCheck>& checks, size_t u) {
  for (size_t x = 0; x < checks.size(); ++x) {
    if (!checks[x].commit_ok[u]) return {x, "commitment mismatch"};
    if (!checks[x].response_ok[u]) return {x, "response invalid"};
  }
  return {checks.size(), ""};
}

// VerifyExclusions confirms each exclusion entry of round r from its values.
StatusOr<std::set<uint32_t>> VerifyExclusions(Run& run, const DataRound& r,
                                              const std::vector<ItemCheck>& checks) {
  std::set<uint32_t> excluded;
  while (run.cursor->PeekType() == "contest_data_exclusion") {
    HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("contest_data_exclusion"));
    Path p = RootPath(e.file->name);
    HENHOUSE_RETURN_IF_ERROR(
        ExpectKeys(e.body, {"ballot", "contest", "guardian", "reason", "round"}, {}, p));
    HENHOUSE_RETURN_IF_ERROR(GetU64(e.body, "round", p, r.number, r.number).status());
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t g, GetU64(e.body, "guardian", p, 1, 255));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t ballot, GetU64(e.body, "ballot", p, 1, uint64_t{1} << 53));
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t contest, GetU64(e.body, "contest", p));
    HENHOUSE_ASSIGN_OR_RETURN(std::string reason, GetString(e.body, "reason", p));
    auto it = std::find(r.guardians.begin(), r.guardians.end(), g);
    if (it == r.guardians.end() || !excluded.insert(static_cast<uint32_t>(g)).second) {
      return p.At("guardian").Error("not a guardian of the round, or excluded twice");
    }
    auto [x, why] = FirstFailure(checks, it - r.guardians.begin());
    run.Items(kV12, 1);
    if (x == checks.size() || r.items[x].ballot != ballot || r.items[x].contest != contest ||
        why != reason) {
      run.Fail(kV12, "12 (exclusion) round " + std::to_string(r.number) + " guardian " +
                         std::to_string(g) + ": the record does not show this failure");
    }
  }
  return excluded;
}

}  // namespace

namespace {

Status VerifyFinal(Run& run, const DataRound& r, const std::vector<ItemCheck>& checks);

}  // namespace

Status VerifyContestDataDecryptions(Run& run) {
  std::vector<uint32_t> expected_u;
  for (uint32_t number = 1; run.cursor->PeekType() == "contest_data_share"; ++number) {
    DataRound r;
    r.number = number;
    do {
      HENHOUSE_RETURN_IF_ERROR(ReadShareEntry(run, r));
    } while (run.cursor->PeekType() == "contest_data_share" &&
             run.cursor->PeekQualifier().size() == 2 &&
             run.cursor->PeekQualifier()[0] == std::to_string(number));
    run.Items(kV12, 1);
    if (r.shares.size() != r.guardians.size()) {
      return DataLossError("contest data round " + std::to_string(number) +
                           ": a guardian of U sent no share entry");
    }
    if (r.guardians.size() < run.election.manifest.quorum ||
        (number > 1 && r.guardians != expected_u)) {
      run.Fail(kV12, "12 contest data round " + std::to_string(number) +
                         ": U is not the previous round's minus its exclusions, or below k");
    }
    r.lagrange = Lagrange(run.group(), r.guardians);
    for (uint32_t i : r.guardians) {
      r.keys.push_back(ShareKeyFromCommitments(run, run.election.data_commitments, i));
    }
    std::vector<ItemCheck> checks;
    for (size_t x = 0; x < r.items.size(); ++x) checks.push_back(CheckItem(run, r, x));
    HENHOUSE_ASSIGN_OR_RETURN(std::set<uint32_t> excluded, VerifyExclusions(run, r, checks));
    if (excluded.empty()) return VerifyFinal(run, r, checks);
    expected_u.clear();
    for (uint32_t i : r.guardians) {
      if (!excluded.count(i)) expected_u.push_back(i);
    }
  }
  if (run.cursor->PeekType() == "contest_data_exclusion" ||
      run.cursor->PeekType() == "contest_data_decryption") {
    return DataLossError("contest data entries without a preceding contest_data_share round");
  }
  return OkStatus();
}

namespace {

// VerifyItem checks one decrypted item [Verification 12] and the final
// round's shares for it.
Status VerifyItem(Run& run, const DataRound& r, const ItemCheck& chk, size_t x, const Json& j,
                  const Path& p) {
  const math::Group& group = run.group();
  const Ciphertext& ct = r.items[x];
  const ContestModel& cm = run.election.manifest.contests[ct.contest - 1];
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(j, {"ballot", "beta", "c", "contest", "data", "v"}, {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(j, "ballot", p, ct.ballot, ct.ballot).status());
  HENHOUSE_RETURN_IF_ERROR(GetU64(j, "contest", p, ct.contest, ct.contest).status());
  HENHOUSE_ASSIGN_OR_RETURN(Element beta, GetElement(group, j, "beta", p, run.counters));
  HENHOUSE_ASSIGN_OR_RETURN(Scalar c, GetScalar(group, j, "c", p));  // 12.A by the type
  HENHOUSE_ASSIGN_OR_RETURN(Scalar v, GetScalar(group, j, "v", p));
  HENHOUSE_ASSIGN_OR_RETURN(const Json* dj, Field(j, "data", p));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes d, ReadHex(*dj, size_t{32} * cm.contest_data_blocks, p.At("data")));
  std::string name = ItemName(ct);
  run.Items(kV12, 1);
  // 12.1 a = g^v·K̂^c, 12.2 b = C0^v·β^c, 12.B c = H_q(H_I; 0x33, …, a, b, β)
  Element a = run.election.g.Pow(v) * run.election.k_hat.Pow(c);
  std::vector<Element> bases{ct.c0, beta};
  std::vector<Scalar> exps{v, c};
  Element b = group.MultiPow(bases, exps);
  crypto::HashInput in = CiphertextHash(0x33, ct);
  in.Fixed(ct.c0b).Fixed(ct.c1).Fixed(ct.c2).Element(a).Element(b).Element(beta);
  run.counters.fixed_base_pows += 2;
  ++run.counters.multi_pows;
  run.counters.multi_pow_terms += 2;
  run.counters.hashes += 2;
  if (crypto::Hq(group, ct.h_i, in) != c) {
    run.Fail(kV12, "12.B " + name + ": decryption proof challenge mismatch");
  }
  Bytes expected = XorContestDataKeys(ct.h_i, ct.contest, ct.c0b, beta.Encode(), ct.c1);
  if (!SameBytes(expected, d)) run.Fail(kV12, "12.C " + name + ": data is not C1 xor k_1..k_b");
  std::string problem = ContestDataProblem(cm, d, nullptr);
  if (!problem.empty()) run.Fail(kV12, "12 (format) " + name + ": " + problem);
  if (!(beta == chk.beta)) run.Fail(kV12, "12 (eq. 97) " + name + ": beta is not the Lagrange combination of the m_i");
  if (!(c == chk.c)) run.Fail(kV12, "12 (eq. 101) " + name + ": c is not the round's joint challenge");
  Scalar sum = group.ScalarFromU64(0);
  for (size_t u = 0; u < r.guardians.size(); ++u) {
    std::string who = " guardian " + std::to_string(r.guardians[u]);
    if (!chk.commit_ok[u]) run.Fail(kV12, "12 (eq. 99) " + name + who + ": commitment hash d_i mismatch");
    if (!chk.response_ok[u]) run.Fail(kV12, "12 (eq. 102) " + name + who + ": response does not match (a_i, b_i)");
    sum = sum + r.shares[u][x].v;
  }
  if (!(sum == v)) run.Fail(kV12, "12 (eq. 103) " + name + ": v is not the sum of the v_i");
  return OkStatus();
}

Status VerifyFinal(Run& run, const DataRound& r, const std::vector<ItemCheck>& checks) {
  HENHOUSE_ASSIGN_OR_RETURN(Entry e, run.cursor->Next("contest_data_decryption"));
  Path p = RootPath(e.file->name);
  HENHOUSE_RETURN_IF_ERROR(ExpectKeys(e.body, {"guardians", "items", "round"}, {}, p));
  HENHOUSE_RETURN_IF_ERROR(GetU64(e.body, "round", p, r.number, r.number).status());
  HENHOUSE_ASSIGN_OR_RETURN(auto u,
                            GetIndexList(e.body, "guardians", run.election.manifest.guardians, p));
  if (u != r.guardians) return p.At("guardians").Error("must be the final round's U");
  HENHOUSE_ASSIGN_OR_RETURN(const Json* items, Field(e.body, "items", p));
  Path ip = p.At("items");
  HENHOUSE_RETURN_IF_ERROR(ExpectArray(*items, r.items.size(), ip));
  for (size_t x = 0; x < r.items.size(); ++x) {
    HENHOUSE_RETURN_IF_ERROR(VerifyItem(run, r, checks[x], x, (*items)[x], ip.At(x)));
  }
  return OkStatus();
}

}  // namespace

}  // namespace henhouse::verify
