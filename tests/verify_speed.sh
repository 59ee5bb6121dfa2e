#!/usr/bin/env bash
# Verification speed against the exponentiations it must do (the election
# issue's target: wall time on THREADS cores at most 1.25 × the counted
# exponentiations × their single-core cost / THREADS).
#
# Measures the unit costs with henhouse_bench just before and just after the
# run (the machine's speed drifts; the mean of the two medians is used),
# runs `henhouse verify --stats`, and prints the counted work and the ratio
# twice: with the foundation's primitives as units (openssl_base_mul /
# openssl_var_mul for p256, fixed_pow / openssl_modexp for integer4096) and
# with the group's own single-call paths (BM_Math/<group>/fixed_pow,
# pow_public). Membership checks are counted at parse_element's cost.
#
# Usage: verify_speed.sh BUILD_BIN_DIR RECORD_DIR GROUP [THREADS]
set -euo pipefail
BIN=$1
RECORD=$2
GROUP=$3
THREADS=${4:-2}
case "$GROUP" in
  p256) FIXED_PRIM=BM_Primitive/p256/openssl_base_mul; VAR_PRIM=BM_Primitive/p256/openssl_var_mul ;;
  integer4096) FIXED_PRIM=BM_Math/integer4096/fixed_pow; VAR_PRIM=BM_Primitive/integer4096/openssl_modexp ;;
  *) echo "usage: verify_speed.sh BUILD_BIN_DIR RECORD_DIR p256|integer4096 [THREADS]" >&2; exit 2 ;;
esac
[ -d "$RECORD" ] || { echo "verify_speed.sh: no record directory $RECORD" >&2; exit 3; }
[ -x "$BIN/henhouse" ] && [ -x "$BIN/henhouse_bench" ] ||
  { echo "verify_speed.sh: $BIN must hold henhouse and henhouse_bench (make build)" >&2; exit 3; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

units() {
  "$BIN/henhouse_bench" \
    --benchmark_filter="BM_Primitive/$GROUP/|BM_Math/$GROUP/(fixed_pow|pow_public|parse_element)\$" \
    --benchmark_min_time=0.5 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_format=csv 2>/dev/null | grep '_median"' |
    awk -F, '{gsub(/"/, "", $1); sub(/_median$/, "", $1);
              m = ($5 == "us") ? 1e3 : ($5 == "ms") ? 1e6 : ($5 == "s") ? 1e9 : 1; print $1, $4 * m}' > "$1"
}

units "$OUT/before"
/usr/bin/time -f "%e %U %S %M" -o "$OUT/time" \
  "$BIN/henhouse" verify "$RECORD" --stats --threads "$THREADS" > "$OUT/report" || {
  cat "$OUT/report"; echo "verification failed" >&2; exit 1; }
units "$OUT/after"
grep -E "^(RESULT|STATS)" "$OUT/report"
read -r WALL USER SYS RSS < "$OUT/time"
echo "wall ${WALL} s, user ${USER} s, sys ${SYS} s, max RSS ${RSS} KiB, threads ${THREADS}"

cat "$OUT/before" "$OUT/after" | awk -v stats="$(grep '^STATS fixed' "$OUT/report")" \
  -v wall="$WALL" -v threads="$THREADS" -v fp="$FIXED_PRIM" -v vp="$VAR_PRIM" -v g="$GROUP" '
  { sum[$1] += $2; n[$1]++ }
  END {
    split(stats, f, " ")
    # STATS fixed_base_pows F variable_pows V multi_pows M (terms T) membership_checks C hashes H
    fixed = f[3]; var = f[5]; terms = f[9]; sub(/\)/, "", terms); member = f[11]
    for (k in sum) u[k] = sum[k] / n[k] / 1e9   # ns -> s
    parse = u["BM_Math/" g "/parse_element"]
    printf "units (mean of the medians before and after, µs): %s %.2f, %s %.2f, fixed_pow %.2f, pow_public %.2f, parse_element %.2f\n",
      fp, u[fp] * 1e6, vp, u[vp] * 1e6, u["BM_Math/" g "/fixed_pow"] * 1e6,
      u["BM_Math/" g "/pow_public"] * 1e6, parse * 1e6
    report("foundation primitives", u[fp], u[vp])
    report("own single-call paths", u["BM_Math/" g "/fixed_pow"], u["BM_Math/" g "/pow_public"])
  }
  function report(name, cf, cv,   counted, ideal) {
    counted = fixed * cf + (var + terms) * cv + member * parse
    ideal = counted / threads
    printf "%s: counted work %.1f s (fixed %d, variable %d + %d terms, membership %d), ideal on %d cores %.1f s, measured %.1f s: ratio %.3f (target <= 1.25)\n",
      name, counted, fixed, var, terms, member, threads, ideal, wall, wall / ideal
  }'
