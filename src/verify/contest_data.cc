#include "verify/contest_data.h"

#include "henhouse/crypto/hash.h"
#include "henhouse/crypto/hashed_elgamal.h"

namespace henhouse::verify {

using math::Element;
using math::Scalar;

Bytes XorContestDataKeys(const Hash32& h_i, uint32_t contest, ByteSpan c0, ByteSpan beta,
                         ByteSpan data) {
  crypto::HashInput in(0x26);  // h = H(H_I; 0x26, ind_c, C0, β)  [eq. 65; 12.3, 13.6]
  in.U32(contest).Fixed(c0).Fixed(beta);
  Hash32 h = crypto::H(h_i, in);
  Bytes context = ToBytes("contest_data");
  AppendU32(context, contest);
  uint32_t blocks = static_cast<uint32_t>(data.size() / 32);
  Bytes length;
  AppendU32(length, blocks * 256);
  Bytes out(data.begin(), data.end());
  for (uint32_t i = 1; i <= blocks; ++i) {
    Bytes counter;
    AppendU32(counter, i);
    // k_i = HMAC(h, b(i,4) ∥ Label ∥ 0x00 ∥ Context ∥ b(b·256, 4))  [eq. 66; 12.4, 13.7]
    SecretBytes k = crypto::KdfBlock(h, counter, "data_enc_keys", context, length);
    ByteSpan kb = k.Reveal(SecretAccess::Get());
    for (size_t j = 0; j < 32; ++j) out[(i - 1) * 32 + j] ^= kb[j];
  }
  return out;
}

namespace {

// Reader walks D with bounds checks; `bad` is set on an overrun.
struct Reader {
  ByteSpan d;
  size_t pos = 0;
  bool bad = false;
  uint64_t Take(size_t n) {
    if (pos + n > d.size()) {
      bad = true;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | d[pos + i];
    pos += n;
    return v;
  }
};

bool PlainText(ByteSpan t) {
  // UTF-8 is checked by the structure of lead and continuation bytes; no
  // control characters, no leading or trailing space (the label rules).
  if (t.empty() || t.size() > 256 || t.front() == ' ' || t.back() == ' ') return false;
  for (size_t i = 0; i < t.size();) {
    uint8_t c = t[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > t.size() || c < 0x20 || c == 0x7F) return false;
    for (size_t j = 1; j < n; ++j) {
      if ((t[i + j] & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

std::string ContestDataProblem(const ContestModel& cm, ByteSpan d,
                               const std::vector<uint64_t>* values) {
  Reader r{d};
  if (r.Take(1) != 0x01) return "unknown format version";
  uint64_t flags = r.Take(1);
  if (flags & ~uint64_t{0x0F}) return "unknown flag bits";
  bool over = flags & 0x01;
  uint64_t marks = r.Take(2);
  if (!over && (marks != 0 || (flags & 0x08))) return "overvote marks without the overvote flag";
  uint64_t last = 0;
  for (uint64_t i = 0; i < marks && !r.bad; ++i) {
    uint64_t o = r.Take(4);
    uint64_t v = r.Take(2);
    if (o <= last || o > cm.options.size() || v == 0) return "bad overvote mark";
    last = o;
  }
  uint64_t writes = r.Take(2);
  last = 0;
  std::vector<uint64_t> written;
  for (uint64_t i = 0; i < writes && !r.bad; ++i) {
    uint64_t o = r.Take(4);
    uint64_t len = r.Take(2);
    if (o <= last || o > cm.options.size() || !cm.write_in[o - 1]) {
      return "write-in text on option " + std::to_string(o) + ", not a write-in option";
    }
    if (r.pos + len > d.size() || !PlainText(d.subspan(r.pos, len))) return "bad write-in text";
    r.pos += len;
    last = o;
    written.push_back(o);
  }
  if (r.bad) return "truncated";
  for (size_t i = r.pos; i < d.size(); ++i) {
    if (d[i] != 0) return "padding is not zero";
  }
  if (values == nullptr) return "";
  uint64_t total = 0;
  for (uint64_t v : *values) total += v;
  if (over) return total == 0 ? "" : "overvote flag, but the contest has votes";
  if (((flags & 0x02) != 0) != (total < cm.selection_limit)) return "undervote flag is wrong";
  if (((flags & 0x04) != 0) != (total == 0)) return "null vote flag is wrong";
  for (uint64_t o : written) {
    if ((*values)[o - 1] == 0) return "write-in text on option " + std::to_string(o) + " with no vote";
  }
  return "";
}

}  // namespace henhouse::verify
