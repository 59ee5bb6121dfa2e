#include "henhouse/board/keys.h"

#include "henhouse/base/file.h"

namespace henhouse::board {

StatusOr<tlog::VerifierKey> CreateKey(const std::string& dir, const std::string& stem,
                                      const std::string& name, uint8_t type, Rng& rng) {
  HENHOUSE_RETURN_IF_ERROR(tlog::CheckKeyName(name));
  HENHOUSE_RETURN_IF_ERROR(MakeDirs(dir, 0700));
  std::string key_path = dir + "/" + stem + ".key";
  if (FileExists(key_path)) return AlreadyExistsError(key_path + " exists; refusing to replace a key");
  crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate(rng);
  HENHOUSE_ASSIGN_OR_RETURN(auto vkey, tlog::VerifierKey::Create(name, type, key.public_key()));
  HENHOUSE_RETURN_IF_ERROR(WriteSecretFile(key_path, key.seed()));
  HENHOUSE_RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + stem + ".vkey", vkey.ToString() + "\n"));
  return vkey;
}

StatusOr<tlog::NoteSigner> LoadKey(const std::string& dir, const std::string& stem) {
  HENHOUSE_ASSIGN_OR_RETURN(std::string vtext, ReadTextFile(dir + "/" + stem + ".vkey", 4096));
  while (!vtext.empty() && (vtext.back() == '\n' || vtext.back() == ' ')) vtext.pop_back();
  HENHOUSE_ASSIGN_OR_RETURN(auto vkey, tlog::VerifierKey::Parse(vtext));
  HENHOUSE_ASSIGN_OR_RETURN(SecretBytes seed, ReadSecretFile(dir + "/" + stem + ".key"));
  HENHOUSE_ASSIGN_OR_RETURN(auto key, crypto::Ed25519PrivateKey::FromSeed(std::move(seed)));
  if (!(key.public_key() == vkey.key())) {
    return DataLossError(dir + "/" + stem + ".key does not match " + stem + ".vkey");
  }
  return tlog::NoteSigner::Create(vkey.name(), vkey.type(), std::move(key));
}

}  // namespace henhouse::board
