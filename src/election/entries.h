// JSON bodies of the record entries (docs/formats.md, "Entry types").
#ifndef HENHOUSE_SRC_ELECTION_ENTRIES_H_
#define HENHOUSE_SRC_ELECTION_ENTRIES_H_

#include "election/json.h"
#include "henhouse/election/ballot.h"
#include "henhouse/election/ceremony.h"
#include "henhouse/election/record.h"

namespace henhouse::election {

Json GuardianKeyJson(const GuardianPublicKey& key);
Json ShareJson(const ShareMessage& m);
Json ComplaintJson(const Complaint& c);
Json RevealJson(const ShareReveal& r, const math::Scalar& share, const math::Scalar& data_share);
Json RangeProofJson(const crypto::RangeProof& p);
Json ContestDataJson(const crypto::EncryptedContestData& d);
Json BallotJson(const EncryptedBallot& b);

// ParseBallot reads a `ballot` entry body with full validation against the
// manifest (style, contests, option counts, encodings, subgroup membership in
// one batch per ballot). INVALID_ARGUMENT names the ballot and field.
StatusOr<EncryptedBallot> ParseBallot(const ElectionParameters& params, const Json& j, Rng& rng);

// AppendJson serializes `j` canonically and appends it to `sink`.
Status AppendJson(RecordSink& sink, std::string_view type, std::string_view qualifier,
                  const Json& j);

std::string HexChain(const ChainingField& f);

}  // namespace henhouse::election

#endif  // HENHOUSE_SRC_ELECTION_ENTRIES_H_
