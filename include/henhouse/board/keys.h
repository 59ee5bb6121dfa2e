// Key directories of the log and of witnesses: <dir>/<stem>.key holds the
// Ed25519 seed (mode 0600), <dir>/<stem>.vkey the public verifier key.
#ifndef HENHOUSE_BOARD_KEYS_H_
#define HENHOUSE_BOARD_KEYS_H_

#include <string>

#include "henhouse/base/rng.h"
#include "henhouse/tlog/note.h"

namespace henhouse::board {

// CreateKey makes `dir` (0700) and a fresh key named `name` of signature
// `type`; ALREADY_EXISTS if the key file exists. Returns the vkey.
StatusOr<tlog::VerifierKey> CreateKey(const std::string& dir, const std::string& stem,
                                      const std::string& name, uint8_t type, Rng& rng);
// LoadKey reads the key back; DATA_LOSS if the seed does not match the vkey,
// PERMISSION_DENIED if the key file is readable by others.
StatusOr<tlog::NoteSigner> LoadKey(const std::string& dir, const std::string& stem);

// HttpResult is what a processX function answers; the HTTP layer only copies
// it onto the wire.
struct HttpResult {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

}  // namespace henhouse::board

#endif  // HENHOUSE_BOARD_KEYS_H_
