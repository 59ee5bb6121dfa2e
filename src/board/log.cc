#include "henhouse/board/log.h"

#include <algorithm>

#include "board/sqlite.h"
#include "henhouse/base/file.h"
#include "henhouse/crypto/sha256.h"

namespace henhouse::board {
namespace {

HttpResult Text(int status, std::string body) {
  return HttpResult{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

}  // namespace

std::string BlobEntry(ByteSpan object) {
  return "henhouse-blob/v1 sha256:" + HexEncode(crypto::Sha256(object)) + " " +
         std::to_string(object.size()) + "\n";
}

Log::Log(LogOptions options, const Clock& clock, tlog::NoteSigner signer, tlog::Policy policy)
    : options_(std::move(options)), clock_(clock), signer_(std::move(signer)),
      policy_(std::move(policy)) {}

Log::~Log() {
  stop_ = true;
  seq_cv_.notify_all();
  if (sequencer_.joinable()) sequencer_.join();
  if (integrator_.joinable()) integrator_.join();
}

StatusOr<tlog::VerifierKey> Log::Init(const std::string& dir, const std::string& origin, Rng& rng) {
  HENHOUSE_ASSIGN_OR_RETURN(auto vkey, CreateKey(dir, "log", origin, tlog::kSigTypeEd25519, rng));
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir + "/public/tile"));
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir + "/blobs", 0700));
  return vkey;
}

StatusOr<std::unique_ptr<Log>> Log::Open(LogOptions options, const Clock& clock) {
  HENHOUSE_ASSIGN_OR_RETURN(tlog::NoteSigner signer, LoadKey(options.dir, "log"));
  if (signer.verifier().type() != tlog::kSigTypeEd25519) {
    return InvalidArgumentError(options.dir + "/log.vkey is not an Ed25519 note key");
  }
  tlog::Policy policy = options.policy.has_value() ? *options.policy : tlog::Policy();
  if (!options.policy.has_value()) {
    std::vector<tlog::VerifierKey> wkeys;
    for (const auto& w : options.witnesses) wkeys.push_back(w.key);
    HENHOUSE_ASSIGN_OR_RETURN(policy, tlog::Policy::AllOf({signer.verifier()}, wkeys));
  }
  std::unique_ptr<Log> log(new Log(std::move(options), clock, std::move(signer), std::move(policy)));
  HENHOUSE_RETURN_IF_ERROR(log->Load());
  log->sequencer_ = std::thread([l = log.get()] { l->SequencerLoop(); });
  log->integrator_ = std::thread([l = log.get()] { l->IntegratorLoop(); });
  return log;
}

Status Log::Load() {
  const std::string& dir = options_.dir;
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir + "/public/tile"));
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir + "/blobs", 0700));
  HENHOUSE_ASSIGN_OR_RETURN(seq_db_, Database::Open(dir + "/log.db"));
  HENHOUSE_RETURN_IF_ERROR(seq_db_->Exec(
      "CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, data BLOB NOT NULL);"
      "CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), "
      "size INTEGER NOT NULL, checkpoint TEXT NOT NULL);"
      "INSERT OR IGNORE INTO state (id, size, checkpoint) VALUES (1, 0, '');"));
  HENHOUSE_ASSIGN_OR_RETURN(int_db_, Database::Open(dir + "/log.db"));
  HENHOUSE_ASSIGN_OR_RETURN(auto st, int_db_->Prepare("SELECT size, checkpoint FROM state WHERE id = 1"));
  HENHOUSE_ASSIGN_OR_RETURN(bool row, st->Step());
  if (!row) return DataLossError(dir + "/log.db: no state row");
  uint64_t size = static_cast<uint64_t>(st->Int(0));
  published_note_ = st->Text(1);
  published_size_ = size;
  HENHOUSE_ASSIGN_OR_RETURN(auto mx, int_db_->Prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries"));
  HENHOUSE_ASSIGN_OR_RETURN(row, mx->Step());
  next_index_ = static_cast<uint64_t>(mx->Int(0));
  durable_size_ = next_index_;
  if (next_index_ < size) return DataLossError(dir + "/log.db: fewer entries than the checkpoint");
  // The tree restarts at the published size: its partial tiles were written
  // before the checkpoint was published.
  HENHOUSE_ASSIGN_OR_RETURN(builder_, tlog::TreeBuilder::Restore(size, [this](const tlog::TileRef& t) {
                              return ReadPublic(t);
                            }));
  HENHOUSE_ASSIGN_OR_RETURN(auto be, int_db_->Prepare("SELECT data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx"));
  be->Bind(1, static_cast<int64_t>(size / tlog::kTileWidth * tlog::kTileWidth)).Bind(2, static_cast<int64_t>(size));
  while (true) {
    HENHOUSE_ASSIGN_OR_RETURN(bool more, be->Step());
    if (!more) break;
    bundle_edge_.push_back(be->Blob(0));
  }
  witness_size_.assign(options_.witnesses.size(), size);
  if (!published_note_.empty()) {
    HENHOUSE_RETURN_IF_ERROR(WritePublic("checkpoint", AsBytes(published_note_)));
  }
  return OkStatus();
}

HttpResult Log::ProcessAdd(std::string_view body) {
  if (body.empty()) return Text(400, "empty entry");
  if (body.size() > kMaxBlobSize) return Text(413, "entry larger than " + std::to_string(kMaxBlobSize) + " bytes");
  auto pending = std::make_unique<Pending>();
  if (body.size() > kMaxEntryBody) {
    // Large objects live beside the log, named by their hash; the entry
    // commits to that hash and size.
    std::string hex = HexEncode(crypto::Sha256(AsBytes(body)));
    Status s = WriteFileAtomic(options_.dir + "/blobs/" + hex, AsBytes(body), 0600);
    if (!s.ok()) return Text(503, "cannot store the object");
    pending->entry = ToBytes(BlobEntry(AsBytes(body)));
  } else {
    pending->entry = ToBytes(body);
  }
  auto fut = pending->done.get_future();
  {
    std::lock_guard<std::mutex> lock(seq_mu_);
    if (stop_) return Text(503, "log is stopping");
    queue_.push_back(pending.get());
  }
  seq_cv_.notify_one();
  StatusOr<uint64_t> idx = fut.get();
  if (!idx.ok()) return Text(503, "entry not stored: " + idx.status().message());
  return Text(200, std::to_string(*idx));
}

void Log::SequencerLoop() {
  while (true) {
    std::vector<Pending*> batch;
    {
      std::unique_lock<std::mutex> lock(seq_mu_);
      seq_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      batch.assign(queue_.begin(), queue_.end());
      queue_.clear();
    }
    Status s = CommitBatch(batch);
    for (size_t i = 0; i < batch.size(); ++i) {
      if (s.ok()) {
        batch[i]->done.set_value(next_index_ - batch.size() + i);
      } else {
        batch[i]->done.set_value(s);
      }
    }
  }
}

// CommitBatch writes a whole batch in one transaction: one fsync covers every
// waiting request (group commit). Indices are assigned only if it commits.
Status Log::CommitBatch(std::vector<Pending*>& batch) {
  HENHOUSE_RETURN_IF_ERROR(seq_db_->Exec("BEGIN IMMEDIATE"));
  auto ins = seq_db_->Prepare("INSERT INTO entries (idx, data) VALUES (?, ?)");
  Status s = ins.status();
  for (size_t i = 0; s.ok() && i < batch.size(); ++i) {
    (*ins)->Bind(1, static_cast<int64_t>(next_index_ + i)).Bind(2, batch[i]->entry);
    s = (*ins)->Run();
  }
  ins = Status(StatusCode::kInternal, "released");  // finalize before COMMIT
  if (s.ok()) s = seq_db_->Exec("COMMIT");
  if (!s.ok()) {
    (void)seq_db_->Exec("ROLLBACK");
    return s;
  }
  next_index_ += batch.size();
  durable_size_ = next_index_;
  return OkStatus();
}

void Log::IntegratorLoop() {
  while (!stop_) {
    uint64_t before = clock_.NowMicros();
    (void)IntegrateOnce();  // failures are retried next round (fail closed)
    uint64_t spent_ms = (clock_.NowMicros() - before) / 1000;
    int wait = options_.integrate_interval_ms - static_cast<int>(std::min<uint64_t>(spent_ms, 1000000));
    for (int slept = 0; slept < wait && !stop_; slept += 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

}  // namespace henhouse::board
