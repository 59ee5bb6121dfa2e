// The log service: sequences entries durably (group commit in SQLite),
// integrates them into tiles under <dir>/public/, and publishes a checkpoint
// only once the policy's witnesses have cosigned it.
//
// <dir>/log.key (0600), log.vkey   the log's Ed25519 key
// <dir>/log.db                      entries, published size and checkpoint
// <dir>/blobs/<sha256 hex>          objects larger than an entry
// <dir>/public/checkpoint, tile/... the static C2SP tlog-tiles layout
#ifndef HENHOUSE_BOARD_LOG_H_
#define HENHOUSE_BOARD_LOG_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "henhouse/base/clock.h"
#include "henhouse/base/rng.h"
#include "henhouse/board/keys.h"
#include "henhouse/tlog/proof.h"
#include "henhouse/tlog/tiles.h"

namespace henhouse::board {

class Database;

// Bodies up to this size are entries; larger ones (up to kMaxBlobSize) are
// stored as blobs and the entry names their hash.
inline constexpr size_t kMaxEntryBody = tlog::kMaxEntrySize;
inline constexpr size_t kMaxBlobSize = size_t{64} << 20;

// WitnessClient sends one add-checkpoint request. UNAVAILABLE if the witness
// cannot be reached; otherwise the witness's HTTP answer.
class WitnessClient {
 public:
  virtual ~WitnessClient() = default;
  virtual StatusOr<HttpResult> AddCheckpoint(const std::string& body) = 0;
};

struct LogWitness {
  tlog::VerifierKey key;
  std::unique_ptr<WitnessClient> client;
};

struct LogOptions {
  std::string dir;
  std::vector<LogWitness> witnesses;
  // Policy the published checkpoints must meet; when unset, every witness
  // must cosign (the default policy).
  std::optional<tlog::Policy> policy;
  int integrate_interval_ms = 100;
  size_t max_batch = 200000;
  // Backpressure: while more than this many durable entries wait for the
  // integrator, the sequencer waits (up to 5 s) before its next commit, so
  // that acknowledgement-to-checkpoint latency stays bounded when the
  // integrator gets less CPU than the request path.
  size_t max_lag = 8192;
};

// BlobEntry is the entry that stands for a large object.
std::string BlobEntry(ByteSpan object);

class Log {
 public:
  // Init creates a log directory with a fresh key for `origin`; returns the
  // vkey. ALREADY_EXISTS if a key is there.
  static StatusOr<tlog::VerifierKey> Init(const std::string& dir, const std::string& origin,
                                          Rng& rng);
  // Open loads the log, restores the tree at the published size and starts
  // the sequencer and integrator threads.
  static StatusOr<std::unique_ptr<Log>> Open(LogOptions options, const Clock& clock);
  ~Log();

  const tlog::VerifierKey& verifier() const { return signer_.verifier(); }

  // SubmitAdd answers POST /add without waiting: `done` gets 200 with the
  // index once the entry is durable; 400 empty body; 413 too large; 503
  // storage failure. `done` runs once, on the sequencer thread (or at once
  // for a refused body), and must not block.
  using AddDone = std::function<void(HttpResult)>;
  void SubmitAdd(std::string body, AddDone done);
  // ProcessAdd is SubmitAdd that waits for the answer.
  HttpResult ProcessAdd(std::string_view body);
  // ProcessGet answers GET /checkpoint and GET /tile/...: 404 if absent,
  // 400 for malformed tile paths.
  HttpResult ProcessGet(std::string_view path);
  // ProcessReceipt answers GET /receipt/<index> with a tlog-proof for the
  // published checkpoint: 400 bad index, 404 not yet published.
  HttpResult ProcessReceipt(std::string_view index);

  // IntegrateOnce integrates what is durable and tries to publish; the
  // integrator thread calls it every interval. Calls are serialised.
  Status IntegrateOnce();
  uint64_t published_size() const { return published_size_.load(); }

 private:
  struct Pending {
    Bytes entry;
    std::string blob;  // a large object to store before the entry
    AddDone done;
  };
  Log(LogOptions options, const Clock& clock, tlog::NoteSigner signer, tlog::Policy policy);
  Status Load();
  void SequencerLoop();
  void WaitForIntegrator();
  void IntegratorLoop();
  Status CommitBatch(const std::vector<std::unique_ptr<Pending>>& batch);
  void StoreBlobs(std::vector<std::unique_ptr<Pending>>& batch);
  Status ExtendTree(uint64_t target);
  Status WritePublic(const std::string& rel, ByteSpan data);
  StatusOr<Bytes> ReadPublic(const tlog::TileRef& t) const;
  StatusOr<std::vector<tlog::NoteSignature>> Cosign(size_t w, const std::string& note,
                                                     const tlog::Checkpoint& cp);
  Status Publish(const std::string& note, uint64_t size);

  LogOptions options_;
  const Clock& clock_;
  tlog::NoteSigner signer_;
  tlog::Policy policy_;
  std::unique_ptr<Database> seq_db_;  // sequencer thread: entry inserts
  std::unique_ptr<Database> int_db_;  // integrator thread: reads, checkpoint CAS

  std::mutex seq_mu_;
  std::condition_variable seq_cv_;
  std::vector<std::unique_ptr<Pending>> queue_;
  // Requests waiting when the last commit ended, the ones it answered
  // included: the sequencer waits up to kGatherWait for that many.
  size_t gather_target_ = 1;
  static constexpr std::chrono::microseconds kGatherWait{1000};
  uint64_t next_index_ = 0;
  std::atomic<uint64_t> durable_size_{0};

  std::mutex integrate_mu_;            // held for a whole IntegrateOnce
  tlog::TreeBuilder builder_;          // guarded by integrate_mu_
  std::vector<Bytes> bundle_edge_;     // entries of the partial bundle
  std::vector<uint64_t> witness_size_;  // last size each witness cosigned
  std::atomic<uint64_t> integrated_size_{0};  // builder_.size(), for the sequencer
  std::atomic<uint64_t> published_size_{0};
  mutable std::mutex pub_mu_;
  std::string published_note_;

  std::atomic<bool> stop_{false};
  std::thread sequencer_, integrator_;
};

}  // namespace henhouse::board

#endif  // HENHOUSE_BOARD_LOG_H_
