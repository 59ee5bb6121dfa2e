// Command interop is an independent client for a henhouse log: it checks
// the checkpoint, the witness cosignatures, every tile, every entry's
// inclusion proof, a receipt and a consistency proof using only Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog packages, reading the log's
// static C2SP layout from a directory.
//
// It builds offline in GOPATH mode against Debian's golang-golang-x-mod-dev
// (see go_interop in tests/board_lib.sh):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOCACHE=$PWD/cache go build .
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// cosigVerifier verifies C2SP tlog-cosignature/v1 signatures (type 0x04),
// which the note package does not know.
type cosigVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v *cosigVerifier) Name() string    { return v.name }
func (v *cosigVerifier) KeyHash() uint32 { return v.hash }
func (v *cosigVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 72 {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	m := fmt.Sprintf("cosignature/v1\ntime %d\n", t) + string(msg)
	return ed25519.Verify(v.key, []byte(m), sig[8:])
}

func newCosigVerifier(vkey string) (*cosigVerifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("bad witness vkey %q", vkey)
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 33 || raw[0] != 0x04 {
		return nil, fmt.Errorf("witness vkey %q: want type 0x04 and 32 bytes", vkey)
	}
	h := sha256.Sum256(append([]byte(parts[0]+"\n"), raw...))
	id := binary.BigEndian.Uint32(h[:4])
	if fmt.Sprintf("%08x", id) != parts[1] {
		return nil, fmt.Errorf("witness vkey %q: key ID mismatch", vkey)
	}
	return &cosigVerifier{parts[0], id, ed25519.PublicKey(raw[1:])}, nil
}

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

func parseCheckpoint(text string) (checkpoint, error) {
	lines := strings.Split(text, "\n")
	if len(lines) < 4 {
		return checkpoint{}, fmt.Errorf("checkpoint too short")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return checkpoint{}, err
	}
	h, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, err
	}
	return checkpoint{lines[0], tlog.Tree{N: n, Hash: h}}, nil
}

// dirTiles serves tiles from the C2SP layout: Go names tiles
// "tile/8/L/N[.p/W]" and entry data "tile/8/data/N"; C2SP drops the height
// and calls data tiles "entries".
type dirTiles struct {
	dir   string
	cache map[string][]byte
}

func c2spPath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), "tile/8/")
	p = strings.Replace(p, "data/", "entries/", 1)
	return "tile/" + p
}

func (d dirTiles) Height() int { return 8 }
func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := c2spPath(t)
		if b, ok := d.cache[p]; ok {
			out[i] = b
			continue
		}
		b, err := os.ReadFile(filepath.Join(d.dir, p))
		if err != nil {
			return nil, err
		}
		d.cache[p] = b
		out[i] = b
	}
	return out, nil
}
func (d dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "interop: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	dir := flag.String("dir", "", "the log's public/ directory")
	logVkey := flag.String("log-vkey", "", "log verifier key")
	since := flag.String("since", "", "earlier checkpoint file")
	receipt := flag.String("receipt", "", "a tlog-proof receipt file")
	receiptEntry := flag.String("receipt-entry", "", "the entry the receipt is for")
	expect := flag.String("expect", "", "file of \"INDEX ENTRY\" lines that must be in the log")
	var wkeys multi
	flag.Var(&wkeys, "witness-vkey", "witness verifier key (all must cosign)")
	flag.Parse()

	logV, err := note.NewVerifier(*logVkey)
	if err != nil {
		fail("log vkey: %v", err)
	}
	verifiers := []note.Verifier{logV}
	for _, w := range wkeys {
		v, err := newCosigVerifier(w)
		if err != nil {
			fail("%v", err)
		}
		verifiers = append(verifiers, v)
	}
	raw, err := os.ReadFile(filepath.Join(*dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(raw, note.VerifierList(verifiers...))
	if err != nil {
		fail("checkpoint note: %v", err)
	}
	signed := map[string]bool{}
	for _, s := range n.Sigs {
		signed[s.Name] = true
	}
	for _, v := range verifiers {
		if !signed[v.Name()] {
			fail("checkpoint lacks a valid signature by %s", v.Name())
		}
	}
	cp, err := parseCheckpoint(n.Text)
	if err != nil {
		fail("checkpoint text: %v", err)
	}
	if cp.origin != logV.Name() {
		fail("origin %q is not the log key's name", cp.origin)
	}
	hr := tlog.TileHashReader(cp.tree, dirTiles{*dir, map[string][]byte{}})
	root, err := tlog.TreeHash(cp.tree.N, hr)
	if err != nil || root != cp.tree.Hash {
		fail("tree hash from tiles: %v (got %v want %v)", err, root, cp.tree.Hash)
	}
	checked, entries := checkEntries(*dir, cp.tree, hr)
	if *expect != "" {
		checkExpected(*expect, entries)
	}
	if *receipt != "" {
		checkReceipt(*receipt, *receiptEntry, cp.tree)
	}
	if *since != "" {
		checkConsistency(*since, verifiers[0], cp.tree, hr)
	}
	fmt.Printf("interop: ok: %s size %d, %d cosignatures, %d entries hashed, sampled inclusion proofs\n",
		cp.origin, cp.tree.N, len(n.Sigs)-1, checked)
}

// checkEntries reads every entry bundle and checks each entry's inclusion
// proof against the checkpoint.
func checkEntries(dir string, tree tlog.Tree, hr tlog.HashReader) (int, [][]byte) {
	count := 0
	var all [][]byte
	for start := int64(0); start < tree.N; start += 256 {
		w := tree.N - start
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: -1, N: start / 256, W: int(w)}
		b, err := os.ReadFile(filepath.Join(dir, c2spPath(t)))
		if err != nil {
			fail("entry bundle: %v", err)
		}
		leafTile, err := tlog.ReadTileData(tlog.Tile{H: 8, L: 0, N: start / 256, W: int(w)}, hr)
		if err != nil || int64(len(leafTile)) != 32*w {
			fail("level-0 tile for %d: %v", start, err)
		}
		for i := int64(0); i < w; i++ {
			if len(b) < 2 {
				fail("entry bundle %s truncated", c2spPath(t))
			}
			l := int(binary.BigEndian.Uint16(b))
			if len(b) < 2+l {
				fail("entry bundle %s truncated", c2spPath(t))
			}
			entry := b[2 : 2+l]
			b = b[2+l:]
			idx := start + i
			all = append(all, entry)
			// Every entry's hash must be the one in its level-0 tile (read
			// through the verifying hash reader); a sample also gets a full
			// inclusion proof.
			rh := tlog.RecordHash(entry)
			if !bytes.Equal(leafTile[i*32:(i+1)*32], rh[:]) {
				fail("entry %d does not hash to its level-0 tile entry", idx)
			}
			count++
			if idx >= 1024 && idx%101 != 0 && idx < tree.N-300 {
				continue
			}
			p, err := tlog.ProveRecord(tree.N, idx, hr)
			if err != nil {
				fail("prove %d: %v", idx, err)
			}
			if err := tlog.CheckRecord(p, tree.N, tree.Hash, idx, tlog.RecordHash(entry)); err != nil {
				fail("inclusion of %d: %v", idx, err)
			}
		}
		if len(b) != 0 {
			fail("entry bundle %s has trailing bytes", c2spPath(t))
		}
	}
	return count, all
}

// checkExpected checks that every acknowledged entry is at its index.
func checkExpected(file string, entries [][]byte) {
	raw, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if line == "" {
			continue
		}
		sp := strings.IndexByte(line, ' ')
		idx, err := strconv.Atoi(line[:sp])
		if err != nil || idx >= len(entries) {
			fail("acknowledged entry %q is missing from the log", line)
		}
		if string(entries[idx]) != line[sp+1:] {
			fail("entry %d is %q, acknowledged as %q", idx, entries[idx], line[sp+1:])
		}
		n++
	}
	fmt.Printf("interop: all %d acknowledged entries present\n", n)
}

// checkReceipt verifies the inclusion proof carried by a henhouse receipt
// with Go's CheckRecord.
func checkReceipt(file, entryFile string, tree tlog.Tree) {
	raw, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	entry, err := os.ReadFile(entryFile)
	if err != nil {
		fail("%v", err)
	}
	parts := bytes.SplitN(raw, []byte("\n\n"), 2)
	lines := strings.Split(string(parts[0]), "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
		fail("receipt header")
	}
	idx, _ := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
	var proof tlog.RecordProof
	for _, l := range lines[2:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			fail("receipt hash: %v", err)
		}
		proof = append(proof, h)
	}
	rcp, err := parseCheckpoint(strings.SplitN(string(parts[1]), "\n\n", 2)[0] + "\n")
	if err != nil {
		fail("receipt checkpoint: %v", err)
	}
	if err := tlog.CheckRecord(proof, rcp.tree.N, rcp.tree.Hash, idx, tlog.RecordHash(entry)); err != nil {
		fail("receipt inclusion proof: %v", err)
	}
}

// checkConsistency verifies, with Go's CheckTree, that the earlier
// checkpoint is a prefix of the current tree.
func checkConsistency(file string, logV note.Verifier, tree tlog.Tree, hr tlog.HashReader) {
	raw, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(raw, note.VerifierList(logV))
	if err != nil {
		fail("earlier checkpoint: %v", err)
	}
	old, err := parseCheckpoint(n.Text)
	if err != nil {
		fail("earlier checkpoint: %v", err)
	}
	p, err := tlog.ProveTree(tree.N, old.tree.N, hr)
	if err != nil {
		fail("prove tree: %v", err)
	}
	if err := tlog.CheckTree(p, tree.N, tree.Hash, old.tree.N, old.tree.Hash); err != nil {
		fail("consistency %d -> %d: %v", old.tree.N, tree.N, err)
	}
}
