#include "henhouse/board/verify.h"

#include "henhouse/tlog/tiles.h"

namespace henhouse::board {
namespace {

// RebuildFromBundles recomputes the tree of `size` from the entry bundles and
// checks each tile the log serves against the recomputed one.
Status RebuildFromBundles(const Fetcher& fetch, const tlog::Checkpoint& cp) {
  tlog::TreeBuilder b;
  std::map<tlog::TileRef, Bytes> built;
  for (uint64_t n = 0; n * tlog::kTileWidth < cp.size; ++n) {
    tlog::TileRef ref = tlog::TileFor(tlog::kEntriesLevel, n * tlog::kTileWidth, cp.size);
    HENHOUSE_ASSIGN_OR_RETURN(Bytes bundle, fetch(tlog::TilePath(ref)));
    HENHOUSE_ASSIGN_OR_RETURN(auto entries, tlog::DecodeEntryBundle(bundle));
    if (entries.size() != ref.width) {
      return DataLossError(tlog::TilePath(ref) + ": expected " + std::to_string(ref.width) +
                           " entries, got " + std::to_string(entries.size()));
    }
    for (const Bytes& e : entries) b.Append(tlog::LeafHash(e), built);
  }
  for (auto& [t, data] : b.PartialTiles()) built[t] = std::move(data);
  for (const auto& [t, data] : built) {
    HENHOUSE_ASSIGN_OR_RETURN(Bytes served, fetch(tlog::TilePath(t)));
    if (served != data) {
      return VerificationFailedError(tlog::TilePath(t) + " differs from the tile recomputed from the entries");
    }
  }
  if (b.Root() != cp.root) {
    return VerificationFailedError("root recomputed from the entries differs from the checkpoint's");
  }
  return OkStatus();
}

}  // namespace

StatusOr<tlog::Checkpoint> VerifyLog(const Fetcher& fetch, const tlog::Policy& policy,
                                     const std::optional<std::string>& since) {
  HENHOUSE_ASSIGN_OR_RETURN(Bytes note, fetch("checkpoint"));
  HENHOUSE_ASSIGN_OR_RETURN(tlog::SignedCheckpoint sc,
                            tlog::VerifyCosignedCheckpoint(ToString(note), policy));
  const tlog::Checkpoint& cp = sc.checkpoint;
  HENHOUSE_RETURN_IF_ERROR(RebuildFromBundles(fetch, cp));
  if (since.has_value()) {
    tlog::SignedCheckpoint old;
    bool opened = false;
    for (const auto& l : policy.logs()) {
      auto o = tlog::OpenCheckpoint(*since, l.key);
      if (o.ok()) {
        old = std::move(*o);
        opened = true;
      }
    }
    if (!opened) return VerificationFailedError("--since checkpoint is not signed by a policy log");
    if (old.checkpoint.origin != cp.origin) return VerificationFailedError("--since checkpoint is of another log");
    if (old.checkpoint.size > cp.size) {
      return VerificationFailedError("log shrank: earlier checkpoint has size " +
                                     std::to_string(old.checkpoint.size) + ", current " + std::to_string(cp.size));
    }
    auto reader = tlog::TileReader(cp.size, [&fetch](const tlog::TileRef& t) { return fetch(tlog::TilePath(t)); });
    HENHOUSE_ASSIGN_OR_RETURN(auto proof, tlog::ConsistencyProof(old.checkpoint.size, cp.size, reader));
    HENHOUSE_RETURN_IF_ERROR(tlog::VerifyConsistency(old.checkpoint.size, cp.size, old.checkpoint.root,
                                                     cp.root, proof)
                                 .WithContext("earlier checkpoint is not a prefix of the current one"));
  }
  return cp;
}

StatusOr<tlog::Checkpoint> CheckReceipt(std::string_view receipt, ByteSpan entry,
                                        const tlog::Policy& policy) {
  HENHOUSE_ASSIGN_OR_RETURN(tlog::Receipt r, tlog::Receipt::Parse(receipt));
  return tlog::VerifyReceipt(r, tlog::LeafHash(entry), policy);
}

}  // namespace henhouse::board
