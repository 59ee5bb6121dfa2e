#!/bin/bash
# selection_ratios.sh [BENCH] [RUNS]: runs the official command of
# docs/performance.md ("Selection encryption and verification") RUNS times
# (default 3) and prints, per run, the four ratios issue 2 sets targets for,
# with openssl_base_mul's time as a gauge of how busy the host was. Each
# ratio is given twice: of the medians of the 7 interleaved repetitions, and
# of their minima (the repetition least disturbed by the rest of the host:
# other work on a shared machine only ever adds time).
#   bash tools/selection_ratios.sh build/bin/henhouse_bench 3
set -euo pipefail
bench=${1:-build/bin/henhouse_bench}
runs=${2:-3}
[ -x "$bench" ] || { echo "selection_ratios: $bench is not an executable (run make bench first)" >&2; exit 2; }
for ((r = 1; r <= runs; r++)); do
  "$bench" --benchmark_filter='BM_(Primitive|EncryptSelection|VerifySelection)/' \
    --benchmark_min_time=0.2 --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true \
    --benchmark_format=csv 2>/dev/null |
    awk -F, -v run="$r" '
      /^"BM/ {
        name = $1; gsub(/"/, "", name)
        if (name ~ /_median$/) { sub(/_median$/, "", name); med[name] = $4; next }
        if (name ~ /_(mean|stddev|cv)$/) next
        if (!(name in low) || $4 + 0 < low[name]) low[name] = $4 + 0
      }
      function ratio(m, a, b) { return m[a] / m[b] }
      END {
        if (!("BM_Primitive/p256/openssl_base_mul" in med) || !("BM_EncryptSelection/p256" in med)) {
          print "selection_ratios: run " run ": the benchmark printed no medians (is this henhouse_bench?)" > "/dev/stderr"
          exit 1
        }
        ie = "BM_EncryptSelection/integer4096"; mm = "BM_Primitive/integer4096/mont_mul"
        pe = "BM_EncryptSelection/p256"; bm = "BM_Primitive/p256/openssl_base_mul"
        iv = "BM_VerifySelection/integer4096"; me = "BM_Primitive/integer4096/openssl_modexp"
        pv = "BM_VerifySelection/p256"; vm = "BM_Primitive/p256/openssl_var_mul"
        printf "run %d medians: integer4096 encryption %.1f x mont_mul (<= 150), p256 encryption %.3f x openssl_base_mul (<= 6), integer4096 verification %.2f x openssl_modexp (<= 4), p256 verification %.2f x openssl_var_mul (<= 4.5); openssl_base_mul %.0f ns\n",
          run, ratio(med, ie, mm), ratio(med, pe, bm), ratio(med, iv, me), ratio(med, pv, vm), med[bm]
        printf "run %d minima:  integer4096 encryption %.1f x mont_mul (<= 150), p256 encryption %.3f x openssl_base_mul (<= 6), integer4096 verification %.2f x openssl_modexp (<= 4), p256 verification %.2f x openssl_var_mul (<= 4.5); openssl_base_mul %.0f ns\n",
          run, ratio(low, ie, mm), ratio(low, pe, bm), ratio(low, iv, me), ratio(low, pv, vm), low[bm] }'
done
