#!/usr/bin/env bash
# Crash test: kill -9 the log server during a burst of appends; after a
# restart every acknowledged entry is at its acknowledged index, the tree
# verifies, and the Go client agrees.
# Usage: board_crash_test.sh HENHOUSE_BINARY GO_BUILD_DIR
GO_BUILD_DIR=$2
source "$(dirname "$0")/board_lib.sh" "$1"
setup_board

writer() {  # appends until killed; logs "INDEX BODY" for each acknowledgement
  local k=$1 j=0 idx body
  while true; do
    body="crash writer $k entry $j"
    if idx=$(append "$LOG_URL" "$body" 2>/dev/null); then echo "$idx $body" >>"$WORK/acked.$k"; fi
    j=$((j + 1))
  done
}
WRITERS=()
for k in $(seq 1 8); do
  writer "$k" &
  WRITERS+=($!)
  PIDS+=($!)
done
# A bulk load on top, so the kill lands mid-batch.
"$HH" log bench --url "$LOG_URL" --count 1000000 --clients 16 --entry-size 200 --seconds 3 >/dev/null 2>&1 &
BENCH=$!
PIDS+=($BENCH)
sleep 2
kill -9 "$LOG_PID"
sleep 0.3
for p in "${WRITERS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
for p in "${WRITERS[@]}" "$BENCH"; do wait "$p" 2>/dev/null || true; done
cat "$WORK"/acked.* >"$WORK/acked"
acked=$(wc -l <"$WORK/acked")
[ "$acked" -gt 50 ] || fail "only $acked appends acknowledged before the kill"
max=$(awk 'BEGIN {m = -1} {if ($1 > m) m = $1} END {print m}' "$WORK/acked")
echo "killed the log after $acked acknowledged writer appends (highest index $max)"

start_log "$WORK/D"
wait_size "$LOG_URL" $((max + 1)) 30
"$HH" log verify --url "$LOG_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V"
go_interop -dir "$WORK/D/public" -log-vkey "$LV" -witness-vkey "$W1V" -witness-vkey "$W2V" -expect "$WORK/acked"
# The restarted log keeps accepting and publishing.
idx=$(append "$LOG_URL" "after restart")
wait_size "$LOG_URL" $((idx + 1)) 20
echo "PASS board_crash"
