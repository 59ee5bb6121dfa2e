#!/usr/bin/env bash
# Crash test: kill -9 the log server at random moments during streams of
# appends, 20 times, restarting it each time; afterwards every acknowledged
# entry is at its acknowledged index, the tree verifies, and the Go client
# agrees.
# Usage: board_crash_test.sh HENHOUSE_BINARY GO_BUILD_DIR [KILLS]
GO_BUILD_DIR=$2
KILLS=${3:-20}
source "$(dirname "$0")/board_lib.sh" "$1"
setup_board

writer() {  # writer URL K: appends until killed; logs "INDEX BODY" per acknowledgement
  local url=$1 k=$2 j=0 idx body
  while true; do
    body="crash writer $k entry $j"
    if idx=$(append "$url" "$body" 2>/dev/null); then echo "$idx $body" >>"$WORK/acked.$k"; fi
    j=$((j + 1))
  done
}

for kill in $(seq 1 "$KILLS"); do
  WRITERS=()
  for k in 1 2 3 4; do
    writer "$LOG_URL" "$kill.$k" &
    WRITERS+=($!)
    PIDS+=($!)
  done
  # A bulk load on top, so that kills land mid-batch.
  "$HH" log bench --url "$LOG_URL" --count 1000000 --clients 16 --entry-size 200 --seconds 2 >/dev/null 2>&1 &
  WRITERS+=($!)
  PIDS+=($!)
  sleep "0.$((RANDOM % 6 + 2))"
  kill -9 "$LOG_PID"
  for p in "${WRITERS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${WRITERS[@]}"; do wait "$p" 2>/dev/null || true; done
  start_log "$WORK/D"
done
cat "$WORK"/acked.* >"$WORK/acked"
acked=$(wc -l <"$WORK/acked")
[ "$acked" -ge "$KILLS" ] || fail "only $acked appends acknowledged over $KILLS kills"
max=$(awk 'BEGIN {m = -1} {if ($1 > m) m = $1} END {print m}' "$WORK/acked")
echo "killed the log $KILLS times; $acked acknowledged writer appends (highest index $max)"

wait_size "$LOG_URL" $((max + 1)) 30
"$HH" log verify --url "$LOG_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V"
go_interop -dir "$WORK/D/public" -log-vkey "$LV" -witness-vkey "$W1V" -witness-vkey "$W2V" -expect "$WORK/acked"
# The restarted log keeps accepting and publishing.
idx=$(append "$LOG_URL" "after restart")
wait_size "$LOG_URL" $((idx + 1)) 20
echo "PASS board_crash"
