// Receipts (C2SP tlog-proof) and add-checkpoint request bodies (C2SP
// tlog-witness v1.0.0).
#ifndef HENHOUSE_TLOG_PROOF_H_
#define HENHOUSE_TLOG_PROOF_H_

#include <string>
#include <vector>

#include "henhouse/tlog/policy.h"

namespace henhouse::tlog {

// Receipt is an offline proof that entry `index` is in a cosigned checkpoint.
struct Receipt {
  Bytes extra;  // optional, unauthenticated
  uint64_t index = 0;
  std::vector<Hash> inclusion;
  std::string checkpoint;  // the signed checkpoint note, verbatim

  // Format returns "c2sp.org/tlog-proof@v1\n[extra ..\n]index N\nhashes..\n\n<checkpoint>".
  std::string Format() const;
  // Parse reads that format; INVALID_ARGUMENT names the malformed line.
  static StatusOr<Receipt> Parse(std::string_view text);
};

// VerifyReceipt checks the checkpoint against `policy` (log signature and
// witness quorum) and that `leaf` is entry `index` of it. Returns the
// checkpoint. VERIFICATION_FAILED names the failing check.
StatusOr<Checkpoint> VerifyReceipt(const Receipt& receipt, const Hash& leaf,
                                   const Policy& policy);

// AddCheckpointRequest is the body of POST <witness>/add-checkpoint.
struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> consistency;  // at most kMaxProofHashes
  std::string checkpoint;         // signed checkpoint note

  std::string Format() const;
  static StatusOr<AddCheckpointRequest> Parse(std::string_view body);
};

}  // namespace henhouse::tlog

#endif  // HENHOUSE_TLOG_PROOF_H_
