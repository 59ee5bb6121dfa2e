# Shared helpers for the bulletin-board CLI tests (sourced, not run).
# Usage in a test: source board_lib.sh "$HENHOUSE_BINARY"
set -euo pipefail
HH=$1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/henhouse-board-test.XXXXXX")
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# start_server NAME CMD... : runs a server that binds port 0 and prints
# "listening on HOST:PORT"; sets ${NAME}_PID and ${NAME}_ADDR.
start_server() {
  local name=$1
  shift
  : >"$WORK/$name.out"
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  local pid=$!
  PIDS+=("$pid")
  eval "${name}_PID=$pid"
  local addr=""
  for _ in $(seq 1 200); do
    addr=$(awk '/listening on/ {print $3}' "$WORK/$name.out")
    [ -n "$addr" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$addr" ] || { cat "$WORK/$name.err" >&2; fail "$name did not start"; }
  eval "${name}_ADDR=$addr"
}

# checkpoint_size URL: the size of the published checkpoint (0 if none).
checkpoint_size() {
  local s
  s=$(curl -sf "$1/checkpoint" | sed -n 2p) || true
  echo "${s:-0}"
}

# wait_size URL N [SECONDS]: waits until a checkpoint of size >= N is published.
wait_size() {
  local deadline=$((SECONDS + ${3:-20}))
  while [ "$(checkpoint_size "$1")" -lt "$2" ]; do
    [ $SECONDS -lt $deadline ] || fail "no checkpoint of size $2 at $1 (have $(checkpoint_size "$1"))"
    sleep 0.05
  done
}

# setup_board: a log in $WORK/D with two witnesses; sets LV, W1V, W2V,
# LOG_URL and W1_URL, W2_URL.
setup_board() {
  LV=$("$HH" log init --dir "$WORK/D" --origin example.org/board-test)
  W1V=$("$HH" witness init --dir "$WORK/W1" --name w1.example.org)
  W2V=$("$HH" witness init --dir "$WORK/W2" --name w2.example.org)
  start_server W1 "$HH" witness serve --dir "$WORK/W1" --listen 127.0.0.1:0 --log "example.org/board-test=$LV"
  start_server W2 "$HH" witness serve --dir "$WORK/W2" --listen 127.0.0.1:0 --log "example.org/board-test=$LV"
  W1_URL=http://$W1_ADDR
  W2_URL=http://$W2_ADDR
  start_log "$WORK/D"
}

# start_log DIR: (re)starts a log server on DIR with both witnesses; sets LOG_URL.
start_log() {
  start_server LOG "$HH" log serve --dir "$1" --listen 127.0.0.1:0 --interval-ms 50 \
    --witness "$W1_URL=$W1V" --witness "$W2_URL=$W2V"
  LOG_URL=http://$LOG_ADDR
}

# append URL BODY: prints the index the log acknowledged.
append() {
  curl -sf -X POST -H "Content-Type: application/octet-stream" --data-binary "$2" "$1/add"
}

# go_interop ARGS...: builds (offline) and runs the Go client.
go_interop() {
  mkdir -p "$GO_BUILD_DIR/cache"
  local gobuild
  gobuild=$(cd "$GO_BUILD_DIR" && pwd)
  (cd "$(dirname "${BASH_SOURCE[0]}")/interop" &&
    GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOCACHE="$gobuild/cache" \
      go build -o "$gobuild/interop" .) || fail "go build of tests/interop failed"
  "$gobuild/interop" "$@"
}
