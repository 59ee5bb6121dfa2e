// The witness (C2SP tlog-witness v1.0.0): cosigns a log's checkpoint only if
// it is consistent with the last checkpoint it cosigned for that log, which
// it keeps in SQLite (<dir>/witness.db) and persists before answering.
#ifndef HENHOUSE_BOARD_WITNESS_H_
#define HENHOUSE_BOARD_WITNESS_H_

#include <memory>
#include <mutex>
#include <vector>

#include "henhouse/base/clock.h"
#include "henhouse/board/keys.h"
#include "henhouse/tlog/proof.h"

namespace henhouse::board {

class Database;

class Witness {
 public:
  // Open loads the key from `dir` and trusts `logs` (type 0x01 keys; the
  // key name is the log's origin).
  static StatusOr<std::unique_ptr<Witness>> Open(const std::string& dir,
                                                 std::vector<tlog::VerifierKey> logs,
                                                 const Clock& clock);
  ~Witness();

  const tlog::VerifierKey& verifier() const { return signer_.verifier(); }

  // ProcessAddCheckpoint answers a POST add-checkpoint body: 200 with a
  // cosignature line; 400 malformed or old size > size; 403 no valid log
  // signature; 404 unknown origin; 409 (text/x.tlog.size, the stored size)
  // old size is not the stored size, or same size with another root; 422
  // consistency proof does not verify. Nothing is stored unless it answers
  // 200; the new state is durable before it does.
  HttpResult ProcessAddCheckpoint(std::string_view body);

 private:
  Witness(tlog::NoteSigner signer, std::vector<tlog::VerifierKey> logs,
          std::unique_ptr<Database> db, const Clock& clock);
  tlog::NoteSigner signer_;
  std::vector<tlog::VerifierKey> logs_;
  std::unique_ptr<Database> db_;
  const Clock& clock_;
  std::mutex mu_;  // serialises check-and-persist (tlog-witness §add-checkpoint)
};

}  // namespace henhouse::board

#endif  // HENHOUSE_BOARD_WITNESS_H_
