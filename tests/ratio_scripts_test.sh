#!/bin/bash
# Tests of the ratio scripts' parsing (tools/paired_ratios.sh,
# tools/selection_ratios.sh, tools/load_sensitivity.sh, tools/ab_paired.sh) against stand-in benchmark programs that print
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

plain='name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,error_message'
# A stand-in that prints a CSV header and is then killed.
killed=$WORK/killed
printf '#!/bin/bash\necho "%s"\nkill -9 $$\n' "$plain" >"$killed"
chmod +x "$killed"
# Every script refuses a path that is not an executable.
for script in paired_ratios selection_ratios load_sensitivity; do
  check "$script: not an executable" 2 '' 'is not an executable' \
    -- bash "tools/$script.sh" "$WORK/nothing" 4
done

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
check "paired: RUNS not a number" 2 '' "RUNS must be a whole number of at least 1, not 'x'" \
  -- bash tools/paired_ratios.sh "$good" x
check "official: not henhouse_bench" 1 '' 'printed no medians' \
  -- bash tools/selection_ratios.sh /bin/true 1

# official_csv P256_ENC_NS [SKIP_NAME]: the official command's CSV, 7
# repetitions and a median per benchmark; SKIP_NAME is left out.
official_csv() {
  local enc=$1 skip=${2-} name t k
  echo 'name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,error_message'
  for spec in Primitive/integer4096/mont_mul:5000 Primitive/integer4096/openssl_modexp:1000000 \
    Primitive/p256/openssl_base_mul:8000 Primitive/p256/openssl_var_mul:50000 \
    EncryptSelection/integer4096:620000 EncryptSelection/p256:"$enc" \
    VerifySelection/integer4096:3400000 VerifySelection/p256:190000; do
    name=BM_${spec%%:*} t=${spec##*:}
    [ "$name" = "$skip" ] && continue
    for k in 1 2 3 4 5 6; do echo "\"$name\",100,$t,$t,ns,,,,,"; done
    echo "\"$name\",100,$((t + t / 10)),$((t + t / 10)),ns,,,,,"
    echo "\"${name}_median\",100,$t,$t,ns,,,,,"
  done
}
# A stand-in whose p256 encryption takes 50 us on odd calls, 40 us on even.
alternating=$WORK/alternating
cat >"$alternating" <<EOF_FAKE
#!/bin/bash
$(declare -f official_csv)
n=\$(cat "$WORK/calls" 2>/dev/null || echo 0); echo \$((n + 1)) >"$WORK/calls"
if [ \$((n % 2)) -eq 0 ]; then official_csv 50000; else official_csv 40000; fi
EOF_FAKE
chmod +x "$alternating"
check "official: a run per line" 0 'run 2 medians: integer4096 encryption 124.0 x mont_mul (<= 150), p256 encryption 5.000 x openssl_base_mul (<= 6), integer4096 verification 3.40 x openssl_modexp (<= 4), p256 verification 3.80 x openssl_var_mul (<= 4.5); openssl_base_mul 8000 ns' '' \
  -- bash tools/selection_ratios.sh "$alternating" 3
check "official: the summary counts runs above a limit" 0 'over 3 runs, medians: integer4096 encryption 124.0-124.0 x mont_mul (<= 150; 0 above), p256 encryption 5.000-6.250 x openssl_base_mul (<= 6; 1 above)' '' \
  -- bash tools/selection_ratios.sh "$alternating" 3
official_failed=$(fake official_failed "$(official_csv 40000 BM_EncryptSelection/p256)" \
  '"BM_EncryptSelection/p256",0,0,0,ns,,,,true,"the operation failed"')
check "official: a benchmark that failed" 1 '' 'run 1: BM_EncryptSelection/p256 failed: the operation failed' \
  -- bash tools/selection_ratios.sh "$official_failed" 2
official_missing=$(fake official_missing "$(official_csv 40000 BM_VerifySelection/p256)")
check "official: a benchmark missing" 1 '' 'run 1: no time for BM_VerifySelection/p256' \
  -- bash tools/selection_ratios.sh "$official_missing" 1
check "official: a benchmark program killed mid-run" 1 '' 'run 1: '"$killed"' exited with status 137' \
  -- bash tools/selection_ratios.sh "$killed" 1
check "official: RUNS of 0" 2 '' 'RUNS must be a whole number of at least 1' \
  -- bash tools/selection_ratios.sh "$alternating" 0
check "official: an empty RUNS" 2 '' 'RUNS must be a whole number of at least 1' \
  -- bash tools/selection_ratios.sh "$alternating" ''

# tools/ab_paired.sh: two stand-in builds, the second with the lower ratio.
slower=$(fake slower "$header" "$(row EncryptSelection/p256 43 8 5.500 5.1 5.8)")
faster=$(fake faster "$header" "$(row EncryptSelection/p256 42 8 5.400 5.0 5.7)")
check "ab: a round per line" 0 'round 2: A 5.500 (primitive 8.00 us), B 5.400 (primitive 8.00 us)' '' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 3 "$slower" "$faster"
check "ab: the summary" 0 'EncryptSelection/p256 over 3 rounds: A mean 5.500, B mean 5.400; B lower in 3 of 3' '' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 3 "$slower" "$faster"
check "ab: B not lower" 0 'B lower in 0 of 2' '' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 2 "$faster" "$slower"
check "ab: a benchmark that failed" 1 '' 'round 1: B ('"$failed"'): the benchmark failed: "the operation failed"' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 2 "$slower" "$failed"
check "ab: no result for the operation" 1 '' 'no result for BM_Paired/VerifySelection/p256' \
  -- bash tools/ab_paired.sh VerifySelection/p256 1 "$slower" "$faster"
check "ab: a program killed mid-run" 1 '' 'round 1: A ('"$killed"') exited with status 137' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 1 "$killed" "$faster"
check "ab: an unknown operation" 2 '' "OPERATION must be" \
  -- bash tools/ab_paired.sh Encrypt/p384 1 "$slower" "$faster"
check "ab: ROUNDS not a number" 2 '' "ROUNDS must be a whole number of at least 1, not 'x'" \
  -- bash tools/ab_paired.sh EncryptSelection/p256 x "$slower" "$faster"
check "ab: not an executable" 2 '' 'is not an executable' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 1 "$slower" "$WORK/nothing"
check "ab: too few arguments" 2 '' 'usage: ab_paired.sh' \
  -- bash tools/ab_paired.sh EncryptSelection/p256 1 "$slower"

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
check "load: too few repetitions" 2 '' 'REPS must be a whole number of at least 4' \
  -- bash tools/load_sensitivity.sh "$reps" 3
check "load: a benchmark program killed mid-run" 2 '' 'failed (is it henhouse_bench?)' \
  -- bash tools/load_sensitivity.sh "$killed" 4
check "load: an empty REPS" 2 '' 'REPS must be a whole number of at least 4' \
  -- bash tools/load_sensitivity.sh "$reps" ''

[ "$FAILS" -eq 0 ] || { echo "$FAILS failed"; exit 1; }
