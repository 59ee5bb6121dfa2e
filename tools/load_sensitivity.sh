#!/bin/bash
# load_sensitivity.sh [BENCH] [REPS] [FILTER]: how much each benchmark slows
# down when the host is busy. Runs the benchmarks that match FILTER
# (a --benchmark_filter regex) REPS times each (default 40), 0.03 s per
# repetition, in random interleaved order, so every benchmark meets the same
# mix of quiet and busy moments. Prints, per benchmark, the minimum, median
# and 75th percentile of the repetitions' CPU times and median ÷ minimum
# and p75 ÷ minimum: the minimum is the least disturbed repetition, so these
# quotients say how much of its speed the benchmark loses to the host's
# other load. On a quiet host every quotient is near 1. See
# docs/performance.md ("How much each code slows down on a busy host").
#   bash tools/load_sensitivity.sh build/bin/henhouse_bench 40
set -euo pipefail
bench=${1:-build/bin/henhouse_bench}
reps=${2-40}
filter=${3:-'BM_Primitive/|BM_EncryptSelection/p256$|madd_(assembly|portable)6'}
[ -x "$bench" ] || { echo "load_sensitivity: $bench is not an executable (run make bench first)" >&2; exit 2; }
[[ "$reps" =~ ^[0-9]+$ ]] && [ "$reps" -ge 4 ] ||
  { echo "load_sensitivity: REPS must be a whole number of at least 4, not '$reps'" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bench" --benchmark_filter="$filter" --benchmark_min_time=0.03 --benchmark_repetitions="$reps" \
  --benchmark_enable_random_interleaving=true --benchmark_format=csv 2>/dev/null >"$out" ||
  { echo "load_sensitivity: $bench failed (is it henhouse_bench?)" >&2; exit 2; }
python3 - "$out" <<'EOF'
import csv, sys
times = {}
with open(sys.argv[1]) as f:
    lines = [line for line in f if line.startswith("name,") or line.startswith('"BM')]
for row in csv.DictReader(lines):
    name = row["name"]
    if any(name.endswith(s) for s in ("_mean", "_median", "_stddev", "_cv")):
        continue
    if row.get("error_occurred") == "true":
        print(f"load_sensitivity: {name} failed: {row.get('error_message')}", file=sys.stderr)
        sys.exit(1)
    times.setdefault(name, []).append(float(row["cpu_time"]))
if not times:
    print("load_sensitivity: the program printed no results (no benchmark matches the filter, "
          "or it is not henhouse_bench)", file=sys.stderr)
    sys.exit(2)
print(f"{'benchmark':45s} {'reps':>4s} {'min':>11s} {'median':>11s} {'p75':>11s} {'med/min':>8s} {'p75/min':>8s}")
for name, t in times.items():
    t.sort()
    n = len(t)
    lo, med, p75 = t[0], t[n // 2], t[(3 * n) // 4]
    print(f"{name:45s} {n:4d} {lo:11.0f} {med:11.0f} {p75:11.0f} {med / lo:8.2f} {p75 / lo:8.2f}")
EOF
