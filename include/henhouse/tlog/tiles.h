// Tiled logs (C2SP tlog-tiles): tile and entry-bundle paths, bundle
// encoding, and a SubtreeReader over tiles.
#ifndef HENHOUSE_TLOG_TILES_H_
#define HENHOUSE_TLOG_TILES_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "henhouse/tlog/merkle.h"

namespace henhouse::tlog {

inline constexpr int kTileHeight = 8;
inline constexpr uint32_t kTileWidth = 256;
// Entry bundles use uint16 length prefixes.
inline constexpr size_t kMaxEntrySize = 65535;

// TileRef names a tile (level >= 0) or an entry bundle (level == -1).
struct TileRef {
  int level = 0;
  uint64_t index = 0;
  uint32_t width = kTileWidth;  // 256 for a full tile, 1..255 for a partial one
  bool operator<(const TileRef& o) const {
    return std::tie(level, index, width) < std::tie(o.level, o.index, o.width);
  }
  bool operator==(const TileRef&) const = default;
};
inline constexpr int kEntriesLevel = -1;

// TilePath returns "tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]",
// with N as 3-digit groups, all but the last prefixed with 'x'.
std::string TilePath(const TileRef& t);
// ParseTilePath is the inverse; INVALID_ARGUMENT for anything else (so it
// also guards file lookups against path traversal).
StatusOr<TileRef> ParseTilePath(std::string_view path);

// PartialWidth returns floor(size / 256^(level)) mod 256 for tile levels
// and size mod 256 for entry bundles: the width of the rightmost partial
// tile, 0 when there is none.
uint32_t PartialWidth(int level, uint64_t size);
// TileFor returns the tile of `level` that holds hash `index` at tile level
// `level` (entry `index` for bundles) in a tree of `size`.
TileRef TileFor(int level, uint64_t index, uint64_t size);

// EncodeEntryBundle concatenates uint16-length-prefixed entries.
// REQUIRES: every entry is at most kMaxEntrySize bytes.
Bytes EncodeEntryBundle(const std::vector<Bytes>& entries);
StatusOr<std::vector<Bytes>> DecodeEntryBundle(ByteSpan bundle);

// TileFetcher returns the bytes of a tile.
using TileFetcher = std::function<StatusOr<Bytes>(const TileRef&)>;
// TileReader answers subtree hashes of the tree of `size` from its tiles,
// caching fetched tiles for its lifetime. Tiles of the wrong length give
// DATA_LOSS.
SubtreeReader TileReader(uint64_t size, TileFetcher fetch);

// TreeBuilder keeps the right edge of a tiled tree (the partial tile of
// every level) and appends leaf hashes, reporting each tile it fills.
class TreeBuilder {
 public:
  TreeBuilder() = default;
  // Restore rebuilds the edge of a tree of `size` from its partial tiles.
  static StatusOr<TreeBuilder> Restore(uint64_t size, const TileFetcher& fetch);

  uint64_t size() const { return size_; }
  // Append adds a leaf hash; every tile that becomes full is added to
  // `full_tiles` with its contents.
  void Append(const Hash& leaf, std::map<TileRef, Bytes>& full_tiles);
  // PartialTiles returns the current partial tiles (non-empty levels only).
  std::map<TileRef, Bytes> PartialTiles() const;
  // Root returns MTH of the whole tree, from the edge alone.
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<std::vector<Hash>> edge_;  // edge_[l] = hashes of the partial tile at level l
};

}  // namespace henhouse::tlog

#endif  // HENHOUSE_TLOG_TILES_H_
