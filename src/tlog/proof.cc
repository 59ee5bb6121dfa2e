#include "henhouse/tlog/proof.h"

namespace henhouse::tlog {
namespace {

constexpr std::string_view kReceiptHeader = "c2sp.org/tlog-proof@v1";

// NextLine returns the next newline-terminated line and advances `s`.
StatusOr<std::string_view> NextLine(std::string_view& s, std::string_view what) {
  size_t nl = s.find('\n');
  if (nl == std::string_view::npos) {
    return InvalidArgumentError(std::string(what) + ": expected a newline-terminated line");
  }
  std::string_view line = s.substr(0, nl);
  s.remove_prefix(nl + 1);
  return line;
}

// ReadHashLines reads base64 hash lines up to the first empty line.
StatusOr<std::vector<Hash>> ReadHashLines(std::string_view& s, std::string_view what) {
  std::vector<Hash> out;
  while (true) {
    HENHOUSE_ASSIGN_OR_RETURN(std::string_view line, NextLine(s, what));
    if (line.empty()) return out;
    auto h = Base64Decode(line);
    if (!h.ok() || h->size() != kHashSize) {
      return InvalidArgumentError(std::string(what) + ": proof line is not base64 of 32 bytes");
    }
    if (out.size() == kMaxProofHashes) {
      return InvalidArgumentError(std::string(what) + ": more than 63 proof lines");
    }
    out.emplace_back();
    std::copy(h->begin(), h->end(), out.back().begin());
  }
}

}  // namespace

std::string Receipt::Format() const {
  std::string out = std::string(kReceiptHeader) + "\n";
  if (!extra.empty()) out += "extra " + Base64Encode(extra) + "\n";
  out += "index " + std::to_string(index) + "\n";
  for (const Hash& h : inclusion) out += Base64Encode(h) + "\n";
  return out + "\n" + checkpoint;
}

StatusOr<Receipt> Receipt::Parse(std::string_view text) {
  Receipt r;
  HENHOUSE_ASSIGN_OR_RETURN(std::string_view line, NextLine(text, "receipt"));
  if (line != kReceiptHeader) return InvalidArgumentError("receipt: first line must be c2sp.org/tlog-proof@v1");
  HENHOUSE_ASSIGN_OR_RETURN(line, NextLine(text, "receipt"));
  if (line.substr(0, 6) == "extra ") {
    HENHOUSE_ASSIGN_OR_RETURN(r.extra, Base64Decode(line.substr(6)));
    HENHOUSE_ASSIGN_OR_RETURN(line, NextLine(text, "receipt"));
  }
  if (line.substr(0, 6) != "index ") return InvalidArgumentError("receipt: expected an index line");
  HENHOUSE_ASSIGN_OR_RETURN(r.index, ParseDecimal(line.substr(6), "receipt index"));
  HENHOUSE_ASSIGN_OR_RETURN(r.inclusion, ReadHashLines(text, "receipt"));
  r.checkpoint = std::string(text);
  return r;
}

StatusOr<Checkpoint> VerifyReceipt(const Receipt& receipt, const Hash& leaf,
                                   const Policy& policy) {
  HENHOUSE_ASSIGN_OR_RETURN(SignedCheckpoint sc, VerifyCosignedCheckpoint(receipt.checkpoint, policy));
  HENHOUSE_RETURN_IF_ERROR(VerifyInclusion(receipt.index, sc.checkpoint.size, leaf,
                                           receipt.inclusion, sc.checkpoint.root)
                               .WithContext("receipt for entry " + std::to_string(receipt.index)));
  return sc.checkpoint;
}

std::string AddCheckpointRequest::Format() const {
  std::string out = "old " + std::to_string(old_size) + "\n";
  for (const Hash& h : consistency) out += Base64Encode(h) + "\n";
  return out + "\n" + checkpoint;
}

StatusOr<AddCheckpointRequest> AddCheckpointRequest::Parse(std::string_view body) {
  AddCheckpointRequest r;
  HENHOUSE_ASSIGN_OR_RETURN(std::string_view line, NextLine(body, "add-checkpoint"));
  if (line.substr(0, 4) != "old ") return InvalidArgumentError("add-checkpoint: expected \"old N\"");
  HENHOUSE_ASSIGN_OR_RETURN(r.old_size, ParseDecimal(line.substr(4), "add-checkpoint old size"));
  HENHOUSE_ASSIGN_OR_RETURN(r.consistency, ReadHashLines(body, "add-checkpoint"));
  r.checkpoint = std::string(body);
  return r;
}

}  // namespace henhouse::tlog
