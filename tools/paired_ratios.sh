#!/bin/bash
# paired_ratios.sh [BENCH] [RUNS]: the four ratios issue 2 sets targets for,
# measured by BM_Paired/* (src/crypto/crypto_bench.cc): each operation and
# its primitive alternate in blocks of about 2 ms of CPU time, 300 pairs of
# blocks per benchmark, and the ratio printed is the median of the per-pair
# ratios, with their 10th and 90th percentiles. Adjacent blocks see nearly the
# same host load, so these ratios drift less with a shared host's load than
# those of the official command (tools/selection_ratios.sh), whose
# benchmarks run 0.2 s at a time. RUNS invocations (default 3).
#   bash tools/paired_ratios.sh build/bin/henhouse_bench 3
set -euo pipefail
bench=${1-build/bin/henhouse_bench}
runs=${2-3}
[ -x "$bench" ] || { echo "paired_ratios: $bench is not an executable (run make bench first)" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "paired_ratios: RUNS must be a whole number of at least 1, not '$runs'" >&2; exit 2; }
for ((r = 1; r <= runs; r++)); do
  "$bench" --benchmark_filter='BM_Paired/' --benchmark_format=csv 2>/dev/null |
    awk -F, -v run="$r" '
      /^name,/ { for (i = 1; i <= NF; ++i) { h = $i; gsub(/"/, "", h); col[h] = i }; next }
      /^"BM_Paired/ {
        name = $1; gsub(/"/, "", name); sub(/^BM_Paired\//, "", name); sub(/\/iterations:.*/, "", name)
        if ($col["error_occurred"] == "true") { failed[name] = $col["error_message"]; next }
        ratio[name] = $col["ratio"]; p10[name] = $col["ratio_p10"]; p90[name] = $col["ratio_p90"]
        prim[name] = $col["primitive_us"]
      }
      function show(n, unit, limit) {
        if (n in failed) {
          print "paired_ratios: run " run ": " n " failed: " failed[n] > "/dev/stderr"; bad = 1; return
        }
        if (!(n in ratio) || ratio[n] == "") {
          print "paired_ratios: run " run ": no result for " n " (is this henhouse_bench?)" > "/dev/stderr"
          bad = 1; return
        }
        line = line sprintf("  %s %.3f x %s (<= %s; p10 %.3f, p90 %.3f)", n, ratio[n], unit, limit, p10[n], p90[n])
      }
      END {
        line = sprintf("run %d:", run)
        show("EncryptSelection/integer4096", "mont_mul", 150)
        show("EncryptSelection/p256", "openssl_base_mul", 6)
        show("VerifySelection/integer4096", "openssl_modexp", 4)
        show("VerifySelection/p256", "openssl_var_mul", 4.5)
        if (bad) exit 1
        printf "%s; openssl_base_mul %.2f us\n", line, prim["EncryptSelection/p256"]
      }'
done
