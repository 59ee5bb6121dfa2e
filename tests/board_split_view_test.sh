#!/usr/bin/env bash
# Split view: the operator runs a second copy of the log with the same key
# and different entries (a fork). Honest witnesses refuse to cosign any tree
# of the fork (same size: 409; larger: 422), so the fork publishes nothing,
# a client with the default policy accepts nothing from it, and the honest
# log keeps being cosigned. (The same-size case with a hand-signed fork and
# the client's rejection of it is also in src/board/board_test.cc.)
# Usage: board_split_view_test.sh HENHOUSE_BINARY GO_BUILD_DIR
GO_BUILD_DIR=$2
source "$(dirname "$0")/board_lib.sh" "$1"
setup_board
HONEST_URL=$LOG_URL
for i in $(seq 0 19); do append "$HONEST_URL" "honest $i" >/dev/null; done
wait_size "$HONEST_URL" 20
curl -sf "$HONEST_URL/checkpoint" >"$WORK/honest.checkpoint"

# The fork: same key, different entries.
mkdir -p "$WORK/F"
cp "$WORK/D/log.key" "$WORK/D/log.vkey" "$WORK/F/"
start_log "$WORK/F"
FORK_URL=$LOG_URL
for i in $(seq 0 19); do append "$FORK_URL" "forked $i" >/dev/null; done
sleep 1
[ "$(checkpoint_size "$FORK_URL")" = 0 ] || fail "the fork published a checkpoint of the same size"
for i in $(seq 20 29); do append "$FORK_URL" "forked $i" >/dev/null; done
sleep 1
[ "$(checkpoint_size "$FORK_URL")" = 0 ] || fail "the fork published a larger checkpoint"
[ ! -e "$WORK/F/public/checkpoint" ] || fail "the fork wrote public/checkpoint"
if "$HH" log verify --dir "$WORK/F" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V" 2>/dev/null; then
  fail "a client accepted the fork"
fi

# The fork's tiles hold a tree of the same key that a log-signature-only
# client could be shown; with the default policy it needs both cosignatures,
# which the witnesses gave only to the honest tree.
"$HH" log verify --url "$HONEST_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V"
for i in $(seq 20 24); do append "$HONEST_URL" "honest $i" >/dev/null; done
wait_size "$HONEST_URL" 25
"$HH" log verify --url "$HONEST_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V" \
  --since "$WORK/honest.checkpoint"
echo "PASS board_split_view"
