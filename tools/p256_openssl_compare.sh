#!/bin/bash
# p256_openssl_compare.sh: measures henhouse's P-256 field multiplication
# against OpenSSL's own (ecp_nistz256_mul_mont / sqr_mont, reached by linking
# Debian's static libcrypto.a, where these internal symbols are visible), and
# profiles OpenSSL's fixed-base multiplication (EC_POINT_mul with the
# generator, the `openssl_base_mul` unit) with perf, so that the breakdown
# quoted in docs/performance.md can be reproduced.
#
# Usage: tools/p256_openssl_compare.sh [WORKDIR]   (default: a fresh mktemp dir)
# Needs g++, libssl-dev (libcrypto.a) and, for the profile, perf
# (linux-perf); without perf the profile is skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
lib=/usr/lib/x86_64-linux-gnu/libcrypto.a
[ -f "$lib" ] || { echo "missing $lib (install libssl-dev)" >&2; exit 3; }

cat > "$work/field.cc" <<'CC'
#include <chrono>
#include <cstdint>
#include <cstdio>
#include "math/p256_field.h"
using namespace henhouse::math::internal::p256;
extern "C" void ecp_nistz256_mul_mont(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]);
extern "C" void ecp_nistz256_sqr_mont(uint64_t r[4], const uint64_t a[4]);
template <class F> double Ns(F f, int n) {
  auto a = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) f();
  auto b = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::nano>(b - a).count() / n;
}
int main() {
  Fe x = {1, 2, 3, 4}, y = {5, 6, 7, 8}, z = {9, 10, 11, 12};
  const int n = 20000000;
  for (int round = 1; round <= 3; ++round) {
    // Chained (each result feeds the next) and two independent chains.
    double o1 = Ns([&] { ecp_nistz256_mul_mont(x.data(), x.data(), y.data()); }, n);
    double h1 = Ns([&] { FeMul(x, x, y); }, n);
    double o2 = Ns([&] { ecp_nistz256_mul_mont(x.data(), x.data(), y.data());
                         ecp_nistz256_mul_mont(z.data(), z.data(), y.data()); }, n) / 2;
    double h2 = Ns([&] { FeMul(x, x, y); FeMul(z, z, y); }, n) / 2;
    double os = Ns([&] { ecp_nistz256_sqr_mont(x.data(), x.data()); }, n);
    double hs = Ns([&] { FeSqr(x, x); }, n);
    std::printf("round %d: mul chained openssl %.1f ns henhouse %.1f ns; two chains openssl %.1f "
                "henhouse %.1f; sqr openssl %.1f henhouse %.1f\n", round, o1, h1, o2, h2, os, hs);
  }
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(x[0] ^ z[0]));
}
CC
g++ -O2 -std=c++20 -I"$root/src" "$work/field.cc" -o "$work/field" "$lib" -lpthread -ldl
"$work/field"

cat > "$work/basemul.c" <<'CC'
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <stdio.h>
#include <time.h>
int main(void) {
  EC_GROUP* g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  BN_CTX* ctx = BN_CTX_new();
  EC_POINT* r = EC_POINT_new(g);
  BIGNUM* k = BN_new();
  BN_rand_range(k, EC_GROUP_get0_order(g));
  BN_set_flags(k, BN_FLG_CONSTTIME);
  struct timespec a, b;
  const int n = 100000;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < n; ++i) EC_POINT_mul(g, r, k, NULL, NULL, ctx);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("EC_POINT_mul (generator): %.0f ns\n",
         ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
  return 0;
}
CC
gcc -O2 "$work/basemul.c" -o "$work/basemul" "$lib" -lpthread -ldl
if command -v perf > /dev/null; then
  perf record -q -o "$work/basemul.perf" "$work/basemul" 2>/dev/null
  perf report -i "$work/basemul.perf" --no-children --percent-limit 1 --stdio 2>/dev/null \
    | grep -E '^ +[0-9]'
else
  "$work/basemul"
  echo "(perf not installed: no profile)"
fi
