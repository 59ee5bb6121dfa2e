#include "henhouse/tlog/tiles.h"

#include <cstdio>
#include <memory>

#include "henhouse/tlog/checkpoint.h"

namespace henhouse::tlog {
namespace {

// HashesAtLevel is the number of hashes stored at tile level `level` of a
// tree of `size` (entries for level -1).
uint64_t HashesAtLevel(int level, uint64_t size) {
  if (level <= 0) return size;
  return level * kTileHeight >= 64 ? 0 : size >> (level * kTileHeight);
}

// SubtreeOf returns MTH of 2^k consecutive hashes (a complete subtree).
Hash SubtreeOf(std::span<const Hash> hashes) {
  std::vector<Hash> cur(hashes.begin(), hashes.end());
  while (cur.size() > 1) {
    for (size_t i = 0; i < cur.size() / 2; ++i) cur[i] = NodeHash(cur[2 * i], cur[2 * i + 1]);
    cur.resize(cur.size() / 2);
  }
  return cur[0];
}

std::vector<Hash> SplitHashes(ByteSpan data) {
  std::vector<Hash> out(data.size() / kHashSize);
  for (size_t i = 0; i < out.size(); ++i) {
    std::copy_n(data.begin() + i * kHashSize, kHashSize, out[i].begin());
  }
  return out;
}

}  // namespace

std::string TilePath(const TileRef& t) {
  char buf[8];
  uint64_t n = t.index;
  std::snprintf(buf, sizeof(buf), "%03u", static_cast<unsigned>(n % 1000));
  std::string idx = buf;
  while (n >= 1000) {
    n /= 1000;
    std::snprintf(buf, sizeof(buf), "x%03u/", static_cast<unsigned>(n % 1000));
    idx = buf + idx;
  }
  std::string out = "tile/";
  out += t.level == kEntriesLevel ? std::string("entries") : std::to_string(t.level);
  out += "/" + idx;
  if (t.width < kTileWidth) out += ".p/" + std::to_string(t.width);
  return out;
}

StatusOr<TileRef> ParseTilePath(std::string_view path) {
  auto bad = [&] { return InvalidArgumentError("tile path \"" + std::string(path) + "\" is malformed"); };
  if (path.substr(0, 5) != "tile/") return bad();
  std::string_view rest = path.substr(5);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return bad();
  TileRef t;
  std::string_view level = rest.substr(0, slash);
  if (level == "entries") {
    t.level = kEntriesLevel;
  } else {
    auto l = ParseDecimal(level, "tile level");
    if (!l.ok() || *l > 63) return bad();
    t.level = static_cast<int>(*l);
  }
  rest.remove_prefix(slash + 1);
  size_t p = rest.find(".p/");
  std::string_view idx = rest.substr(0, p);
  if (p != std::string_view::npos) {
    auto w = ParseDecimal(rest.substr(p + 3), "tile width");
    if (!w.ok() || *w == 0 || *w >= kTileWidth) return bad();
    t.width = static_cast<uint32_t>(*w);
  }
  uint64_t n = 0;
  while (true) {
    bool last = idx.size() == 3;
    if (!last && (idx.size() < 5 || idx[0] != 'x' || idx[4] != '/')) return bad();
    std::string_view digits = last ? idx : idx.substr(1, 3);
    for (char c : digits) {
      if (c < '0' || c > '9') return bad();
    }
    if (n > (uint64_t{1} << 53)) return bad();
    n = n * 1000 + static_cast<uint64_t>(std::stoi(std::string(digits)));
    if (last) break;
    idx.remove_prefix(5);
  }
  t.index = n;
  if (TilePath(t) != path) return bad();  // only the canonical spelling
  return t;
}

uint32_t PartialWidth(int level, uint64_t size) {
  return static_cast<uint32_t>(HashesAtLevel(level, size) % kTileWidth);
}

TileRef TileFor(int level, uint64_t index, uint64_t size) {
  TileRef t{level, index / kTileWidth, kTileWidth};
  if (t.index == HashesAtLevel(level, size) / kTileWidth) t.width = PartialWidth(level, size);
  return t;
}

Bytes EncodeEntryBundle(const std::vector<Bytes>& entries) {
  Bytes out;
  for (const Bytes& e : entries) {
    AppendU16(out, static_cast<uint16_t>(e.size()));
    Append(out, e);
  }
  return out;
}

StatusOr<std::vector<Bytes>> DecodeEntryBundle(ByteSpan bundle) {
  std::vector<Bytes> out;
  ByteReader r(bundle);
  while (!r.empty()) {
    HENHOUSE_ASSIGN_OR_RETURN(uint16_t n, r.ReadU16("entry bundle: entry length"));
    HENHOUSE_ASSIGN_OR_RETURN(ByteSpan e, r.Read(n, "entry bundle: entry"));
    out.emplace_back(e.begin(), e.end());
  }
  return out;
}

SubtreeReader TileReader(uint64_t size, TileFetcher fetch) {
  auto cache = std::make_shared<std::map<TileRef, std::vector<Hash>>>();
  return [size, fetch = std::move(fetch), cache](int level, uint64_t index) -> StatusOr<Hash> {
    int t = level / kTileHeight, r = level % kTileHeight;
    uint64_t first = index << r, n = uint64_t{1} << r;
    if (first + n > HashesAtLevel(t, size)) {
      return NotFoundError("subtree (" + std::to_string(level) + ", " + std::to_string(index) +
                           ") is outside the tree of size " + std::to_string(size));
    }
    TileRef tile = TileFor(t, first, size);
    auto it = cache->find(tile);
    if (it == cache->end()) {
      HENHOUSE_ASSIGN_OR_RETURN(Bytes data, fetch(tile));
      if (data.size() != size_t{tile.width} * kHashSize) {
        return DataLossError(TilePath(tile) + ": expected " + std::to_string(tile.width) +
                             " hashes, got " + std::to_string(data.size()) + " bytes");
      }
      it = cache->emplace(tile, SplitHashes(data)).first;
    }
    uint64_t off = first % kTileWidth;
    return SubtreeOf(std::span<const Hash>(it->second).subspan(off, n));
  };
}

StatusOr<TreeBuilder> TreeBuilder::Restore(uint64_t size, const TileFetcher& fetch) {
  TreeBuilder b;
  b.size_ = size;
  for (int l = 0; HashesAtLevel(l, size) > 0; ++l) {
    b.edge_.emplace_back();
    uint32_t w = PartialWidth(l, size);
    if (w == 0) continue;
    TileRef t{l, HashesAtLevel(l, size) / kTileWidth, w};
    HENHOUSE_ASSIGN_OR_RETURN(Bytes data, fetch(t));
    if (data.size() != size_t{w} * kHashSize) {
      return DataLossError(TilePath(t) + ": wrong length " + std::to_string(data.size()));
    }
    b.edge_.back() = SplitHashes(data);
  }
  return b;
}

void TreeBuilder::Append(const Hash& leaf, std::map<TileRef, Bytes>& full_tiles) {
  ++size_;
  Hash h = leaf;
  for (int l = 0;; ++l) {
    if (edge_.size() <= static_cast<size_t>(l)) edge_.emplace_back();
    edge_[l].push_back(h);
    if (edge_[l].size() < kTileWidth) return;
    // The tile at level l is full: store it and carry its hash up a level.
    TileRef t{l, HashesAtLevel(l, size_) / kTileWidth - 1, kTileWidth};
    Bytes data;
    data.reserve(kTileWidth * kHashSize);
    for (const Hash& x : edge_[l]) henhouse::Append(data, x);
    full_tiles[t] = std::move(data);
    h = SubtreeOf(edge_[l]);
    edge_[l].clear();
  }
}

std::map<TileRef, Bytes> TreeBuilder::PartialTiles() const {
  std::map<TileRef, Bytes> out;
  for (size_t l = 0; l < edge_.size(); ++l) {
    if (edge_[l].empty()) continue;
    TileRef t{static_cast<int>(l), HashesAtLevel(static_cast<int>(l), size_) / kTileWidth,
              static_cast<uint32_t>(edge_[l].size())};
    Bytes data;
    for (const Hash& x : edge_[l]) henhouse::Append(data, x);
    out[t] = std::move(data);
  }
  return out;
}

Hash TreeBuilder::Root() const {
  if (size_ == 0) return EmptyRootHash();
  // Left to right, the complete subtrees of [0, size) are the binary digits
  // of each level's partial width, from the top level down.
  std::vector<Hash> parts;
  for (size_t l = edge_.size(); l-- > 0;) {
    size_t w = edge_[l].size(), off = 0;
    for (int b = kTileHeight - 1; b >= 0; --b) {
      if (!(w & (size_t{1} << b))) continue;
      parts.push_back(SubtreeOf(std::span<const Hash>(edge_[l]).subspan(off, size_t{1} << b)));
      off += size_t{1} << b;
    }
  }
  Hash acc = parts.back();
  for (size_t i = parts.size() - 1; i-- > 0;) acc = NodeHash(parts[i], acc);
  return acc;
}

}  // namespace henhouse::tlog
