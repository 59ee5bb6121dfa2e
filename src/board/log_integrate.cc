// The integrator half of Log: tiles, checkpoints, cosigning, publication,
// and the read endpoints.
#include <future>

#include "board/durable_files.h"
#include "board/sqlite.h"
#include "henhouse/base/file.h"
#include "henhouse/board/log.h"

namespace henhouse::board {
namespace {

HttpResult Text(int status, std::string body) {
  return HttpResult{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

}  // namespace

Status Log::WritePublic(const std::string& rel, ByteSpan data) {
  std::string path = options_.dir + "/public/" + rel;
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(path.substr(0, path.find_last_of('/'))));
  return WriteFileAtomic(path, data);
}

StatusOr<Bytes> Log::ReadPublic(const tlog::TileRef& t) const {
  return ReadFile(options_.dir + "/public/" + tlog::TilePath(t), 1 << 20);
}

// ExtendTree integrates entries [builder_.size(), target) and writes every
// tile and entry bundle they fill or change. Tiles are a function of the
// entries, so rewriting them after a crash is harmless.
Status Log::ExtendTree(uint64_t target) {
  HENHOUSE_ASSIGN_OR_RETURN(auto sel, int_db_->Prepare(
      "SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx"));
  uint64_t from = builder_.size();
  sel->Bind(1, static_cast<int64_t>(from)).Bind(2, static_cast<int64_t>(target));
  std::map<tlog::TileRef, Bytes> out;
  uint64_t expect = from;
  while (true) {
    HENHOUSE_ASSIGN_OR_RETURN(bool row, sel->Step());
    if (!row) break;
    if (static_cast<uint64_t>(sel->Int(0)) != expect) {
      return DataLossError("log.db: entry " + std::to_string(expect) + " is missing");
    }
    Bytes entry = sel->Blob(1);
    builder_.Append(tlog::LeafHash(entry), out);
    bundle_edge_.push_back(std::move(entry));
    ++expect;
    if (bundle_edge_.size() == tlog::kTileWidth) {
      out[{tlog::kEntriesLevel, expect / tlog::kTileWidth - 1, tlog::kTileWidth}] =
          tlog::EncodeEntryBundle(bundle_edge_);
      bundle_edge_.clear();
    }
  }
  if (expect != target) return DataLossError("log.db: entries end at " + std::to_string(expect));
  for (auto& [t, data] : builder_.PartialTiles()) out[t] = std::move(data);
  if (!bundle_edge_.empty()) {
    out[{tlog::kEntriesLevel, target / tlog::kTileWidth, static_cast<uint32_t>(bundle_edge_.size())}] =
        tlog::EncodeEntryBundle(bundle_edge_);
  }
  // One durable batch per round: each directory is synced once.
  std::vector<std::pair<std::string, Bytes>> files;
  files.reserve(out.size());
  for (auto& [t, data] : out) {
    files.emplace_back(options_.dir + "/public/" + tlog::TilePath(t), std::move(data));
  }
  return WriteFilesDurably(files);
}

// Cosign asks witness `w` to cosign; on a 409 it learns the witness's size
// and retries once with a proof from there.
StatusOr<std::vector<tlog::NoteSignature>> Log::Cosign(size_t w, const std::string& note,
                                                        const tlog::Checkpoint& cp) {
  LogWitness& wit = options_.witnesses[w];
  auto reader = tlog::TileReader(cp.size, [this](const tlog::TileRef& t) { return ReadPublic(t); });
  for (int attempt = 0; attempt < 2; ++attempt) {
    uint64_t old = std::min(witness_size_[w], cp.size);
    HENHOUSE_ASSIGN_OR_RETURN(auto proof, tlog::ConsistencyProof(old, cp.size, reader));
    tlog::AddCheckpointRequest req{old, std::move(proof), note};
    HENHOUSE_ASSIGN_OR_RETURN(HttpResult r, wit.client->AddCheckpoint(req.Format()));
    if (r.status == 409) {
      std::string b = r.body;
      if (!b.empty() && b.back() == '\n') b.pop_back();
      HENHOUSE_ASSIGN_OR_RETURN(uint64_t theirs, tlog::ParseDecimal(b, "witness 409 size"));
      if (theirs == old || theirs > cp.size) {
        return ConflictError("witness " + wit.key.name() + " holds a conflicting tree of size " + b);
      }
      witness_size_[w] = theirs;
      continue;
    }
    if (r.status != 200) {
      return UnavailableError("witness " + wit.key.name() + " answered " + std::to_string(r.status) + ": " + r.body);
    }
    HENHOUSE_ASSIGN_OR_RETURN(auto sigs, tlog::ParseSignatureLines(r.body));
    std::vector<tlog::NoteSignature> good;
    for (const auto& s : sigs) {
      uint64_t t;
      if (wit.key.Matches(s) && wit.key.Verify(cp.Text(), s, &t).ok()) good.push_back(s);
    }
    if (good.empty()) return VerificationFailedError("witness " + wit.key.name() + " returned no valid cosignature");
    witness_size_[w] = cp.size;
    return good;
  }
  return UnavailableError("witness " + wit.key.name() + " kept changing its size");
}

Status Log::IntegrateOnce() {
  std::lock_guard<std::mutex> lock(integrate_mu_);
  uint64_t target = std::min<uint64_t>(durable_size_.load(), builder_.size() + options_.max_batch);
  if (target == builder_.size() && target == published_size_.load()) return OkStatus();
  if (target > builder_.size()) HENHOUSE_RETURN_IF_ERROR(ExtendTree(target));
  integrated_size_ = builder_.size();
  tlog::Checkpoint cp{signer_.verifier().name(), builder_.size(), builder_.Root(), {}};
  std::string text = cp.Text();
  tlog::Note note{text, {signer_.Sign(text, 0)}};
  std::string signed_note = tlog::FormatNote(note);
  std::vector<std::future<StatusOr<std::vector<tlog::NoteSignature>>>> futures;
  for (size_t w = 0; w < options_.witnesses.size(); ++w) {
    futures.push_back(std::async(std::launch::async, [this, w, &signed_note, &cp] {
      return Cosign(w, signed_note, cp);
    }));
  }
  Status first_error;
  for (auto& f : futures) {
    auto sigs = f.get();
    if (sigs.ok()) {
      note.signatures.insert(note.signatures.end(), sigs->begin(), sigs->end());
    } else if (first_error.ok()) {
      first_error = sigs.status();
    }
  }
  std::string cosigned = tlog::FormatNote(note);
  // Fail closed: publish only what a client with our policy would accept.
  auto checked = tlog::VerifyCosignedCheckpoint(cosigned, policy_);
  if (!checked.ok()) return first_error.ok() ? checked.status() : first_error;
  return Publish(cosigned, cp.size);
}

// Publish advances the checkpoint by compare-and-swap in SQLite, then writes
// public/checkpoint (rewritten from SQLite at start if a crash came between
// or the file did not reach the disk).
Status Log::Publish(const std::string& note, uint64_t size) {
  uint64_t old = published_size_.load();
  HENHOUSE_ASSIGN_OR_RETURN(auto upd, int_db_->Prepare(
      "UPDATE state SET size = ?, checkpoint = ? WHERE id = 1 AND size = ?"));
  upd->Bind(1, static_cast<int64_t>(size)).BindText(2, note).Bind(3, static_cast<int64_t>(old));
  HENHOUSE_RETURN_IF_ERROR(upd->Run());
  if (int_db_->Changes() != 1) return ConflictError("checkpoint moved under the integrator");
  {
    std::lock_guard<std::mutex> lock(pub_mu_);
    published_note_ = note;
    published_size_ = size;
  }
  // SQLite holds the durable copy; Load rewrites the file from it, so an
  // atomic replace without fsync is enough here.
  return ReplaceFile(options_.dir + "/public/checkpoint", AsBytes(note));
}

HttpResult Log::ProcessGet(std::string_view path) {
  if (path == "checkpoint") {
    std::lock_guard<std::mutex> lock(pub_mu_);
    if (published_note_.empty()) return Text(404, "no checkpoint published yet");
    return HttpResult{200, "text/plain; charset=utf-8", published_note_};
  }
  auto t = tlog::ParseTilePath(path);
  if (!t.ok()) return Text(400, t.status().message());
  auto data = ReadPublic(*t);
  if (!data.ok()) return Text(404, "no such tile");
  return HttpResult{200, "application/octet-stream", ToString(*data)};
}

HttpResult Log::ProcessReceipt(std::string_view index_text) {
  auto index = tlog::ParseDecimal(index_text, "receipt index");
  if (!index.ok()) return Text(400, index.status().message());
  std::string note;
  {
    std::lock_guard<std::mutex> lock(pub_mu_);
    note = published_note_;
  }
  auto cp = tlog::ParseNote(note);
  if (!cp.ok()) return Text(404, "no checkpoint published yet");
  auto parsed = tlog::Checkpoint::Parse(cp->text);
  if (!parsed.ok()) return Text(500, "published checkpoint unreadable");
  if (*index >= parsed->size) return Text(404, "entry not yet in a cosigned checkpoint");
  auto reader = tlog::TileReader(parsed->size, [this](const tlog::TileRef& t) { return ReadPublic(t); });
  auto proof = tlog::InclusionProof(*index, parsed->size, reader);
  if (!proof.ok()) return Text(500, "cannot build the proof: " + proof.status().message());
  tlog::Receipt r{{}, *index, std::move(*proof), note};
  return HttpResult{200, "text/plain; charset=utf-8", r.Format()};
}

}  // namespace henhouse::board
