#include "henhouse/crypto/ed25519.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace henhouse::crypto {

struct Ed25519Key {
  EVP_PKEY* pkey = nullptr;
  ~Ed25519Key() { EVP_PKEY_free(pkey); }
};

StatusOr<Ed25519PublicKey> Ed25519PublicKey::FromBytes(ByteSpan raw) {
  if (raw.size() != kEd25519PublicKeySize) {
    return InvalidArgumentError("Ed25519 public key: expected 32 bytes, got " +
                                std::to_string(raw.size()));
  }
  auto key = std::make_shared<Ed25519Key>();
  key->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size());
  if (key->pkey == nullptr) return InvalidArgumentError("Ed25519 public key: not accepted");
  Ed25519PublicKey out;
  std::copy(raw.begin(), raw.end(), out.raw_.begin());
  out.key_ = std::move(key);
  return out;
}

Status Ed25519PublicKey::Verify(ByteSpan message, ByteSpan signature) const {
  if (signature.size() != kEd25519SignatureSize) {
    return VerificationFailedError("Ed25519 signature: expected 64 bytes, got " +
                                   std::to_string(signature.size()));
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return InternalError("EVP_MD_CTX_new failed");
  int ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key_->pkey);
  if (ok == 1) {
    ok = EVP_DigestVerify(ctx, signature.data(), signature.size(), message.data(),
                          message.size());
  }
  EVP_MD_CTX_free(ctx);
  if (ok != 1) return VerificationFailedError("Ed25519 signature does not verify");
  return OkStatus();
}

Ed25519PrivateKey Ed25519PrivateKey::Generate(Rng& rng) {
  SecretBytes seed(kEd25519SeedSize);
  rng.Fill(seed.MutableReveal(SecretAccess::Get()));
  auto key = FromSeed(std::move(seed));
  if (!key.ok()) std::abort();  // a 32-byte seed is always accepted
  return std::move(key).value();
}

StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::FromSeed(SecretBytes seed) {
  if (seed.size() != kEd25519SeedSize) {
    return InvalidArgumentError("Ed25519 private key: expected a 32-byte seed, got " +
                                std::to_string(seed.size()) + " bytes");
  }
  ByteSpan s = seed.Reveal(SecretAccess::Get());
  auto key = std::make_shared<Ed25519Key>();
  key->pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, s.data(), s.size());
  if (key->pkey == nullptr) return InternalError("Ed25519 private key: OpenSSL refused the seed");
  uint8_t pub[kEd25519PublicKeySize];
  size_t len = sizeof(pub);
  if (EVP_PKEY_get_raw_public_key(key->pkey, pub, &len) != 1 || len != sizeof(pub)) {
    return InternalError("Ed25519 private key: cannot derive the public key");
  }
  HENHOUSE_ASSIGN_OR_RETURN(Ed25519PublicKey public_key,
                            Ed25519PublicKey::FromBytes(ByteSpan(pub, len)));
  return Ed25519PrivateKey(std::move(seed), std::move(key), std::move(public_key));
}

Bytes Ed25519PrivateKey::Sign(ByteSpan message) const {
  Bytes sig(kEd25519SignatureSize);
  size_t len = sig.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr || EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(ctx, sig.data(), &len, message.data(), message.size()) != 1 ||
      len != sig.size()) {
    std::abort();  // signing with a valid key cannot fail short of memory exhaustion
  }
  EVP_MD_CTX_free(ctx);
  return sig;
}

}  // namespace henhouse::crypto
