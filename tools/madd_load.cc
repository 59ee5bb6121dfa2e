// madd_load: how four codes of the comb's mixed additions hold up when the
// host is busy, measured against OpenSSL's base-point multiplication. Built
// and run by tools/madd_load.sh, which generates the three experimental
// variants with tools/gen_p256_madd.py --variant:
//   library      the library's henhouse_p256_madd_pairs (two lanes, their
//                rounds alternated, each two-lane product a shared
//                subroutine and each squaring another, and the
//                comb's row scans woven in, here with none: about 6 KB);
//   inline       the same computation written out per step (22 KB; the
//                library's layout before commit 075522f);
//   sequential   the inline code with lane B's products after lane A's;
//   single-lane  one lane at a time, products and squares as subroutines
//                (about 3 KB).
// First every variant must give the library's results on random inputs.
// Then BLOCKS rounds, each timing a block of 400 calls (six additions each)
// of every code and a block of 40 calls of EC_POINT_mul of the base point,
// in an order that rotates from round to round. Per code it prints the
// fastest and median block (per call) and median ÷ fastest, and the
// per-round ratio to OpenSSL's block: fastest, median and 90th percentile.
//   madd_load [BLOCKS]
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "math/p256_madd.h"

using henhouse::math::internal::p256::MaddLane;
using henhouse::math::internal::p256::MaddPair;

extern "C" void henhouse_p256_madd_sequential_pairs(MaddPair*, size_t);
extern "C" void henhouse_p256_madd_sequential_pairs_affine(MaddPair*, size_t);
extern "C" void henhouse_p256_madd_single_lane_pairs(MaddPair*, size_t);
extern "C" void henhouse_p256_madd_single_lane_pairs_affine(MaddPair*, size_t);
extern "C" void henhouse_p256_madd_inline_pairs(MaddPair*, size_t);
extern "C" void henhouse_p256_madd_inline_pairs_affine(MaddPair*, size_t);

namespace {

using Madd = void (*)(MaddPair*, size_t);
struct Code {
  const char* name;
  Madd general;
  Madd affine;
};
const Code kCodes[] = {
    {"library", henhouse::math::internal::p256::henhouse_p256_madd_pairs,
     henhouse::math::internal::p256::henhouse_p256_madd_pairs_affine},
    {"inline", henhouse_p256_madd_inline_pairs, henhouse_p256_madd_inline_pairs_affine},
    {"sequential", henhouse_p256_madd_sequential_pairs, henhouse_p256_madd_sequential_pairs_affine},
    {"single-lane", henhouse_p256_madd_single_lane_pairs,
     henhouse_p256_madd_single_lane_pairs_affine},
};
constexpr size_t kCodeCount = sizeof(kCodes) / sizeof(kCodes[0]);
constexpr size_t kPairs = 3;
constexpr int kMaddCalls = 400, kOpensslCalls = 40;

// Fills every field slot of the pairs with random values below p (each
// word below 2^63, so the top word is below p's).
void Randomize(MaddPair* pairs, std::mt19937_64& rng) {
  static_assert(sizeof(MaddPair) % 8 == 0);
  for (size_t p = 0; p < kPairs; ++p) {
    uint64_t words[sizeof(MaddPair) / 8];
    for (uint64_t& w : words) w = rng() >> 1;
    std::memcpy(&pairs[p], words, sizeof(words));
  }
}

bool SameResult(const MaddPair* a, const MaddPair* b) {
  for (size_t p = 0; p < kPairs; ++p) {
    for (int l = 0; l < 2; ++l) {
      const MaddLane& x = a[p].lane[l];
      const MaddLane& y = b[p].lane[l];
      if (x.x != y.x || x.y != y.y || x.z != y.z) return false;
    }
  }
  return true;
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  char* end = nullptr;
  const long blocks = argc > 1 ? std::strtol(argv[1], &end, 10) : 200;
  if (argc > 2 || (argc > 1 && (*end != '\0' || blocks < 10 || blocks > 100000))) {
    std::fprintf(stderr, "usage: madd_load [BLOCKS], BLOCKS a whole number from 10 to 100000\n");
    return 2;
  }
  std::mt19937_64 rng(20261123);
  for (int trial = 0; trial < 4000; ++trial) {
    alignas(64) MaddPair input[kPairs], want[kPairs], got[kPairs];
    Randomize(input, rng);
    const bool affine = trial % 2 == 1;
    std::memcpy(want, input, sizeof(input));
    (affine ? kCodes[0].affine : kCodes[0].general)(want, kPairs);
    for (size_t c = 1; c < kCodeCount; ++c) {
      std::memcpy(got, input, sizeof(input));
      (affine ? kCodes[c].affine : kCodes[c].general)(got, kPairs);
      if (!SameResult(want, got)) {
        std::fprintf(stderr,
                     "madd_load: the %s variant's %s addition differs from the library's "
                     "on random input %d\n",
                     kCodes[c].name, affine ? "affine" : "general", trial);
        return 1;
      }
    }
  }
  std::printf(
      "checked: the inline, sequential and single-lane variants give the library's "
      "results on 4000 random inputs\n");

  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  EC_POINT* point = group ? EC_POINT_new(group) : nullptr;
  BIGNUM* scalar = BN_new();
  BN_CTX* ctx = BN_CTX_new();
  if (!point || !scalar || !ctx || !BN_rand_range(scalar, EC_GROUP_get0_order(group))) {
    std::fprintf(stderr, "madd_load: OpenSSL's P-256 setup failed\n");
    return 1;
  }
  alignas(64) MaddPair pairs[kPairs];
  Randomize(pairs, rng);
  using Clock = std::chrono::steady_clock;
  std::vector<std::vector<double>> per_call(kCodeCount + 1);  // the last: OpenSSL
  for (long b = 0; b < blocks; ++b) {
    for (size_t k = 0; k <= kCodeCount; ++k) {
      const size_t which = (k + static_cast<size_t>(b)) % (kCodeCount + 1);
      const auto start = Clock::now();
      if (which == kCodeCount) {
        for (int i = 0; i < kOpensslCalls; ++i) {
          if (!EC_POINT_mul(group, point, scalar, nullptr, nullptr, ctx)) {
            std::fprintf(stderr, "madd_load: EC_POINT_mul failed\n");
            return 1;
          }
        }
      } else {
        for (int i = 0; i < kMaddCalls; ++i) kCodes[which].general(pairs, kPairs);
      }
      const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
      per_call[which].push_back(ns / (which == kCodeCount ? kOpensslCalls : kMaddCalls));
    }
  }
  const std::vector<double>& openssl = per_call[kCodeCount];
  std::printf("%-12s %12s %12s %8s   %s\n", "code", "fastest ns", "median ns", "med/min",
              "ratio to EC_POINT_mul per round: fastest / median / p90");
  std::printf("%-12s %12.0f %12.0f %8.2f\n", "EC_POINT_mul", Percentile(openssl, 0),
              Percentile(openssl, 0.5), Percentile(openssl, 0.5) / Percentile(openssl, 0));
  for (size_t c = 0; c < kCodeCount; ++c) {
    std::vector<double> ratio;
    for (size_t b = 0; b < openssl.size(); ++b) ratio.push_back(per_call[c][b] / openssl[b]);
    std::printf("%-12s %12.0f %12.0f %8.2f   %.4f / %.4f / %.4f\n", kCodes[c].name,
                Percentile(per_call[c], 0), Percentile(per_call[c], 0.5),
                Percentile(per_call[c], 0.5) / Percentile(per_call[c], 0), Percentile(ratio, 0),
                Percentile(ratio, 0.5), Percentile(ratio, 0.9));
  }
  BN_CTX_free(ctx);
  BN_free(scalar);
  EC_POINT_free(point);
  EC_GROUP_free(group);
  return 0;
}
