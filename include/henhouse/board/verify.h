// Client-side checks of a published log: what `henhouse log verify` and
// `henhouse log check-receipt` run.
#ifndef HENHOUSE_BOARD_VERIFY_H_
#define HENHOUSE_BOARD_VERIFY_H_

#include <optional>
#include <string>

#include "henhouse/board/http.h"
#include "henhouse/tlog/proof.h"

namespace henhouse::board {

// VerifyLog fetches the checkpoint and checks it against `policy` (log
// signature and witness quorum), recomputes the tree from every entry
// bundle, checks every tile the tree has against the one served and the
// root against the checkpoint, and, given `since` (an earlier signed
// checkpoint, which must carry the log's signature), checks a consistency
// proof built from the served tiles. Returns the verified checkpoint.
// VERIFICATION_FAILED / DATA_LOSS name the failing object.
StatusOr<tlog::Checkpoint> VerifyLog(const Fetcher& fetch, const tlog::Policy& policy,
                                     const std::optional<std::string>& since);

// CheckReceipt verifies a tlog-proof for `entry` against `policy`.
StatusOr<tlog::Checkpoint> CheckReceipt(std::string_view receipt, ByteSpan entry,
                                        const tlog::Policy& policy);

}  // namespace henhouse::board

#endif  // HENHOUSE_BOARD_VERIFY_H_
