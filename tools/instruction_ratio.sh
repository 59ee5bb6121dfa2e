#!/bin/bash
# instruction_ratio.sh [BENCH] [CALLS]: the instructions one p256 selection
# encryption (EncryptWithRangeProof, as BM_EncryptSelection/p256 calls it)
# and one OpenSSL base-point multiplication (EC_POINT_mul, as
# BM_Primitive/p256/openssl_base_mul calls it) execute, counted by stepping
# them (tools/count_instructions.cc), their ratio, and where the
# encryption's instructions go. CALLS calls of each (default 2). Takes about
# 80 s per encryption and 15 s per multiplication on the development machine.
#   bash tools/instruction_ratio.sh build/bin/henhouse_bench 2
set -euo pipefail
bench=${1:-build/bin/henhouse_bench}
calls=${2:-2}
[ -x "$bench" ] || { echo "instruction_ratio: $bench is not an executable (run make bench first)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -std=c++20 -Wall -Wextra -Werror "$here/count_instructions.cc" -o "$work/count_instructions"

encrypt=$(nm "$bench" | awk '$2 == "T" && $3 ~ /EncryptWithRangeProof/ && !f { print $1; f = 1 }')
base_mul=$(objdump -d "$bench" | awk '/<EC_POINT_mul@plt>:/ && !f { print $1; f = 1 }')
[ -n "$encrypt" ] || { echo "instruction_ratio: no EncryptWithRangeProof in $bench" >&2; exit 2; }
[ -n "$base_mul" ] || { echo "instruction_ratio: no EC_POINT_mul@plt in $bench" >&2; exit 2; }

# SKIP: the selection fixture encrypts 16 selections when it is built (the
# first builds the K table); the primitive's constructor calls EC_POINT_mul
# once. One more call of each runs unmeasured, as a warm-up.
"$work/count_instructions" "$encrypt" 17 "$calls" "$work/encrypt.hist" -- "$bench" \
  --benchmark_filter='^BM_EncryptSelection/p256$' --benchmark_min_time=10 >"$work/encrypt.txt" 2>"$work/encrypt.err" ||
  { cat "$work/encrypt.err" >&2; exit 2; }
"$work/count_instructions" "$base_mul" 2 "$calls" "$work/base_mul.hist" -- "$bench" \
  --benchmark_filter='^BM_Primitive/p256/openssl_base_mul$' --benchmark_min_time=10 >"$work/base_mul.txt" 2>"$work/base_mul.err" ||
  { cat "$work/base_mul.err" >&2; exit 2; }
grep '^call' "$work/encrypt.txt" | sed 's/^/EncryptSelection\/p256 /'
grep '^call' "$work/base_mul.txt" | sed 's/^/openssl_base_mul /'
nm -C --defined-only "$bench" | awk '$2 ~ /^[tTwW]$/' >"$work/symbols.txt"
python3 - "$work" <<'EOF'
import bisect, re, sys
work = sys.argv[1]
def counts(name):
    return [int(m.group(1)) for m in re.finditer(r"call \d+: (\d+) instructions", open(f"{work}/{name}.txt").read())]
enc, mul = counts("encrypt"), counts("base_mul")
e, m = sum(enc) / len(enc), sum(mul) / len(mul)
print(f"per call: encryption {e:.0f}, openssl_base_mul {m:.0f}; ratio {e / m:.3f}")
symbols = sorted((int(a, 16), n.strip()) for a, _, n in (l.split(" ", 2) for l in open(f"{work}/symbols.txt")))
starts = [a for a, _ in symbols]
by_function, total = {}, 0
for line in open(f"{work}/encrypt.hist"):
    where, c = line.split()
    c = int(c)
    total += c
    if where == "outside":
        name = "(shared libraries: OpenSSL, GMP, libc)"
    else:
        i = bisect.bisect_right(starts, int(where, 16)) - 1
        name = symbols[i][1] if i >= 0 else "?"
        name = re.sub(r"\(.*", "", name.replace("(anonymous namespace)", "{anonymous}"))
    by_function[name] = by_function.get(name, 0) + c
print("encryption, per call, by function:")
for name, c in sorted(by_function.items(), key=lambda kv: -kv[1])[:12]:
    print(f"  {c / len(enc):9.0f}  {100 * c / total:5.1f} %  {name}")
EOF
