#include "election/entries.h"

namespace henhouse::election {
namespace {

Json ProofJson(const crypto::CoefficientProof& p) {
  return Json{{"c", Hex(p.challenge)}, {"v", HexArray(p.responses)}};
}

StatusOr<crypto::RangeProof> ParseRange(const math::Group& group, const Json& j, uint64_t range,
                                        const std::string& what) {
  HENHOUSE_RETURN_IF_ERROR(ExpectObject(j, {"c", "v"}, {}, what));
  crypto::RangeProof p;
  HENHOUSE_ASSIGN_OR_RETURN(p.challenges, GetScalars(group, j, "c", range + 1, what));
  HENHOUSE_ASSIGN_OR_RETURN(p.responses, GetScalars(group, j, "v", range + 1, what));
  return p;
}

}  // namespace

Status AppendJson(RecordSink& sink, std::string_view type, std::string_view qualifier,
                  const Json& j) {
  HENHOUSE_ASSIGN_OR_RETURN(std::string body, Canonical(j));
  HENHOUSE_ASSIGN_OR_RETURN(uint64_t seq, sink.Append(type, qualifier, std::move(body)));
  (void)seq;
  return OkStatus();
}

std::string HexChain(const ChainingField& f) { return Hex(ByteSpan(f)); }

Json GuardianKeyJson(const GuardianPublicKey& key) {
  return Json{{"attempt", key.attempt},
              {"index", key.index},
              {"coefficient_commitments", HexArray(key.vote_commitments)},
              {"data_commitments", HexArray(key.data_commitments)},
              {"communication_key", Hex(key.communication_key)},
              {"proof", ProofJson(key.vote_proof)},
              {"data_proof", ProofJson(key.data_proof)}};
}

Json ShareJson(const ShareMessage& m) {
  return Json{{"attempt", m.attempt},       {"sender", m.sender},
              {"recipient", m.recipient},   {"c0", Hex(m.share.c0)},
              {"c1", Hex(m.share.c1)},      {"c", Hex(m.share.c2.challenge)},
              {"v", Hex(m.share.c2.response)}};
}

Json ComplaintJson(const Complaint& c) {
  return Json{{"attempt", c.attempt},
              {"complainant", c.complainant},
              {"accused", c.accused},
              {"reason", c.reason}};
}

Json RevealJson(const ShareReveal& r, const math::Scalar& share, const math::Scalar& data_share) {
  return Json{{"attempt", r.attempt},
              {"sender", r.sender},
              {"recipient", r.recipient},
              {"beta", Hex(r.beta)},
              {"proof", Json{{"c", Hex(r.challenge)}, {"v", Hex(r.response)}}},
              {"share", Hex(share)},
              {"data_share", Hex(data_share)}};
}

Json RangeProofJson(const crypto::RangeProof& p) {
  return Json{{"c", HexArray(p.challenges)}, {"v", HexArray(p.responses)}};
}

Json ContestDataJson(const crypto::EncryptedContestData& d) {
  return Json{{"c0", Hex(d.c0)},
              {"c1", Hex(d.c1)},
              {"c", Hex(d.c2.challenge)},
              {"v", Hex(d.c2.response)}};
}

Json BallotJson(const EncryptedBallot& b) {
  Json contests = Json::array();
  for (const EncryptedContest& c : b.contests) {
    Json sels = Json::array();
    for (const EncryptedSelection& s : c.selections) {
      sels.push_back(Json{{"alpha", Hex(s.ct.alpha)},
                          {"beta", Hex(s.ct.beta)},
                          {"proof", RangeProofJson(s.proof)}});
    }
    contests.push_back(Json{{"contest", c.index},
                            {"selections", sels},
                            {"limit_proof", RangeProofJson(c.limit_proof)},
                            {"contest_data", ContestDataJson(c.data)},
                            {"contest_hash", Hex(c.contest_hash)}});
  }
  const crypto::EncryptedBallotNonce& n = b.nonce_encryption;
  return Json{{"number", b.number},
              {"device", b.device},
              {"style", b.style},
              {"status", b.challenged ? "challenged" : "cast"},
              {"id", Hex(b.id)},
              {"h_i", Hex(b.h_i)},
              {"contests", contests},
              {"nonce_encryption", Json{{"c0", Hex(n.c0)},
                                        {"c1", Hex(n.c1)},
                                        {"c", Hex(n.c2.challenge)},
                                        {"v", Hex(n.c2.response)}}},
              {"chaining_field", HexChain(b.chaining_field)},
              {"confirmation_code", Hex(b.confirmation_code)}};
}

StatusOr<EncryptedBallot> ParseBallot(const ElectionParameters& params, const Json& j, Rng& rng) {
  const math::Group& group = *params.group;
  std::string what = "ballot";
  HENHOUSE_RETURN_IF_ERROR(ExpectObject(j, {"number", "device", "style", "status", "id", "h_i",
                                            "contests", "nonce_encryption", "chaining_field",
                                            "confirmation_code"},
                                        {}, what));
  EncryptedBallot b;
  HENHOUSE_ASSIGN_OR_RETURN(b.number, GetU64(j, "number", what, 1));
  what = "ballot " + std::to_string(b.number);
  HENHOUSE_ASSIGN_OR_RETURN(b.device, GetString(j, "device", what));
  HENHOUSE_ASSIGN_OR_RETURN(b.style, GetString(j, "style", what));
  HENHOUSE_ASSIGN_OR_RETURN(std::string status, GetString(j, "status", what));
  if (status != "cast" && status != "challenged") {
    return InvalidArgumentError(what + ": status must be \"cast\" or \"challenged\"");
  }
  b.challenged = status == "challenged";
  HENHOUSE_ASSIGN_OR_RETURN(Bytes id, GetHex(j, "id", 32, what));
  std::copy(id.begin(), id.end(), b.id.begin());
  HENHOUSE_ASSIGN_OR_RETURN(Bytes hi, GetHex(j, "h_i", 32, what));
  std::copy(hi.begin(), hi.end(), b.h_i.begin());
  HENHOUSE_ASSIGN_OR_RETURN(Bytes cf, GetHex(j, "chaining_field", 36, what));
  std::copy(cf.begin(), cf.end(), b.chaining_field.begin());
  HENHOUSE_ASSIGN_OR_RETURN(Bytes cc, GetHex(j, "confirmation_code", 32, what));
  std::copy(cc.begin(), cc.end(), b.confirmation_code.begin());
  auto style = params.manifest.StyleIndex(b.style);
  if (!style.ok()) return InvalidArgumentError(what + ": " + style.status().message());
  const BallotStyle& st = params.manifest.styles()[*style - 1];
  HENHOUSE_ASSIGN_OR_RETURN(const Json* cs, GetArray(j, "contests", what));
  if (cs->size() != st.contests.size()) {
    return InvalidArgumentError(what + ": style \"" + b.style + "\" has " +
                                std::to_string(st.contests.size()) + " contests, ballot has " +
                                std::to_string(cs->size()));
  }
  // Elements are collected and checked for subgroup membership in one batch.
  std::vector<Bytes> raw;
  for (size_t c = 0; c < cs->size(); ++c) {
    const Json& cj = (*cs)[c];
    std::string cw = what + " contest " + std::to_string(c + 1);
    HENHOUSE_RETURN_IF_ERROR(
        ExpectObject(cj, {"contest", "selections", "limit_proof", "contest_data", "contest_hash"},
                     {}, cw));
    EncryptedContest ec;
    HENHOUSE_ASSIGN_OR_RETURN(uint64_t index, GetU64(cj, "contest", cw));
    if (index != st.contests[c]) {
      return InvalidArgumentError(cw + ": expected contest index " +
                                  std::to_string(st.contests[c]) + " of style \"" + b.style + "\"");
    }
    ec.index = static_cast<uint32_t>(index);
    const ContestDef& def = params.manifest.contest(ec.index);
    HENHOUSE_ASSIGN_OR_RETURN(const Json* sels, GetArray(cj, "selections", cw));
    if (sels->size() != def.options.size()) {
      return InvalidArgumentError(cw + ": expected " + std::to_string(def.options.size()) +
                                  " selections");
    }
    for (size_t s = 0; s < sels->size(); ++s) {
      std::string sw = cw + " selection " + std::to_string(s + 1);
      const Json& sj = (*sels)[s];
      HENHOUSE_RETURN_IF_ERROR(ExpectObject(sj, {"alpha", "beta", "proof"}, {}, sw));
      HENHOUSE_ASSIGN_OR_RETURN(Bytes a, GetHex(sj, "alpha", group.ElementSize(), sw));
      HENHOUSE_ASSIGN_OR_RETURN(Bytes be, GetHex(sj, "beta", group.ElementSize(), sw));
      raw.push_back(std::move(a));
      raw.push_back(std::move(be));
      EncryptedSelection es;
      HENHOUSE_ASSIGN_OR_RETURN(es.proof,
                                ParseRange(group, sj["proof"], def.option_limit, sw + " proof"));
      ec.selections.push_back(std::move(es));
    }
    HENHOUSE_ASSIGN_OR_RETURN(ec.limit_proof, ParseRange(group, cj["limit_proof"],
                                                         def.selection_limit, cw + " limit_proof"));
    const Json& dj = cj["contest_data"];
    std::string dw = cw + " contest_data";
    HENHOUSE_RETURN_IF_ERROR(ExpectObject(dj, {"c0", "c1", "c", "v"}, {}, dw));
    HENHOUSE_ASSIGN_OR_RETURN(Bytes c0, GetHex(dj, "c0", group.ElementSize(), dw));
    raw.push_back(std::move(c0));
    HENHOUSE_ASSIGN_OR_RETURN(ec.data.c1,
                              GetHex(dj, "c1", size_t{32} * def.contest_data_blocks, dw));
    HENHOUSE_ASSIGN_OR_RETURN(ec.data.c2.challenge, GetScalar(group, dj, "c", dw));
    HENHOUSE_ASSIGN_OR_RETURN(ec.data.c2.response, GetScalar(group, dj, "v", dw));
    HENHOUSE_ASSIGN_OR_RETURN(Bytes ch, GetHex(cj, "contest_hash", 32, cw));
    std::copy(ch.begin(), ch.end(), ec.contest_hash.begin());
    b.contests.push_back(std::move(ec));
  }
  const Json& nj = j["nonce_encryption"];
  std::string nw = what + " nonce_encryption";
  HENHOUSE_RETURN_IF_ERROR(ExpectObject(nj, {"c0", "c1", "c", "v"}, {}, nw));
  HENHOUSE_ASSIGN_OR_RETURN(b.nonce_encryption.c0, GetElement(group, nj, "c0", nw));
  HENHOUSE_ASSIGN_OR_RETURN(b.nonce_encryption.c1, GetHex(nj, "c1", 32, nw));
  HENHOUSE_ASSIGN_OR_RETURN(b.nonce_encryption.c2.challenge, GetScalar(group, nj, "c", nw));
  HENHOUSE_ASSIGN_OR_RETURN(b.nonce_encryption.c2.response, GetScalar(group, nj, "v", nw));
  std::vector<ByteSpan> spans(raw.begin(), raw.end());
  auto elements = group.ParseElements(spans, rng);
  if (!elements.ok()) return elements.status().WithContext(what + " selection ciphertexts");
  size_t e = 0;
  for (EncryptedContest& ec : b.contests) {
    for (EncryptedSelection& es : ec.selections) {
      es.ct.alpha = (*elements)[e++];
      es.ct.beta = (*elements)[e++];
    }
    ec.data.c0 = (*elements)[e++];
  }
  return b;
}

}  // namespace henhouse::election
