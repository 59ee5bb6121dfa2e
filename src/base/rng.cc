#include "henhouse/base/rng.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "henhouse/base/secret.h"

namespace henhouse {
namespace {

void PrivBytes(uint8_t* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    size_t n = std::min<size_t>(size - done, 1 << 20);
    if (RAND_priv_bytes(out + done, static_cast<int>(n)) != 1) {
      std::cerr << "henhouse: the system random generator failed\n";
      std::abort();
    }
    done += n;
  }
}

// The fork generation changes in every child process, so that a child never
// hands out bytes its parent buffered (and may also hand out).
std::atomic<uint64_t> fork_generation{0};

uint64_t ForkGeneration() {
  static const bool registered = [] {
    if (pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1); }) != 0) {
      std::cerr << "henhouse: pthread_atfork failed\n";
      std::abort();
    }
    return true;
  }();
  (void)registered;
  return fork_generation.load(std::memory_order_relaxed);
}

constexpr size_t kPoolBytes = 4096;
constexpr size_t kPooledRequest = 64;

struct Pool {
  ~Pool() { SecureWipe(bytes, sizeof(bytes)); }
  uint8_t bytes[kPoolBytes];
  size_t next = kPoolBytes;  // bytes[0, next) are used up (and wiped)
  uint64_t generation = 0;
};

class SystemRng final : public Rng {
 public:
  void Fill(std::span<uint8_t> out) override { SystemRandomBytes(out); }
};

// Sha256 hashes with an EVP_MD fetched once: OpenSSL 3's one-shot SHA256()
// fetches the algorithm on every call, which costs more than hashing a
// 40-byte block.
void Sha256(const uint8_t* in, size_t n, uint8_t out[32]) {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(in, n, out, &len, md, nullptr) != 1 || len != 32) {
    std::cerr << "henhouse: SHA-256 is unavailable in OpenSSL\n";
    std::abort();
  }
}

}  // namespace

uint64_t Rng::Uniform(uint64_t bound) {
  // Rejection sampling to avoid modulo bias.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    uint8_t buf[8];
    Fill(buf);
    uint64_t v = 0;
    for (uint8_t b : buf) v = v << 8 | b;
    if (v < limit) return v % bound;
  }
}

void SystemRandomBytes(std::span<uint8_t> out) {
  if (out.empty()) return;  // (an empty span's data() may be null)
  if (out.size() > kPooledRequest) {
    PrivBytes(out.data(), out.size());
    return;
  }
  thread_local Pool pool;
  const uint64_t generation = ForkGeneration();
  if (pool.generation != generation || kPoolBytes - pool.next < out.size()) {
    PrivBytes(pool.bytes, kPoolBytes);
    pool.next = 0;
    pool.generation = generation;
  }
  std::memcpy(out.data(), pool.bytes + pool.next, out.size());
  SecureWipe(pool.bytes + pool.next, out.size());
  pool.next += out.size();
}

std::unique_ptr<Rng> NewSystemRng() { return std::make_unique<SystemRng>(); }

DeterministicRng::DeterministicRng(uint64_t seed) {
  uint8_t in[16] = {'h', 'e', 'n', 'h', 'o', 'u', 's', 'e'};
  for (int i = 0; i < 8; ++i) in[8 + i] = static_cast<uint8_t>(seed >> (56 - 8 * i));
  Sha256(in, sizeof(in), seed_);
}

void DeterministicRng::Fill(std::span<uint8_t> out) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t done = 0;
  while (done < out.size()) {
    uint8_t block[40];
    std::memcpy(block, seed_, 32);
    for (int i = 0; i < 8; ++i) block[32 + i] = static_cast<uint8_t>(counter_ >> (56 - 8 * i));
    ++counter_;
    uint8_t digest[32];
    Sha256(block, sizeof(block), digest);
    size_t n = std::min<size_t>(32, out.size() - done);
    std::memcpy(out.data() + done, digest, n);
    done += n;
  }
}

}  // namespace henhouse
