#!/bin/bash
# Tests of the ratio scripts' parsing (tools/paired_ratios.sh,
# tools/selection_ratios.sh, tools/load_sensitivity.sh) against stand-in benchmark programs that print
# fixed CSV: a full result is printed with its ratios; a benchmark that
# reported an error, a missing result, or a program that is not
# henhouse_bench makes the script exit 1 naming what is wrong, and prints no
# ratio line; a path that is not executable exits 2.
# Usage: ratio_scripts_test.sh   (run from the repository root)
set -u
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0

# has FILE TEXT: FILE contains TEXT, or is empty where TEXT is "".
has() { if [ -z "$2" ]; then [ ! -s "$1" ]; else grep -qF -- "$2" "$1"; fi; }

check() {  # check DESCRIPTION WANT_RC STDOUT_TEXT STDERR_TEXT -- command...
  local what=$1 want=$2 out_text=$3 err_text=$4
  shift 5
  "$@" >"$WORK/out" 2>"$WORK/err"
  local rc=$?
  if [ "$rc" -ne "$want" ] || ! has "$WORK/out" "$out_text" || ! has "$WORK/err" "$err_text"; then
    echo "FAIL: $what (rc $rc, want $want)"; cat "$WORK/out" "$WORK/err"; FAILS=$((FAILS + 1))
  else
    echo "ok: $what"
  fi
}

header='name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,error_message,"op_us","primitive_us","ratio","ratio_p10","ratio_p90"'
row() { echo "\"BM_Paired/$1/iterations:300\",300,4,4,ms,,,,,,$2,$3,$4,$5,$6"; }
fake() {  # fake NAME LINES...: a stand-in benchmark printing LINES
  local f=$WORK/$1
  shift
  { echo '#!/bin/bash'; echo "cat <<'CSV'"; printf '%s\n' "$@"; echo 'CSV'; } >"$f"
  chmod +x "$f"
  echo "$f"
}

good=$(fake good "$header" "$(row EncryptSelection/integer4096 770 6.2 124.5 120 130)" \
  "$(row VerifySelection/integer4096 3600 1080 3.38 3.1 3.6)" \
  "$(row EncryptSelection/p256 43 8 5.375 5.1 5.8)" "$(row VerifySelection/p256 190 49 3.8 3.6 4.0)")
check "paired: a full result" 0 'EncryptSelection/p256 5.375 x openssl_base_mul (<= 6; p10 5.100, p90 5.800)' '' \
  -- bash tools/paired_ratios.sh "$good" 1
failed=$(fake failed "$header" "$(row EncryptSelection/integer4096 770 6.2 124.5 120 130)" \
  "$(row VerifySelection/integer4096 3600 1080 3.38 3.1 3.6)" \
  '"BM_Paired/EncryptSelection/p256/iterations:300",0,0,0,ms,,,,true,"the operation failed",,,,,' \
  "$(row VerifySelection/p256 190 49 3.8 3.6 4.0)")
check "paired: a benchmark that failed" 1 '' 'EncryptSelection/p256 failed: "the operation failed"' \
  -- bash tools/paired_ratios.sh "$failed" 1
missing=$(fake missing "$header" "$(row EncryptSelection/p256 43 8 5.375 5.1 5.8)")
check "paired: results missing" 1 '' 'no result for VerifySelection/p256' \
  -- bash tools/paired_ratios.sh "$missing" 1
check "paired: not henhouse_bench" 1 '' 'no result for EncryptSelection/integer4096' \
  -- bash tools/paired_ratios.sh /bin/true 1
check "paired: not an executable" 2 '' 'is not an executable' \
  -- bash tools/paired_ratios.sh "$WORK/nothing" 1
check "official: not henhouse_bench" 1 '' 'printed no medians' \
  -- bash tools/selection_ratios.sh /bin/true 1
check "official: not an executable" 2 '' 'is not an executable' \
  -- bash tools/selection_ratios.sh "$WORK/nothing" 1

plain='name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,error_message'
rep() { echo "\"$1\",100,$2,$2,ns,,,,,"; }
reps=$(fake reps "$plain" "$(rep BM_A 120)" "$(rep BM_A 100)" "$(rep BM_A 200)" "$(rep BM_A 110)" \
  "$(rep BM_A_mean 132)" "$(rep BM_A_median 115)" "$(rep BM_B 50)" "$(rep BM_B 50)" "$(rep BM_B 50)" \
  "$(rep BM_B 50)")
check "load: a full result" 0 'BM_A                                             4         100         120         200     1.20     2.00' '' \
  -- bash tools/load_sensitivity.sh "$reps" 4
check "load: an undisturbed benchmark" 0 'BM_B                                             4          50          50          50     1.00     1.00' '' \
  -- bash tools/load_sensitivity.sh "$reps" 4
repfail=$(fake repfail "$plain" "$(rep BM_A 120)" '"BM_C",0,0,0,ns,,,,true,"the operation failed"')
check "load: a benchmark that failed" 1 '' 'BM_C failed: the operation failed' \
  -- bash tools/load_sensitivity.sh "$repfail" 4
check "load: not henhouse_bench" 2 '' 'printed no results' \
  -- bash tools/load_sensitivity.sh /bin/true 4
check "load: not an executable" 2 '' 'is not an executable' \
  -- bash tools/load_sensitivity.sh "$WORK/nothing" 4
check "load: too few repetitions" 2 '' 'REPS must be a whole number of at least 4' \
  -- bash tools/load_sensitivity.sh "$reps" 3
killed=$WORK/killed
printf '#!/bin/bash\necho "%s"\nkill -9 $$\n' "$plain" >"$killed"
chmod +x "$killed"
check "load: a benchmark program killed mid-run" 2 '' 'failed (is it henhouse_bench?)' \
  -- bash tools/load_sensitivity.sh "$killed" 4
check "load: an empty REPS" 2 '' 'REPS must be a whole number of at least 4' \
  -- bash tools/load_sensitivity.sh "$reps" ''

[ "$FAILS" -eq 0 ] || { echo "$FAILS failed"; exit 1; }
