#include "henhouse/election/ceremony.h"

#include <algorithm>
#include <set>

#include "election/entries.h"
#include "henhouse/crypto/parameters.h"

namespace henhouse::election {
namespace {

std::string Q(uint32_t a) { return std::to_string(a); }
std::string Q(uint32_t a, uint32_t b) { return Q(a) + "." + Q(b); }
std::string Q(uint32_t a, uint32_t b, uint32_t c) { return Q(a, b) + "." + Q(c); }

// Attempt holds one attempt's guardians and messages.
struct Attempt {
  uint32_t number = 0;
  std::vector<std::unique_ptr<Guardian>> guardians;
  std::vector<GuardianPublicKey> keys;
  std::vector<ShareMessage> shares;
  std::set<uint32_t> disqualified;
  std::map<uint32_t, std::string> reasons;
};

void Disqualify(Attempt& a, uint32_t g, const std::string& reason) {
  if (a.disqualified.insert(g).second) a.reasons[g] = reason;
}

const ShareMessage* FindShare(const Attempt& a, uint32_t sender, uint32_t recipient) {
  for (const ShareMessage& m : a.shares) {
    if (m.sender == sender && m.recipient == recipient) return &m;
  }
  return nullptr;
}

Status Exchange(const ElectionParameters& params, const CeremonyOptions& options, Attempt& a,
                RecordSink& sink, Rng& rng) {
  for (uint32_t i = 1; i <= params.n; ++i) {
    FoxMode fox = options.fox.count(i) ? options.fox.at(i) : FoxMode::kHonest;
    HENHOUSE_ASSIGN_OR_RETURN(auto g, Guardian::Create(params, i, a.number,
                                                       GuardianDir(options.guardians_dir, i), fox,
                                                       rng));
    a.keys.push_back(g->public_key());
    a.guardians.push_back(std::move(g));
  }
  for (const GuardianPublicKey& key : a.keys) {
    HENHOUSE_RETURN_IF_ERROR(
        AppendJson(sink, "guardian", Q(a.number, key.index), GuardianKeyJson(key)));
    // Every guardian checks every public key (Verification 2); a key whose
    // proofs fail disqualifies its owner without a complaint round.
    Status st = VerifyGuardianPublicKey(params, key);
    if (!st.ok()) Disqualify(a, key.index, "public key proof invalid: " + st.message());
  }
  for (const auto& g : a.guardians) {
    HENHOUSE_ASSIGN_OR_RETURN(auto shares, g->MakeShares(a.keys, rng));
    for (ShareMessage& m : shares) a.shares.push_back(std::move(m));
  }
  std::sort(a.shares.begin(), a.shares.end(), [](const ShareMessage& x, const ShareMessage& y) {
    return std::make_pair(x.sender, x.recipient) < std::make_pair(y.sender, y.recipient);
  });
  for (const ShareMessage& m : a.shares) {
    HENHOUSE_RETURN_IF_ERROR(
        AppendJson(sink, "share", Q(a.number, m.sender, m.recipient), ShareJson(m)));
  }
  return OkStatus();
}

// Resolve handles one complaint (docs/election.md, "Complaints").
Status Resolve(const ElectionParameters& params, Attempt& a, const Complaint& c, RecordSink& sink,
               Rng& rng, std::vector<std::string>& events) {
  std::string who = "guardian " + std::to_string(c.complainant) + " complains about guardian " +
                    std::to_string(c.accused) + " (" + c.reason + ")";
  const ShareMessage* m = FindShare(a, c.accused, c.complainant);
  if (m == nullptr || c.reason == "share proof invalid") {
    // Anyone can see from the record that the share is missing or its proof
    // fails: no reveal is needed.
    bool proof_ok = m != nullptr && crypto::VerifyShareProof(params.g, params.h_p, m->sender,
                                                             m->recipient, m->share).ok();
    uint32_t guilty = proof_ok ? c.complainant : c.accused;
    Disqualify(a, guilty, who + ": public check names guardian " + std::to_string(guilty));
    events.push_back(who + " -> guardian " + std::to_string(guilty) + " disqualified");
    return OkStatus();
  }
  HENHOUSE_ASSIGN_OR_RETURN(ShareReveal r,
                            a.guardians[c.complainant - 1]->RevealShare(*m, rng));
  auto opened = OpenRevealedShare(params, a.keys[c.complainant - 1], *m, r);
  if (!opened.ok()) {
    Disqualify(a, c.complainant, who + ": the complainant's reveal does not verify");
    events.push_back(who + " -> reveal invalid, guardian " + std::to_string(c.complainant) +
                     " disqualified");
    return OkStatus();
  }
  HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "share_reveal", Q(a.number, m->sender, m->recipient),
                                      RevealJson(r, opened->first, opened->second)));
  bool valid = ShareIsValid(params, a.keys[c.accused - 1], c.complainant, opened->first,
                            opened->second);
  uint32_t guilty = valid ? c.complainant : c.accused;
  std::string verdict = valid ? "the revealed share is valid (false complaint)"
                              : "the revealed share fails eq. 28/29";
  Disqualify(a, guilty, who + ": " + verdict);
  events.push_back(who + " -> share revealed in public, " + verdict + ", guardian " +
                   std::to_string(guilty) + " disqualified");
  return OkStatus();
}

crypto::Hash32 GuardianRecordHash(const ElectionParameters& params, const ElectionKeys& keys) {
  // H_G = H(H_B; 0x13, K, K̂, K_{1,0..k-1}, …, K̂_{1,0..k-1}, …, κ_1..κ_n)  [eq. 27]
  crypto::HashInput in(0x13);
  in.Element(keys.vote_key).Element(keys.data_key);
  for (const auto& g : keys.guardians) in.Elements(g.vote_commitments);
  for (const auto& g : keys.guardians) in.Elements(g.data_commitments);
  for (const auto& g : keys.guardians) in.Element(g.communication_key);
  return crypto::H(params.h_b, in);
}

}  // namespace

std::string GuardianDir(const std::string& guardians_dir, uint32_t index) {
  return guardians_dir + "/guardian-" + std::to_string(index);
}

Status WriteElectionHeader(const ElectionParameters& params, RecordSink& sink) {
  Json p{{"version", std::string(crypto::kSpecVersion)},
         {"group", params.manifest.group()},
         {"guardians", params.n},
         {"quorum", params.k},
         {"h_p", Hex(params.h_p)}};
  HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "parameters", "", p));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t seq, sink.Append("manifest", "", params.manifest.Canonical()));
  (void)seq;
  return OkStatus();
}

StatusOr<CeremonyResult> RunKeyCeremony(const ElectionParameters& params,
                                        const CeremonyOptions& options, RecordSink& sink,
                                        Rng& rng) {
  CeremonyResult result;
  for (uint32_t number = 1; number <= options.max_attempts; ++number) {
    Attempt a;
    a.number = number;
    HENHOUSE_RETURN_IF_ERROR(Exchange(params, options, a, sink, rng));
    std::vector<Complaint> complaints;
    for (const auto& g : a.guardians) {
      HENHOUSE_ASSIGN_OR_RETURN(auto cs, g->ReceiveShares(a.keys, a.shares));
      for (Complaint& c : cs) complaints.push_back(std::move(c));
    }
    for (const Complaint& c : complaints) {
      HENHOUSE_RETURN_IF_ERROR(
          AppendJson(sink, "complaint", Q(number, c.complainant, c.accused), ComplaintJson(c)));
    }
    for (const Complaint& c : complaints) {
      HENHOUSE_RETURN_IF_ERROR(Resolve(params, a, c, sink, rng, result.events));
    }
    if (!a.disqualified.empty()) {
      for (uint32_t g : a.disqualified) {
        Json d{{"attempt", number}, {"guardian", g}, {"reason", a.reasons[g]}};
        HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "disqualification", Q(number, g), d));
        result.disqualified.push_back(g);
        result.events.push_back("attempt " + std::to_string(number) + ": guardian " +
                                std::to_string(g) + " disqualified and replaced; key "
                                "generation restarts from scratch (2.1 §3.2.2)");
      }
      continue;
    }
    for (const auto& g : a.guardians) HENHOUSE_RETURN_IF_ERROR(g->Finish());
    ElectionKeys& keys = result.keys;
    keys.attempt = number;
    keys.guardians = a.keys;
    keys.vote_key = params.group->Identity();
    keys.data_key = params.group->Identity();
    for (const auto& k : a.keys) {
      keys.vote_key = keys.vote_key * k.vote_commitments[0];  // K = Π K_i  [eq. 25]
      keys.data_key = keys.data_key * k.data_commitments[0];  // K̂ = Π K̂_i  [eq. 26]
    }
    keys.h_g = GuardianRecordHash(params, keys);
    keys.h_e = crypto::ExtendedBaseHash(params.h_b, keys.vote_key, keys.data_key);  // [eq. 30]
    Json ek{{"attempt", number},
            {"h_b", Hex(params.h_b)},
            {"vote_key", Hex(keys.vote_key)},
            {"data_key", Hex(keys.data_key)},
            {"h_g", Hex(keys.h_g)},
            {"h_e", Hex(keys.h_e)}};
    HENHOUSE_RETURN_IF_ERROR(AppendJson(sink, "election_keys", "", ek));
    return result;
  }
  return FailedPreconditionError("key ceremony: no attempt succeeded in " +
                                 std::to_string(options.max_attempts) + " attempts");
}

}  // namespace henhouse::election
