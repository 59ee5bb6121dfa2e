#!/bin/bash
# selection_ratios.sh [BENCH] [RUNS]: runs the official command of
# docs/performance.md ("Selection encryption and verification") RUNS times
# (default 3) and prints, per run, the four ratios issue 2 sets targets for,
# with openssl_base_mul's time as a gauge of how busy the host was.
#   bash tools/selection_ratios.sh build/bin/henhouse_bench 3
set -euo pipefail
bench=${1:-build/bin/henhouse_bench}
runs=${2:-3}
[ -x "$bench" ] || { echo "selection_ratios: $bench is not an executable (run make bench first)" >&2; exit 2; }
for ((r = 1; r <= runs; r++)); do
  "$bench" --benchmark_filter='BM_(Primitive|EncryptSelection|VerifySelection)/' \
    --benchmark_min_time=0.2 --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, -v run="$r" '/_median"/ { gsub(/"/, "", $1); sub(/_median$/, "", $1); m[$1] = $4 }
      END {
        if (!("BM_Primitive/p256/openssl_base_mul" in m) || !("BM_EncryptSelection/p256" in m)) {
          print "selection_ratios: run " run ": the benchmark printed no medians (is this henhouse_bench?)" > "/dev/stderr"
          exit 1
        }
        printf "run %d: integer4096 encryption %.1f x mont_mul (<= 150), p256 encryption %.3f x openssl_base_mul (<= 6), integer4096 verification %.2f x openssl_modexp (<= 4), p256 verification %.2f x openssl_var_mul (<= 4.5); openssl_base_mul %.0f ns\n", run,
          m["BM_EncryptSelection/integer4096"] / m["BM_Primitive/integer4096/mont_mul"],
          m["BM_EncryptSelection/p256"] / m["BM_Primitive/p256/openssl_base_mul"],
          m["BM_VerifySelection/integer4096"] / m["BM_Primitive/integer4096/openssl_modexp"],
          m["BM_VerifySelection/p256"] / m["BM_Primitive/p256/openssl_var_mul"],
          m["BM_Primitive/p256/openssl_base_mul"] }'
done
