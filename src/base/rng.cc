#include "henhouse/base/rng.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "henhouse/base/secret.h"

namespace henhouse {
namespace {

class SystemRng final : public Rng {
 public:
  void Fill(std::span<uint8_t> out) override {
    size_t done = 0;
    while (done < out.size()) {
      size_t n = std::min<size_t>(out.size() - done, 1 << 20);
      if (RAND_priv_bytes(out.data() + done, static_cast<int>(n)) != 1) {
        std::cerr << "henhouse: the system random generator failed\n";
        std::abort();
      }
      done += n;
    }
  }
};

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

std::unique_ptr<Rng> NewSystemRng() { return std::make_unique<SystemRng>(); }

DeterministicRng::DeterministicRng(uint64_t seed) {
  uint8_t in[16] = {'h', 'e', 'n', 'h', 'o', 'u', 's', 'e'};
  for (int i = 0; i < 8; ++i) in[8 + i] = static_cast<uint8_t>(seed >> (56 - 8 * i));
  SHA256(in, sizeof(in), seed_);
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
    SHA256(block, sizeof(block), digest);
    size_t n = std::min<size_t>(32, out.size() - done);
    std::memcpy(out.data() + done, digest, n);
    done += n;
  }
}

}  // namespace henhouse
