#!/bin/bash
# selection_ratios.sh [BENCH] [RUNS]: runs the official command of
# docs/performance.md ("Selection encryption and verification") RUNS times
# (default 3) and prints, per run, the four ratios issue 2 sets targets for,
# with openssl_base_mul's time as a gauge of how busy the host was. Each
# ratio is given twice: of the medians of the 7 interleaved repetitions, and
# of their minima (the repetition least disturbed by the rest of the host:
# other work on a shared machine only ever adds time). After the last run,
# two summary lines give each ratio's range over the runs and how many runs
# were above its limit, by medians and by minima.
#   bash tools/selection_ratios.sh build/bin/henhouse_bench 3
# Exit status: 0 with every run measured (whatever the ratios); 1 when a run
# fails (the program exits non-zero, a benchmark reports an error, or one of
# the eight benchmarks is missing), naming the run and what went wrong; 2 for
# bad arguments.
set -euo pipefail
bench=${1-build/bin/henhouse_bench}
runs=${2-3}
[ -x "$bench" ] || { echo "selection_ratios: $bench is not an executable (run make bench first)" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "selection_ratios: RUNS must be a whole number of at least 1, not '$runs'" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for ((r = 1; r <= runs; r++)); do
  rc=0
  "$bench" --benchmark_filter='BM_(Primitive|EncryptSelection|VerifySelection)/' \
    --benchmark_min_time=0.2 --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true \
    --benchmark_format=csv >"$work/csv" 2>"$work/err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "selection_ratios: run $r: $bench exited with status $rc; its last message:" >&2
    tail -n 3 "$work/err" >&2
    exit 1
  fi
  awk -F, -v run="$r" -v summary="$work/summary" '
    /^"BM/ {
      name = $1; gsub(/"/, "", name)
      if ($9 == "true") {
        message = $10; gsub(/"/, "", message)
        print "selection_ratios: run " run ": " name " failed: " message > "/dev/stderr"
        failed = 1
        exit 1
      }
      if (name ~ /_median$/) { sub(/_median$/, "", name); med[name] = $4; next }
      if (name ~ /_(mean|stddev|cv)$/) next
      if (!(name in low) || $4 + 0 < low[name]) low[name] = $4 + 0
    }
    function ratio(m, a, b) { return m[a] / m[b] }
    END {
      if (failed) exit 1
      if (!("BM_Primitive/p256/openssl_base_mul" in med)) {
        print "selection_ratios: run " run ": the benchmark printed no medians (is this henhouse_bench?)" > "/dev/stderr"
        exit 1
      }
      ie = "BM_EncryptSelection/integer4096"; mm = "BM_Primitive/integer4096/mont_mul"
      pe = "BM_EncryptSelection/p256"; bm = "BM_Primitive/p256/openssl_base_mul"
      iv = "BM_VerifySelection/integer4096"; me = "BM_Primitive/integer4096/openssl_modexp"
      pv = "BM_VerifySelection/p256"; vm = "BM_Primitive/p256/openssl_var_mul"
      split(ie " " mm " " pe " " bm " " iv " " me " " pv " " vm, all, " ")
      for (k = 1; k <= 8; ++k) {
        if (!(all[k] in med) || !(all[k] in low) || med[all[k]] <= 0 || low[all[k]] <= 0) {
          print "selection_ratios: run " run ": no time for " all[k] " (expected its 7 repetitions and their median)" > "/dev/stderr"
          exit 1
        }
      }
      printf "run %d medians: integer4096 encryption %.1f x mont_mul (<= 150), p256 encryption %.3f x openssl_base_mul (<= 6), integer4096 verification %.2f x openssl_modexp (<= 4), p256 verification %.2f x openssl_var_mul (<= 4.5); openssl_base_mul %.0f ns\n",
        run, ratio(med, ie, mm), ratio(med, pe, bm), ratio(med, iv, me), ratio(med, pv, vm), med[bm]
      printf "run %d minima:  integer4096 encryption %.1f x mont_mul (<= 150), p256 encryption %.3f x openssl_base_mul (<= 6), integer4096 verification %.2f x openssl_modexp (<= 4), p256 verification %.2f x openssl_var_mul (<= 4.5); openssl_base_mul %.0f ns\n",
        run, ratio(low, ie, mm), ratio(low, pe, bm), ratio(low, iv, me), ratio(low, pv, vm), low[bm]
      printf "medians %.6f %.6f %.6f %.6f %.6f\n", ratio(med, ie, mm), ratio(med, pe, bm), ratio(med, iv, me), ratio(med, pv, vm), med[bm] >> summary
      printf "minima %.6f %.6f %.6f %.6f %.6f\n", ratio(low, ie, mm), ratio(low, pe, bm), ratio(low, iv, me), ratio(low, pv, vm), low[bm] >> summary
    }' "$work/csv"
done

awk -v runs="$runs" '
  BEGIN {
    split("integer4096 encryption|p256 encryption|integer4096 verification|p256 verification", what, "|")
    split("mont_mul|openssl_base_mul|openssl_modexp|openssl_var_mul", unit, "|")
    split("150|6|4|4.5", limit, "|"); split("%.1f|%.3f|%.2f|%.2f", fmt, "|")
  }
  {
    kind = $1
    for (k = 1; k <= 5; ++k) {
      v = $(k + 1) + 0
      if (!((kind, k) in lo) || v < lo[kind, k]) lo[kind, k] = v
      if (!((kind, k) in hi) || v > hi[kind, k]) hi[kind, k] = v
      if (k <= 4 && v > limit[k]) above[kind, k]++
    }
  }
  END {
    split("medians minima", kinds, " ")
    for (i = 1; i <= 2; ++i) {
      kind = kinds[i]
      line = sprintf("over %d run%s, %s:%s", runs, runs == 1 ? "" : "s", kind, kind == "medians" ? " " : "  ")
      for (k = 1; k <= 4; ++k) {
        line = line sprintf("%s " fmt[k] "-" fmt[k] " x %s (<= %s; %d above)", what[k], lo[kind, k], hi[kind, k],
                            unit[k], limit[k], above[kind, k] + 0) (k < 4 ? ", " : "")
      }
      printf "%s; openssl_base_mul %.0f-%.0f ns\n", line, lo[kind, 5], hi[kind, 5]
    }
  }' "$work/summary"
