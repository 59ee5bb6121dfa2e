// Randomness is an input (STYLE.md: no hidden inputs). Production code takes
// an Rng& built by NewSystemRng(); tests use a seeded DeterministicRng.
#ifndef HENHOUSE_BASE_RNG_H_
#define HENHOUSE_BASE_RNG_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "henhouse/base/bytes.h"

namespace henhouse {

// Rng fills buffers with random bytes. Implementations are thread-safe.
class Rng {
 public:
  virtual ~Rng() = default;
  virtual void Fill(std::span<uint8_t> out) = 0;
  Bytes Generate(size_t n) {
    Bytes b(n);
    Fill(b);
    return b;
  }
  // Uniform returns a uniform integer in [0, bound). REQUIRES: bound > 0.
  uint64_t Uniform(uint64_t bound);
};

// NewSystemRng returns OpenSSL's CSPRNG (RAND_priv_bytes) through
// SystemRandomBytes; it aborts the process if the CSPRNG fails, since no
// caller can continue safely.
std::unique_ptr<Rng> NewSystemRng();

// SystemRandomBytes fills out from OpenSSL's private DRBG. Requests of up to
// 64 bytes are served from a per-thread buffer of 4 KiB refilled by one
// RAND_priv_bytes call (a call has a fixed cost of about 1 KiB of output, so
// a 48-byte scalar costs a small fraction of a call); each byte is handed out
// once and wiped from the buffer as it goes, the buffer is wiped when its
// thread ends, and a forked child discards what its parent had buffered.
// Aborts the process if the CSPRNG fails.
void SystemRandomBytes(std::span<uint8_t> out);

// DeterministicRng expands a seed with SHA-256 in counter mode. For tests and
// reproducible benchmarks only; never for real keys.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(uint64_t seed);
  void Fill(std::span<uint8_t> out) override;

 private:
  std::mutex mu_;
  uint8_t seed_[32];
  uint64_t counter_ = 0;
};

}  // namespace henhouse

#endif  // HENHOUSE_BASE_RNG_H_
