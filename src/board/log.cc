#include "henhouse/board/log.h"

#include <pthread.h>

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
  log->sequencer_ = std::thread([l = log.get()] {
    pthread_setname_np(pthread_self(), "hh-sequencer");
    l->SequencerLoop();
  });
  log->integrator_ = std::thread([l = log.get()] {
    pthread_setname_np(pthread_self(), "hh-integrator");
    l->IntegratorLoop();
  });
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
  integrated_size_ = size;
  if (!published_note_.empty()) {
    HENHOUSE_RETURN_IF_ERROR(WritePublic("checkpoint", AsBytes(published_note_)));
  }
  return OkStatus();
}

void Log::SubmitAdd(std::string body, AddDone done) {
  if (body.empty()) return done(Text(400, "empty entry"));
  if (body.size() > kMaxBlobSize) {
    return done(Text(413, "entry larger than " + std::to_string(kMaxBlobSize) + " bytes"));
  }
  auto pending = std::make_unique<Pending>();
  if (body.size() > kMaxEntryBody) {
    // Large objects live beside the log, named by their hash; the entry
    // commits to that hash and size. The sequencer stores the object.
    pending->entry = ToBytes(BlobEntry(AsBytes(body)));
    pending->blob = std::move(body);
  } else {
    pending->entry = ToBytes(body);
  }
  pending->done = std::move(done);
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(seq_mu_);
    if (!stop_) {
      queue_.push_back(std::move(pending));
      // Wake the sequencer for the first entry, and when the batch it is
      // gathering is complete; not once per entry.
      wake = queue_.size() == 1 || queue_.size() >= gather_target_;
    }
  }
  if (pending) return pending->done(Text(503, "log is stopping"));
  if (wake) seq_cv_.notify_one();
}

HttpResult Log::ProcessAdd(std::string_view body) {
  std::promise<HttpResult> answer;
  auto fut = answer.get_future();
  SubmitAdd(std::string(body), [&answer](HttpResult r) { answer.set_value(std::move(r)); });
  return fut.get();
}

void Log::WaitForIntegrator() {
  for (int ms = 0; ms < 5000 && !stop_ && next_index_ - integrated_size_.load() > options_.max_lag; ++ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void Log::SequencerLoop() {
  while (true) {
    WaitForIntegrator();
    std::vector<std::unique_ptr<Pending>> batch;
    {
      std::unique_lock<std::mutex> lock(seq_mu_);
      seq_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      // Group commit: the clients answered by the last commit usually send
      // again within a round trip; wait briefly for them, so that one fsync
      // covers everyone instead of the wave splitting into small commits.
      seq_cv_.wait_for(lock, kGatherWait, [this] { return stop_ || queue_.size() >= gather_target_; });
      if (queue_.empty() && stop_) return;
      batch.swap(queue_);
    }
    StoreBlobs(batch);
    Status s = batch.empty() ? OkStatus() : CommitBatch(batch);
    {
      std::lock_guard<std::mutex> lock(seq_mu_);
      gather_target_ = std::clamp<size_t>(batch.size() + queue_.size(), 1, options_.max_batch);
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (s.ok()) {
        batch[i]->done(Text(200, std::to_string(next_index_ - batch.size() + i)));
      } else {
        batch[i]->done(Text(503, "entry not stored: " + s.message()));
      }
    }
  }
}

// StoreBlobs writes the large objects of a batch; an entry whose object
// could not be stored is answered 503 and left out of the batch.
void Log::StoreBlobs(std::vector<std::unique_ptr<Pending>>& batch) {
  size_t kept = 0;
  for (auto& p : batch) {
    if (!p->blob.empty()) {
      std::string hex = HexEncode(crypto::Sha256(AsBytes(p->blob)));
      if (!WriteFileAtomic(options_.dir + "/blobs/" + hex, AsBytes(p->blob), 0600).ok()) {
        p->done(Text(503, "cannot store the object"));
        continue;
      }
      p->blob.clear();
    }
    batch[kept++] = std::move(p);
  }
  batch.resize(kept);
}

// CommitBatch writes a whole batch in one transaction: one fsync covers every
// waiting request (group commit). Indices are assigned only if it commits.
Status Log::CommitBatch(const std::vector<std::unique_ptr<Pending>>& batch) {
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
