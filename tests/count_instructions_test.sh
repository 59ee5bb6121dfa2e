#!/bin/bash
# tools/count_instructions.cc counts exactly the instructions a call
# executes: a function of 100 NOPs and a RET, called through a loop, must
# give 101 per call, whether or not earlier calls are skipped; a program that
# ends before the calls asked for, or an offset outside the program, must
# fail with a message, not print a count. Skipped (77) where this system
# forbids ptrace.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -std=c++20 -Wall -Wextra -Werror tools/count_instructions.cc -o "$work/count_instructions"
cat >"$work/target.cc" <<'CC'
#include <cstdlib>
extern "C" void hundred_nops();
__asm__(".text\n.globl hundred_nops\n.type hundred_nops, @function\nhundred_nops:\n"
        ".rept 100\nnop\n.endr\nret\n.size hundred_nops, .-hundred_nops\n");
int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 5;
  for (int i = 0; i < n; ++i) hundred_nops();
}
CC
g++ -O1 "$work/target.cc" -o "$work/target"
offset=$(nm "$work/target" | awk '$3 == "hundred_nops" { print $1 }')
fail() { echo "count_instructions_test: $*" >&2; exit 1; }

set +e
"$work/count_instructions" "$offset" 0 1 "$work/h" -- "$work/target" 5 >"$work/out" 2>"$work/err"
rc=$?
set -e
if [ $rc -ne 0 ] && grep -q "cannot start\|Operation not permitted" "$work/err"; then
  echo "ptrace not permitted here: skipped"; exit 77
fi
[ $rc -eq 0 ] || fail "first call: exit $rc: $(cat "$work/err")"
grep -qx "call 1: 101 instructions" "$work/out" || fail "first call: $(cat "$work/out")"
grep -qx "outside 0" "$work/h" || fail "histogram: $(tail -1 "$work/h")"

"$work/count_instructions" "$offset" 2 2 "$work/h" -- "$work/target" 5 >"$work/out"
[ "$(grep -c "^call [34]: 101 instructions$" "$work/out")" -eq 2 ] || fail "skipped calls: $(cat "$work/out")"
[ "$(awk '{ s += $2 } END { print s }' "$work/h")" -eq 202 ] || fail "histogram total: $(cat "$work/h")"

if "$work/count_instructions" "$offset" 3 5 "$work/h" -- "$work/target" 5 >"$work/out" 2>"$work/err"; then
  fail "a program with too few calls gave a result"
fi
grep -q "ended after 2 of 5 measured calls" "$work/err" || fail "too few calls: $(cat "$work/err")"

if "$work/count_instructions" 7fffffff0 0 1 "$work/h" -- "$work/target" 5 >"$work/out" 2>"$work/err"; then
  fail "an offset outside the program gave a result"
fi
grep -q "cannot read the traced program" "$work/err" || fail "bad offset: $(cat "$work/err")"
if "$work/count_instructions" "$offset" 0 1 "$work/h" >/dev/null 2>"$work/err"; then
  fail "a missing program gave a result"
fi
grep -q "usage:" "$work/err" || fail "usage: $(cat "$work/err")"
# Bad arguments are named, before anything runs.
expect_error() {  # expect_error MESSAGE ARGS...: exit 2 with MESSAGE, no count
  local message=$1; shift
  set +e
  "$work/count_instructions" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [ $rc -eq 2 ] || fail "$* exited $rc, expected 2"
  grep -qF "$message" "$work/err" || fail "$*: $(cat "$work/err")"
  ! grep -q "^call" "$work/out" || fail "$* printed a count"
}
expect_error 'OFFSET: expected a hexadecimal offset, got "zz"' zz 0 1 "$work/h" -- "$work/target" 5
expect_error 'SKIP: expected a count, got "x"' "$offset" x 1 "$work/h" -- "$work/target" 5
expect_error 'CALLS: expected a count, got "-1"' "$offset" 0 -1 "$work/h" -- "$work/target" 5
expect_error 'CALLS: expected at least 1 call' "$offset" 0 0 "$work/h" -- "$work/target" 5
expect_error "cannot write the histogram to $work/no/h" "$offset" 0 1 "$work/no/h" -- "$work/target" 5

# A traced program killed during a measured call: reported, no count.
cat >"$work/killed.cc" <<'CC'
#include <csignal>
extern "C" void dies() { raise(SIGKILL); }
int main() { dies(); }
CC
g++ -O1 "$work/killed.cc" -o "$work/killed"
dies=$(nm "$work/killed" | awk '$3 == "dies" { print $1 }')
expect_error "ended after 0 of 1 measured calls (1 calls seen)" "$dies" 0 1 "$work/h" -- "$work/killed"
echo "count_instructions: exact counts, and failures reported"
