#include "henhouse/board/witness.h"

#include "board/sqlite.h"
#include "henhouse/base/file.h"

namespace henhouse::board {
namespace {

HttpResult Answer(int status, std::string body) {
  return HttpResult{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

// 409 answers carry the stored size [tlog-witness §add-checkpoint].
HttpResult SizeConflict(uint64_t stored) {
  return HttpResult{409, "text/x.tlog.size", std::to_string(stored) + "\n"};
}

}  // namespace

Witness::Witness(tlog::NoteSigner signer, std::vector<tlog::VerifierKey> logs,
                 std::unique_ptr<Database> db, const Clock& clock)
    : signer_(std::move(signer)), logs_(std::move(logs)), db_(std::move(db)), clock_(clock) {}

Witness::~Witness() = default;

StatusOr<std::unique_ptr<Witness>> Witness::Open(const std::string& dir,
                                                 std::vector<tlog::VerifierKey> logs,
                                                 const Clock& clock) {
  HENHOUSE_ASSIGN_OR_RETURN(tlog::NoteSigner signer, LoadKey(dir, "witness"));
  if (signer.verifier().type() != tlog::kSigTypeCosignature) {
    return InvalidArgumentError(dir + "/witness.vkey is not a cosigner key (type 0x04)");
  }
  for (const auto& l : logs) {
    if (l.type() != tlog::kSigTypeEd25519) {
      return InvalidArgumentError("log key " + l.name() + " is not an Ed25519 note key");
    }
  }
  HENHOUSE_ASSIGN_OR_RETURN(auto db, Database::Open(dir + "/witness.db"));
  HENHOUSE_RETURN_IF_ERROR(db->Exec(
      "CREATE TABLE IF NOT EXISTS cosigned (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, "
      "root BLOB NOT NULL, checkpoint TEXT NOT NULL)"));
  return std::unique_ptr<Witness>(
      new Witness(std::move(signer), std::move(logs), std::move(db), clock));
}

HttpResult Witness::ProcessAddCheckpoint(std::string_view body) {
  auto req = tlog::AddCheckpointRequest::Parse(body);
  if (!req.ok()) return Answer(400, req.status().message());
  auto note = tlog::ParseNote(req->checkpoint);
  if (!note.ok()) return Answer(400, note.status().message());
  auto cp = tlog::Checkpoint::Parse(note->text);
  if (!cp.ok()) return Answer(400, cp.status().message());
  std::vector<tlog::VerifierKey> keys;
  for (const auto& l : logs_) {
    if (l.name() == cp->origin) keys.push_back(l);
  }
  if (keys.empty()) return Answer(404, "unknown log origin");
  if (!tlog::VerifyNote(*note, keys).ok()) return Answer(403, "no valid signature by the log");
  if (req->old_size > cp->size) return Answer(400, "old size exceeds checkpoint size");

  std::lock_guard<std::mutex> lock(mu_);
  auto sel = db_->Prepare("SELECT size, root FROM cosigned WHERE origin = ?");
  if (!sel.ok()) return Answer(500, "storage unavailable");
  (*sel)->BindText(1, cp->origin);
  auto row = (*sel)->Step();
  if (!row.ok()) return Answer(500, "storage unavailable");
  uint64_t stored = 0;
  tlog::Hash stored_root = tlog::EmptyRootHash();
  bool have = *row;
  if (have) {
    stored = static_cast<uint64_t>((*sel)->Int(0));
    Bytes r = (*sel)->Blob(1);
    if (r.size() != tlog::kHashSize) return Answer(500, "stored root is corrupt");
    std::copy(r.begin(), r.end(), stored_root.begin());
  }
  if (req->old_size != stored) return SizeConflict(stored);
  if (req->old_size == cp->size && have && stored_root != cp->root) {
    // Never cosign two different trees of the same size.
    return SizeConflict(stored);
  }
  if (!tlog::VerifyConsistency(stored, cp->size, stored_root, cp->root, req->consistency).ok()) {
    return Answer(422, "consistency proof does not verify");
  }
  // Persist by compare-and-swap before answering.
  auto upd = db_->Prepare(have ? "UPDATE cosigned SET size = ?, root = ?, checkpoint = ? "
                                 "WHERE origin = ? AND size = ?"
                               : "INSERT INTO cosigned (size, root, checkpoint, origin) "
                                 "VALUES (?, ?, ?, ?)");
  if (!upd.ok()) return Answer(500, "storage unavailable");
  (*upd)->Bind(1, static_cast<int64_t>(cp->size)).Bind(2, cp->root);
  (*upd)->BindText(3, req->checkpoint).BindText(4, cp->origin);
  if (have) (*upd)->Bind(5, static_cast<int64_t>(stored));
  if (!(*upd)->Run().ok() || db_->Changes() != 1) return Answer(500, "storage update failed");
  tlog::NoteSignature sig = signer_.Sign(note->text, clock_.NowUnixSeconds());
  return HttpResult{200, "text/plain; charset=utf-8", tlog::FormatSignatureLine(sig)};
}

}  // namespace henhouse::board
