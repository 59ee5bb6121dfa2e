#!/usr/bin/env bash
# Load bench (label slow): a log and two witnesses on loopback, 1 KiB
# entries appended over HTTP from concurrent clients; reports durable
# appends/s and ack-to-cosigned-checkpoint latency, then checks the result.
# Usage: board_bench.sh HENHOUSE_BINARY GO_BUILD_DIR [COUNT] [CLIENTS]
GO_BUILD_DIR=$2
source "$(dirname "$0")/board_lib.sh" "$1"
setup_board
"$HH" log bench --url "$LOG_URL" --count "${3:-200000}" --clients "${4:-64}" --entry-size 1024 --seconds 60
"$HH" log verify --url "$LOG_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V"
echo "PASS board_bench"
