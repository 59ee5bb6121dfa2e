#!/usr/bin/env bash
# Bad requests to each endpoint get the spec's status codes and change
# nothing stored: afterwards the log still appends at the next index and the
# witnesses still cosign.
# Usage: board_bad_request_test.sh HENHOUSE_BINARY GO_BUILD_DIR
source "$(dirname "$0")/board_lib.sh" "$1"
setup_board
for i in $(seq 0 9); do append "$LOG_URL" "entry $i" >/dev/null; done
wait_size "$LOG_URL" 10

code() {  # code METHOD URL [curl args...]: prints the HTTP status
  local m=$1 u=$2
  shift 2
  curl -s -o "$WORK/body" -w '%{http_code}' -X "$m" --path-as-is "$@" "$u"
}
expect() {  # expect WANT GOT WHAT
  [ "$1" = "$2" ] || fail "$3: got HTTP $2, want $1 ($(head -c 200 "$WORK/body"))"
}
OCT=(-H "Content-Type: application/octet-stream")

# Log: POST /add
expect 400 "$(code POST "$LOG_URL/add" "${OCT[@]}" --data-binary '')" "empty entry"
head -c $((64 * 1024 * 1024 + 1)) /dev/zero >"$WORK/huge"
expect 413 "$(code POST "$LOG_URL/add" "${OCT[@]}" --data-binary @"$WORK/huge")" "oversized entry"
# Log: HTTP framing and routing (our own server's answers)
expect 405 "$(code GET "$LOG_URL/add")" "GET /add"
expect 405 "$(code POST "$LOG_URL/checkpoint" --data-binary x)" "POST /checkpoint"
expect 404 "$(code GET "$LOG_URL/nothing/here")" "unknown path"
expect 501 "$(code POST "$LOG_URL/add" -H "Transfer-Encoding: chunked" --data-binary x)" "chunked body"
expect 431 "$(code GET "$LOG_URL/checkpoint" -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)")" "huge header"
raw() {  # raw BYTES: sends them on a bare connection, prints the status code
  local host=${LOG_ADDR%:*} port=${LOG_ADDR##*:}
  exec 3<>"/dev/tcp/$host/$port"
  printf '%b' "$1" >&3
  timeout 5 head -c 12 <&3 | cut -c10-12
  exec 3<&-
}
[ "$(raw 'NOT HTTP AT ALL\r\n\r\n')" = 400 ] || fail "malformed request line not answered 400"
[ "$(raw 'GET /checkpoint HTTP/1.1\r\n\r\n')" = 400 ] || fail "request without Host not answered 400"
[ "$(raw 'GET /checkpoint HTTP/2.0\r\nHost: x\r\n\r\n')" = 505 ] || fail "HTTP/2.0 request line not answered 505"

# Log: GET tiles, receipts
expect 400 "$(code GET "$LOG_URL/tile/0/../../log.key")" "path traversal"
expect 400 "$(code GET "$LOG_URL/tile/0/x000/001")" "non-canonical tile path"
expect 404 "$(code GET "$LOG_URL/tile/3/000")" "absent tile"
expect 400 "$(code GET "$LOG_URL/receipt/abc")" "non-numeric receipt index"
expect 400 "$(code GET "$LOG_URL/receipt/-1")" "negative receipt index"
expect 400 "$(code GET "$LOG_URL/receipt/007")" "receipt index with leading zeros"
expect 404 "$(code GET "$LOG_URL/receipt/10")" "entry not yet published"
expect 200 "$(code GET "$LOG_URL/receipt/9")" "receipt"

# Witness: POST /add-checkpoint
curl -sf "$LOG_URL/checkpoint" >"$WORK/cp"
size=$(sed -n 2p "$WORK/cp")
expect 400 "$(code POST "$W1_URL/add-checkpoint" --data-binary 'garbage')" "garbage body"
{ printf 'old %s\n\n' $((size + 1)); cat "$WORK/cp"; } >"$WORK/req"
expect 400 "$(code POST "$W1_URL/add-checkpoint" --data-binary @"$WORK/req")" "old size above checkpoint size"
{ printf 'old 0\n\n'; cat "$WORK/cp"; } >"$WORK/req"
expect 409 "$(code POST "$W1_URL/add-checkpoint" --data-binary @"$WORK/req")" "replayed request with a stale old size"
[ "$(cat "$WORK/body")" = "$size" ] || fail "409 body is not the stored size"
ctype=$(curl -s -o /dev/null -w '%{content_type}' -X POST --data-binary @"$WORK/req" "$W1_URL/add-checkpoint")
[ "$ctype" = "text/x.tlog.size" ] || fail "409 content type is $ctype"
# Wrong signature: flip one base64 character of the log's signature.
sig=$(sed -n 5p "$WORK/cp")
flip=A
[ "${sig: -3:1}" = A ] && flip=B
{ printf 'old %s\n\n' "$size"; sed -n 1,4p "$WORK/cp"; echo "${sig:0:${#sig}-3}$flip${sig: -2}"; sed -n '6,$p' "$WORK/cp"; } >"$WORK/req"
cmp -s <(tail -n +3 "$WORK/req") "$WORK/cp" && fail "signature was not changed"
expect 403 "$(code POST "$W1_URL/add-checkpoint" --data-binary @"$WORK/req")" "wrong log signature"
# Unknown origin: a witness configured for another log.
OTHER=$("$HH" log init --dir "$WORK/O" --origin example.org/other)
W3V=$("$HH" witness init --dir "$WORK/W3" --name w3.example.org)
start_server W3 "$HH" witness serve --dir "$WORK/W3" --listen 127.0.0.1:0 --log "example.org/other=$OTHER"
{ printf 'old 0\n\n'; cat "$WORK/cp"; } >"$WORK/req"
expect 404 "$(code POST "http://$W3_ADDR/add-checkpoint" --data-binary @"$WORK/req")" "unknown origin"

# Nothing changed: the next entry gets index 10 and is cosigned by both.
[ "$(append "$LOG_URL" "entry 10")" = 10 ] || fail "index moved after bad requests"
wait_size "$LOG_URL" 11
"$HH" log verify --url "$LOG_URL" --log-vkey "$LV" --witness-vkey "$W1V" --witness-vkey "$W2V"
echo "PASS board_bad_request"
