#!/bin/bash
# CLI tests of the election commands: params known answer and usage errors,
# a small p256 demo with a cheating guardian that must still verify, and
# tampered / truncated / malformed inputs that must fail with the right exit
# code (1: a check fails, 2: usage, 3: unreadable) — never a crash.
# Usage: cli_election_test.sh HENHOUSE_BINARY   (run from the repository root)
set -u
HH=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILS=0
PASSES=0

expect_rc() {  # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" >"$WORK/out" 2>&1
  local rc=$?
  if [ "$rc" -eq "$want" ]; then
    PASSES=$((PASSES + 1))
  else
    FAILS=$((FAILS + 1))
    echo "FAIL: $what: exit $rc, expected $want"
    tail -5 "$WORK/out"
  fi
}

expect_out() {  # expect_out PATTERN DESCRIPTION
  if grep -q -- "$1" "$WORK/out"; then
    PASSES=$((PASSES + 1))
  else
    FAILS=$((FAILS + 1))
    echo "FAIL: $2: output lacks '$1'"
    tail -5 "$WORK/out"
  fi
}

# params: the known answer of the foundation issue, and usage errors.
expect_rc 0 "params integer4096" -- "$HH" params --group integer4096 --guardians 5 --quorum 3 --json
expect_out '"h_p": "944286970EAFDB6F347F4EB93B30D48FA3EDCC89BFBAEA6F5AE8F29AFB05DDCE"' "H_P known answer"
expect_rc 0 "params p256" -- "$HH" params --group p256 --guardians 5 --quorum 3
expect_rc 2 "params unknown group" -- "$HH" params --group rsa --guardians 5 --quorum 3
expect_rc 2 "params k > n" -- "$HH" params --group p256 --guardians 3 --quorum 4
expect_rc 2 "params n = 0" -- "$HH" params --group p256 --guardians 0 --quorum 0
expect_rc 2 "params missing quorum" -- "$HH" params --group p256 --guardians 3
expect_rc 2 "verify without record" -- "$HH" verify
expect_rc 3 "verify missing record" -- "$HH" verify "$WORK/does-not-exist"

# A manifest whose contest limit is above what its options allow.
cat >"$WORK/bad-manifest.json" <<'JSON'
{"label":"bad","group":"p256","guardians":3,"quorum":2,
 "contests":[{"label":"Mayor","selection_limit":3,"options":[{"label":"A"},{"label":"B"}]}],
 "ballot_styles":[{"label":"all","contests":["Mayor"]}]}
JSON
expect_rc 3 "manifest over its options" -- "$HH" election manifest "$WORK/bad-manifest.json"
expect_out "selection_limit" "manifest error names the limit"
expect_rc 3 "demo with a bad manifest" -- "$HH" demo --dir "$WORK/bad" --manifest "$WORK/bad-manifest.json" --ballots 3
head -c 40 examples/small.json >"$WORK/truncated.json"
expect_rc 3 "truncated manifest" -- "$HH" election manifest "$WORK/truncated.json"

# A small joint election on p256 with guardian 2 cheating: detected, named, and the record verifies.
expect_rc 0 "demo p256 with a fox" -- "$HH" demo --dir "$WORK/e" --group p256 --ballots 12 \
  --challenge-percent 25 --fox 2 --seed 7
expect_out "guardian 2" "the fox is named"
expect_out "contest data decryption round 1: guardian 2" "the fox is named in contest data decryption"
expect_out "VERIFIES" "the demo's record verifies"
REC="$WORK/e/record"
expect_rc 0 "verify the record" -- "$HH" verify "$REC"
expect_out "RESULT PASS" "verify prints the result"
expect_out "V12 PASS" "contest data decryptions are verified"
expect_rc 0 "verify --json" -- "$HH" verify --json "$REC"
expect_rc 0 "tally re-read" -- "$HH" election tally --record "$REC"

# Tampering: one digit of the decrypted tally.
cp -r "$REC" "$WORK/t1"
f=$(ls "$WORK"/t1/*.tally_decryption.json)
python3 - "$f" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["contests"][0]["options"][0]["t"] += 1
open(p, "w").write(json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
PY
expect_rc 1 "changed tally digit" -- "$HH" verify "$WORK/t1"
expect_out "FAIL" "a failing check is printed"

# Tampering: one hex digit of a decrypted contest data field D.
cp -r "$REC" "$WORK/t4"
f=$(ls "$WORK"/t4/*.contest_data_decryption.json)
python3 - "$f" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
s = d["items"][0]["data"]
d["items"][0]["data"] = s[:-1] + ("1" if s[-1] == "0" else "0")
open(p, "w").write(json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
PY
expect_rc 1 "changed contest data" -- "$HH" verify "$WORK/t4"
expect_out "V12 FAIL 12.C" "the contest data check names the item"

# Truncated ballot entry.
cp -r "$REC" "$WORK/t2"
f=$(ls "$WORK"/t2/*.ballot.3.json)
head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f"
expect_rc 3 "truncated ballot" -- "$HH" verify "$WORK/t2"
expect_rc 3 "tally of a truncated ballot" -- "$HH" election tally --record "$WORK/t2"

# Two entries swapped.
cp -r "$REC" "$WORK/t3"
a=$(ls "$WORK"/t3/*.ballot.1.json) b=$(ls "$WORK"/t3/*.ballot.2.json)
mv "$a" "$WORK/x" && mv "$b" "$a" && mv "$WORK/x" "$b"
"$HH" verify "$WORK/t3" >"$WORK/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ]; then PASSES=$((PASSES + 1)); else
  FAILS=$((FAILS + 1)); echo "FAIL: swapped entries: exit $rc"; fi

echo "$PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
