// Signed notes (C2SP signed-note v1.0.0) with Ed25519 signatures (type 0x01)
// and timestamped Ed25519 cosignatures (type 0x04, C2SP tlog-cosignature
// v1.0.1), and verifier keys ("vkeys": name+hex(key ID)+base64(type || key)).
#ifndef HENHOUSE_TLOG_NOTE_H_
#define HENHOUSE_TLOG_NOTE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "henhouse/base/status.h"
#include "henhouse/crypto/ed25519.h"

namespace henhouse::tlog {

inline constexpr uint8_t kSigTypeEd25519 = 0x01;
inline constexpr uint8_t kSigTypeCosignature = 0x04;
// Notes larger than this, or with more signatures, are refused (the spec
// requires accepting at least 16 signatures).
inline constexpr size_t kMaxNoteSize = 1 << 20;
inline constexpr size_t kMaxNoteSignatures = 100;

// NoteSignature is one signature line: "— <name> base64(key_id || sig)".
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  Bytes signature;  // the bytes after the key ID
  bool operator==(const NoteSignature&) const = default;
};

// Note is a parsed signed note. `text` ends in a newline and excludes the
// blank separator line.
struct Note {
  std::string text;
  std::vector<NoteSignature> signatures;
};

// ParseNote splits a signed note into text and signature lines. It checks
// the encoding rules (UTF-8, no control characters but newline, a blank line
// before one or more well-formed signature lines); it verifies nothing.
// INVALID_ARGUMENT names the rule broken.
StatusOr<Note> ParseNote(std::string_view note);
// FormatNote returns text, a blank line and the signature lines.
std::string FormatNote(const Note& note);
// FormatSignatureLine returns "— name base64(key_id || sig)\n".
std::string FormatSignatureLine(const NoteSignature& sig);
// ParseSignatureLines parses lines as returned by add-checkpoint.
StatusOr<std::vector<NoteSignature>> ParseSignatureLines(std::string_view lines);

// CheckKeyName: non-empty, no spaces, no '+'.
Status CheckKeyName(std::string_view name);
// KeyId = SHA-256(name || 0x0A || type || public key)[:4], big-endian
// [signed-note §Signatures].
uint32_t KeyId(std::string_view name, uint8_t type, ByteSpan public_key);

// VerifierKey is a parsed vkey of type 0x01 (Ed25519 note signer, e.g. a
// log) or 0x04 (cosigner, e.g. a witness).
class VerifierKey {
 public:
  // Parse reads "name+hex8+base64(type || key)"; INVALID_ARGUMENT on bad
  // syntax, an unsupported type, or a key ID that does not match the key.
  static StatusOr<VerifierKey> Parse(std::string_view vkey);
  static StatusOr<VerifierKey> Create(std::string name, uint8_t type,
                                      const crypto::Ed25519PublicKey& key);

  const std::string& name() const { return name_; }
  uint8_t type() const { return type_; }
  uint32_t key_id() const { return key_id_; }
  const crypto::Ed25519PublicKey& key() const { return key_; }
  std::string ToString() const;

  // Matches reports whether a signature line names this key.
  bool Matches(const NoteSignature& sig) const {
    return sig.name == name_ && sig.key_id == key_id_;
  }
  // Verify checks `sig` (which Matches this key) over note `text`. For a
  // cosignature it sets *timestamp. VERIFICATION_FAILED if it does not verify.
  Status Verify(std::string_view text, const NoteSignature& sig, uint64_t* timestamp) const;

 private:
  VerifierKey(std::string name, uint8_t type, uint32_t key_id, crypto::Ed25519PublicKey key)
      : name_(std::move(name)), type_(type), key_id_(key_id), key_(std::move(key)) {}
  std::string name_;
  uint8_t type_;
  uint32_t key_id_;
  crypto::Ed25519PublicKey key_;
};

// CosignatureMessage = "cosignature/v1\ntime <t>\n" || checkpoint text
// [tlog-cosignature §Signed message].
std::string CosignatureMessage(uint64_t timestamp, std::string_view text);

// NoteSigner signs notes (type 0x01) or cosigns checkpoints (type 0x04).
class NoteSigner {
 public:
  static StatusOr<NoteSigner> Create(std::string name, uint8_t type,
                                     crypto::Ed25519PrivateKey key);
  const VerifierKey& verifier() const { return verifier_; }
  // Sign signs `text` (for type 0x04 at time `timestamp`, which must be
  // below 2^63; it is ignored for type 0x01).
  NoteSignature Sign(std::string_view text, uint64_t timestamp) const;

 private:
  NoteSigner(crypto::Ed25519PrivateKey key, VerifierKey v)
      : key_(std::move(key)), verifier_(std::move(v)) {}
  crypto::Ed25519PrivateKey key_;
  VerifierKey verifier_;
};

// VerifiedSignature records which key verified and, for a cosignature, when.
struct VerifiedSignature {
  size_t key_index;  // index into the `keys` given to VerifyNote
  uint64_t timestamp;
};

// VerifyNote verifies every signature whose name and key ID match one of
// `keys` and ignores the others. VERIFICATION_FAILED if a matching signature
// does not verify or no signature matches.
StatusOr<std::vector<VerifiedSignature>> VerifyNote(const Note& note,
                                                    const std::vector<VerifierKey>& keys);

}  // namespace henhouse::tlog

#endif  // HENHOUSE_TLOG_NOTE_H_
