#!/usr/bin/env bash
# An independent Go client (golang.org/x/mod/sumdb/note and sumdb/tlog)
# checks what henhouse publishes: checkpoint, cosignatures, every tile, every
# entry's inclusion proof, a receipt and a consistency proof; henhouse's own
# verifier checks the same log over HTTP and from the directory.
# Usage: board_interop_test.sh HENHOUSE_BINARY GO_BUILD_DIR
GO_BUILD_DIR=$2
source "$(dirname "$0")/board_lib.sh" "$1"
setup_board

for i in $(seq 0 299); do
  [ "$(append "$LOG_URL" "entry $i")" = "$i" ] || fail "entry $i got the wrong index"
done
wait_size "$LOG_URL" 300
curl -sf "$LOG_URL/checkpoint" >"$WORK/early.checkpoint"
curl -sf "$LOG_URL/receipt/5" >"$WORK/r5.tlog-proof"
printf 'entry 5' >"$WORK/e5"

# Past a full level-1 tile (65,536 entries) and one object stored as a blob.
"$HH" log bench --url "$LOG_URL" --count 66000 --clients 64 --entry-size 48 --seconds 40
head -c 100000 /dev/urandom >"$WORK/big"
big_index=$(curl -sf -X POST -H "Content-Type: application/octet-stream" --data-binary @"$WORK/big" "$LOG_URL/add") || fail "large object rejected"
[ "$(find "$WORK/D/blobs" -type f | wc -l)" = 1 ] || fail "large object not stored as a blob"
wait_size "$LOG_URL" $((big_index + 1)) 30
[ ! -e "$WORK/D/public/log.key" ] && ! find "$WORK/D/public" -name '*.db*' -o -name '*.key' | grep -q . ||
  fail "secret or database under public/"

go_interop -dir "$WORK/D/public" -log-vkey "$LV" -witness-vkey "$W1V" -witness-vkey "$W2V" \
  -since "$WORK/early.checkpoint" -receipt "$WORK/r5.tlog-proof" -receipt-entry "$WORK/e5"
"$HH" log verify --url "$LOG_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V" \
  --since "$WORK/early.checkpoint"
"$HH" log verify --dir "$WORK/D" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V"
"$HH" log check-receipt "$WORK/r5.tlog-proof" --entry "$WORK/e5" --log-vkey "$LV" \
  --witness-vkey "$W1V" --witness-vkey "$W2V"

# Negative controls: the Go client and henhouse reject a receipt for
# another entry and a policy naming a witness that did not cosign.
printf 'entry 6' >"$WORK/e6"
if "$HH" log check-receipt "$WORK/r5.tlog-proof" --entry "$WORK/e6" --log-vkey "$LV" \
  --witness-vkey "$W1V" --witness-vkey "$W2V" 2>/dev/null; then fail "receipt accepted for another entry"; fi
if go_interop -dir "$WORK/D/public" -log-vkey "$LV" -witness-vkey "$W1V" -witness-vkey "$W2V" \
  -receipt "$WORK/r5.tlog-proof" -receipt-entry "$WORK/e6" 2>/dev/null; then fail "Go client accepted a wrong receipt"; fi
W3V=$("$HH" witness init --dir "$WORK/W3" --name w3.example.org)
if "$HH" log verify --dir "$WORK/D" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W3V" 2>/dev/null; then
  fail "checkpoint accepted without the policy's witnesses"
fi
echo "PASS board_interop"
