#include "henhouse/crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace henhouse::crypto {
namespace {

// The fetched digest is cached: EVP_sha256() would look it up on every init.
const EVP_MD* Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) std::abort();  // OpenSSL without SHA-256: nothing can continue
  return md;
}

EVP_MD_CTX* Ctx(void* p) { return static_cast<EVP_MD_CTX*>(p); }

}  // namespace

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex(Ctx(ctx_), Md(), nullptr) != 1) std::abort();
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(Ctx(ctx_)); }

void Sha256Hasher::Update(ByteSpan data) {
  if (EVP_DigestUpdate(Ctx(ctx_), data.data(), data.size()) != 1) std::abort();
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(Ctx(ctx_), out.data(), &len) != 1 || len != out.size()) std::abort();
  if (EVP_DigestInit_ex(Ctx(ctx_), Md(), nullptr) != 1) std::abort();
  return out;
}

Sha256Digest Sha256(ByteSpan data) {
  thread_local Sha256Hasher hasher;
  hasher.Update(data);
  return hasher.Finish();
}

}  // namespace henhouse::crypto
