#!/bin/bash
# ab_paired.sh OPERATION ROUNDS BENCH_A BENCH_B: compares two builds of
# henhouse_bench on one paired ratio, BM_Paired/OPERATION (OPERATION is
# EncryptSelection/p256, VerifySelection/p256, EncryptSelection/integer4096
# or VerifySelection/integer4096; src/crypto/crypto_bench.cc). Each of
# ROUNDS rounds runs A once and B once, the first of the two alternating
# from round to round, so both builds meet the same drift of a shared
# host's load. Prints each round's two ratios and the primitive's time per
# run (a gauge of the load), then each build's mean and in how many rounds
# B's ratio was the lower. To keep a build for comparison, copy its
# build/bin/henhouse_bench aside before rebuilding:
#   bash tools/ab_paired.sh EncryptSelection/p256 15 /tmp/bench_before build/bin/henhouse_bench
# Exit status: 0 with every round measured; 1 when a run fails (the program
# exits non-zero, the benchmark reports an error or prints no result),
# naming the round and the build; 2 for bad arguments.
set -euo pipefail
usage="usage: ab_paired.sh OPERATION ROUNDS BENCH_A BENCH_B"
[ $# -eq 4 ] || { echo "ab_paired: $usage" >&2; exit 2; }
op=$1 rounds=$2 a=$3 b=$4
[[ "$op" =~ ^(Encrypt|Verify)Selection/(p256|integer4096)$ ]] ||
  { echo "ab_paired: OPERATION must be EncryptSelection/… or VerifySelection/… with p256 or integer4096, not '$op'" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] ||
  { echo "ab_paired: ROUNDS must be a whole number of at least 1, not '$rounds'" >&2; exit 2; }
for bench in "$a" "$b"; do
  [ -x "$bench" ] || { echo "ab_paired: $bench is not an executable" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure ROUND LABEL BENCH: prints "RATIO PRIMITIVE_US" for one run.
measure() {
  local round=$1 label=$2 bench=$3 rc=0
  "$bench" --benchmark_filter="^BM_Paired/$op/" --benchmark_format=csv >"$work/csv" 2>"$work/err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "ab_paired: round $round: $label ($bench) exited with status $rc" >&2
    return 1
  fi
  awk -F, -v want="BM_Paired/$op/" -v where="round $round: $label ($bench)" '
    /^name,/ { for (i = 1; i <= NF; ++i) { h = $i; gsub(/"/, "", h); col[h] = i }; next }
    /^"BM_Paired/ {
      name = $1; gsub(/"/, "", name)
      if (index(name, want) != 1) next
      if ($col["error_occurred"] == "true") {
        print "ab_paired: " where ": the benchmark failed: " $col["error_message"] > "/dev/stderr"; bad = 1; exit 1
      }
      if ($col["ratio"] != "") { print $col["ratio"], $col["primitive_us"]; found = 1 }
    }
    END {
      if (bad) exit 1
      if (!found) { print "ab_paired: " where ": no result for BM_Paired/'"$op"' (is it henhouse_bench?)" > "/dev/stderr"; exit 1 }
    }' "$work/csv"
}

for ((r = 1; r <= rounds; r++)); do
  if [ $((r % 2)) -eq 1 ]; then
    ra=$(measure "$r" A "$a") || exit 1
    rb=$(measure "$r" B "$b") || exit 1
  else
    rb=$(measure "$r" B "$b") || exit 1
    ra=$(measure "$r" A "$a") || exit 1
  fi
  echo "$r $ra $rb" | tee -a "$work/rounds" |
    awk '{ printf "round %d: A %.3f (primitive %.2f us), B %.3f (primitive %.2f us)\n", $1, $2, $3, $4, $5 }'
done
awk -v op="$op" '
  { sa += $2; sb += $4; n++; if ($4 < $2) lower++ }
  END { printf "%s over %d rounds: A mean %.3f, B mean %.3f; B lower in %d of %d\n", op, n, sa / n, sb / n, lower, n }
' "$work/rounds"
