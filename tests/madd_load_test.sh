#!/bin/bash
# Tests of tools/madd_load.sh and tools/madd_load.cc: a full run checks the
# three generated variants against the library's additions and prints a row per
# code; a variant with one instruction changed is caught (exit 1, named) before
# any timing; bad BLOCKS values and an unknown variant exit 2 with a message.
# Skipped (77) without BMI2 and ADX.
# Usage: madd_load_test.sh   (run from the repository root)
set -u
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
fail() { echo "FAIL: $1"; cat "$WORK/out" "$WORK/err" 2>/dev/null; FAILS=$((FAILS + 1)); }

bash tools/madd_load.sh 10 >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 77 ] && { echo "skipped: $(cat "$WORK/err")"; exit 77; }
if [ "$rc" -eq 0 ] && grep -q '^checked: ' "$WORK/out" &&
  [ "$(grep -cE '^(EC_POINT_mul|library|inline|sequential|single-lane) ' "$WORK/out")" -eq 5 ]; then
  echo "ok: a full run"
else
  fail "a full run (rc $rc)"
fi

# refused DESCRIPTION MESSAGE -- command...: the command exits 2, prints
# MESSAGE on stderr and nothing on stdout.
refused() {
  local what=$1 message=$2
  shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local rc=$?
  if [ "$rc" -eq 2 ] && grep -qF -- "$message" "$WORK/err" && [ ! -s "$WORK/out" ]; then
    echo "ok: $what refused"
  else
    fail "$what (rc $rc, want 2)"
  fi
}
for bad in x 5 -3 ''; do
  refused "BLOCKS '$bad'" 'BLOCKS must be a whole number of at least 10' -- bash tools/madd_load.sh "$bad"
done
# The generator refuses a variant it does not know, naming the ones it does.
refused "an unknown variant" "unknown variant 'bogus' (one of inline, sequential, single-lane)" \
  -- python3 tools/gen_p256_madd.py --variant bogus

# The harness itself, with the single-lane variant's first ADCX made an SBB.
python3 tools/gen_p256_madd.py --variant sequential >"$WORK/seq.cc"
python3 tools/gen_p256_madd.py --variant inline >"$WORK/inline.cc"
python3 tools/gen_p256_madd.py --variant single-lane |
  sed '0,/adcxq %rax, %r/s/adcxq %rax, %r/sbbq %rax, %r/' >"$WORK/single.cc"
if ! g++ -O2 -std=c++20 -Isrc -Iinclude tools/madd_load.cc src/math/p256_madd_x86_64.cc \
  "$WORK/inline.cc" "$WORK/seq.cc" "$WORK/single.cc" -lcrypto -o "$WORK/madd_load" 2>"$WORK/err"; then
  fail "building the harness with a changed variant"
else
  "$WORK/madd_load" 10 >"$WORK/out" 2>"$WORK/err"
  rc=$?
  if [ "$rc" -eq 1 ] && grep -q 'the single-lane variant.s general addition differs' "$WORK/err" &&
    ! grep -q '^library ' "$WORK/out"; then
    echo "ok: a changed variant is caught before any timing"
  else
    fail "a changed variant (rc $rc, want 1)"
  fi
  for bad in 9 abc "10 11"; do
    # shellcheck disable=SC2086
    "$WORK/madd_load" $bad >"$WORK/out" 2>"$WORK/err"
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q '^usage: madd_load' "$WORK/err"; then
      echo "ok: harness arguments '$bad' refused"
    else
      fail "harness arguments '$bad' (rc $rc, want 2)"
    fi
  done
fi

[ "$FAILS" -eq 0 ] || { echo "$FAILS failed"; exit 1; }
