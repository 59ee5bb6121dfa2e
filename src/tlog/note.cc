#include "henhouse/tlog/note.h"

#include <charconv>

#include "henhouse/crypto/sha256.h"

namespace henhouse::tlog {
namespace {

constexpr std::string_view kEmDash = "\xE2\x80\x94";  // U+2014

// ValidUtf8 checks well-formed UTF-8 (no overlongs, surrogates or values
// above U+10FFFF).
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t j = 1; j <= n; ++j) {
      uint8_t d = static_cast<uint8_t>(s[i + j]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

StatusOr<NoteSignature> ParseSignatureLine(std::string_view line) {
  if (line.substr(0, kEmDash.size()) != kEmDash || line.size() < kEmDash.size() + 1 ||
      line[kEmDash.size()] != ' ') {
    return InvalidArgumentError("note signature line: expected \"\u2014 \" at the start");
  }
  line.remove_prefix(kEmDash.size() + 1);
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos) {
    return InvalidArgumentError("note signature line: expected \"name signature\"");
  }
  NoteSignature sig;
  sig.name = std::string(line.substr(0, sp));
  HENHOUSE_RETURN_IF_ERROR(CheckKeyName(sig.name).WithContext("note signature line"));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes raw, Base64Decode(line.substr(sp + 1)));
  if (raw.size() < 5) {
    return InvalidArgumentError("note signature line: signature shorter than key ID + 1 byte");
  }
  sig.key_id = (uint32_t{raw[0]} << 24) | (uint32_t{raw[1]} << 16) | (uint32_t{raw[2]} << 8) |
               uint32_t{raw[3]};
  sig.signature.assign(raw.begin() + 4, raw.end());
  return sig;
}

}  // namespace

Status CheckKeyName(std::string_view name) {
  if (name.empty()) return InvalidArgumentError("key name is empty");
  if (name.find_first_of(" \t\n+") != std::string_view::npos || !ValidUtf8(name)) {
    return InvalidArgumentError("key name \"" + std::string(name) +
                                "\" contains a space, '+' or invalid UTF-8");
  }
  return OkStatus();
}

StatusOr<std::vector<NoteSignature>> ParseSignatureLines(std::string_view lines) {
  std::vector<NoteSignature> out;
  if (lines.empty() || lines.back() != '\n') {
    return InvalidArgumentError("note signatures: expected lines ending in a newline");
  }
  while (!lines.empty()) {
    size_t nl = lines.find('\n');
    HENHOUSE_ASSIGN_OR_RETURN(NoteSignature sig, ParseSignatureLine(lines.substr(0, nl)));
    out.push_back(std::move(sig));
    if (out.size() > kMaxNoteSignatures) {
      return InvalidArgumentError("note: more than " + std::to_string(kMaxNoteSignatures) +
                                  " signatures");
    }
    lines.remove_prefix(nl + 1);
  }
  return out;
}

StatusOr<Note> ParseNote(std::string_view note) {
  if (note.size() > kMaxNoteSize) return InvalidArgumentError("note: larger than 1 MiB");
  if (!ValidUtf8(note)) return InvalidArgumentError("note: not valid UTF-8");
  for (char c : note) {
    if (static_cast<uint8_t>(c) < 0x20 && c != '\n') {
      return InvalidArgumentError("note: contains a control character other than newline");
    }
  }
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return InvalidArgumentError("note: no blank line before the signatures");
  }
  Note out;
  out.text = std::string(note.substr(0, split + 1));
  HENHOUSE_ASSIGN_OR_RETURN(out.signatures, ParseSignatureLines(note.substr(split + 2)));
  return out;
}

std::string FormatSignatureLine(const NoteSignature& sig) {
  Bytes raw;
  AppendU32(raw, sig.key_id);
  Append(raw, sig.signature);
  return std::string(kEmDash) + " " + sig.name + " " + Base64Encode(raw) + "\n";
}

std::string FormatNote(const Note& note) {
  std::string out = note.text + "\n";
  for (const NoteSignature& s : note.signatures) out += FormatSignatureLine(s);
  return out;
}

uint32_t KeyId(std::string_view name, uint8_t type, ByteSpan public_key) {
  crypto::Sha256Hasher h;
  h.Update(AsBytes(name));
  h.Update(uint8_t{'\n'});
  h.Update(type);
  h.Update(public_key);
  crypto::Sha256Digest d = h.Finish();
  return (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | d[3];
}

StatusOr<VerifierKey> VerifierKey::Create(std::string name, uint8_t type,
                                          const crypto::Ed25519PublicKey& key) {
  HENHOUSE_RETURN_IF_ERROR(CheckKeyName(name));
  if (type != kSigTypeEd25519 && type != kSigTypeCosignature) {
    return InvalidArgumentError("verifier key: unsupported signature type " +
                                std::to_string(type));
  }
  uint32_t id = KeyId(name, type, key.bytes());
  return VerifierKey(std::move(name), type, id, key);
}

StatusOr<VerifierKey> VerifierKey::Parse(std::string_view vkey) {
  size_t p1 = vkey.find('+');
  size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos || p2 - p1 != 9) {
    return InvalidArgumentError("verifier key: expected name+hex8+base64");
  }
  std::string name(vkey.substr(0, p1));
  HENHOUSE_ASSIGN_OR_RETURN(Bytes id, HexDecode(vkey.substr(p1 + 1, 8)));
  if (HexEncode(id) != vkey.substr(p1 + 1, 8)) {
    return InvalidArgumentError("verifier key: key ID must be lower-case hex");
  }
  HENHOUSE_ASSIGN_OR_RETURN(Bytes material, Base64Decode(vkey.substr(p2 + 1)));
  if (material.size() != 1 + crypto::kEd25519PublicKeySize) {
    return InvalidArgumentError("verifier key: expected a type byte and a 32-byte Ed25519 key");
  }
  HENHOUSE_ASSIGN_OR_RETURN(auto key,
                            crypto::Ed25519PublicKey::FromBytes(ByteSpan(material).subspan(1)));
  HENHOUSE_ASSIGN_OR_RETURN(VerifierKey out, Create(std::move(name), material[0], key));
  uint32_t given = (uint32_t{id[0]} << 24) | (uint32_t{id[1]} << 16) | (uint32_t{id[2]} << 8) |
                   uint32_t{id[3]};
  if (given != out.key_id_) {
    return InvalidArgumentError("verifier key " + out.name_ + ": key ID does not match the key");
  }
  return out;
}

std::string VerifierKey::ToString() const {
  Bytes id, material{type_};
  AppendU32(id, key_id_);
  Append(material, key_.bytes());
  return name_ + "+" + HexEncode(id) + "+" + Base64Encode(material);
}

std::string CosignatureMessage(uint64_t timestamp, std::string_view text) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(text);
}

Status VerifierKey::Verify(std::string_view text, const NoteSignature& sig,
                           uint64_t* timestamp) const {
  if (type_ == kSigTypeEd25519) {
    *timestamp = 0;
    return key_.Verify(AsBytes(text), sig.signature).WithContext("signature by " + name_);
  }
  // struct timestamped_signature { u64 timestamp; u8 signature[64]; }  [tlog-cosignature §Format]
  if (sig.signature.size() != 8 + crypto::kEd25519SignatureSize) {
    return VerificationFailedError("cosignature by " + name_ + ": expected 72 bytes");
  }
  ByteReader r(sig.signature);
  uint64_t t = *r.ReadU64("cosignature timestamp");
  if (t >> 63) return VerificationFailedError("cosignature by " + name_ + ": timestamp >= 2^63");
  std::string msg = CosignatureMessage(t, text);
  HENHOUSE_RETURN_IF_ERROR(key_.Verify(AsBytes(msg), ByteSpan(sig.signature).subspan(8))
                               .WithContext("cosignature by " + name_));
  *timestamp = t;
  return OkStatus();
}

StatusOr<NoteSigner> NoteSigner::Create(std::string name, uint8_t type,
                                        crypto::Ed25519PrivateKey key) {
  HENHOUSE_ASSIGN_OR_RETURN(VerifierKey v,
                            VerifierKey::Create(std::move(name), type, key.public_key()));
  return NoteSigner(std::move(key), std::move(v));
}

NoteSignature NoteSigner::Sign(std::string_view text, uint64_t timestamp) const {
  NoteSignature sig{verifier_.name(), verifier_.key_id(), {}};
  if (verifier_.type() == kSigTypeEd25519) {
    sig.signature = key_.Sign(AsBytes(text));
  } else {
    AppendU64(sig.signature, timestamp);
    Append(sig.signature, key_.Sign(AsBytes(CosignatureMessage(timestamp, text))));
  }
  return sig;
}

StatusOr<std::vector<VerifiedSignature>> VerifyNote(const Note& note,
                                                    const std::vector<VerifierKey>& keys) {
  std::vector<VerifiedSignature> out;
  for (const NoteSignature& sig : note.signatures) {
    for (size_t k = 0; k < keys.size(); ++k) {
      if (!keys[k].Matches(sig)) continue;
      uint64_t t = 0;
      HENHOUSE_RETURN_IF_ERROR(keys[k].Verify(note.text, sig, &t));
      out.push_back({k, t});
    }
  }
  if (out.empty()) return VerificationFailedError("note: no signature from a known key");
  return out;
}

}  // namespace henhouse::tlog
