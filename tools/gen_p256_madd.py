#!/usr/bin/env python3
"""Generates src/math/p256_madd_x86_64.cc: the mixed additions of the
constant-time comb (AddLanes in src/math/p256_ct.cc) in x86-64 assembly,
two lanes at a time.

Why: one field multiplication is about 125 instructions whose carry chains
wait on each other, more than the processor's schedulers hold, so two
multiplications issued one after the other overlap little. Here every field
multiplication is computed for two lanes (two independent additions) with
their rounds alternated: round 0 of lane A, round 0 of lane B, round 1 of
lane A, ... so the schedulers always hold work of both.

Layout (paired_calls_function): the two-lane product is one subroutine that
every multiplication of the addition calls, and the squaring another, so the
code is about 6 KB with the row scans below. The same computation written
out once per step (`--variant inline`, the library's layout before commit
075522f, now with the current order of the slots) is 22 KB; it was as fast
on a quiet host, and in most runs slower when the host is busy: measured by
tools/madd_load.sh (docs/performance.md).

Registers (as the inline code has them): the base pointer of the pair (%rdi), RDX (MULX's implicit
operand, also a temporary), two temporaries (%rax, %rcx) and eleven for the
accumulators: a lane's accumulator is five words between its rounds and six
during one, so lane A's six and lane B's five fit.

Each field multiplication is a·b·2^-256 mod p (Montgomery, R = 2^256) in four
rounds: add a·b_i to the accumulator (MULX with the ADCX and ADOX carry
chains), then m·p for m = its low word, which for P-256 is m·2^96 plus
m·(2^64 − 2^32 + 1)·2^192 minus m (the low word, which becomes zero): two
shifts and a subtraction, no multiplication. The result (< 2p) loses p once
if that leaves it non-negative, chosen by CMOV. A squaring (the six cross
products once, doubled, plus the four squares, then the same rounds) holds
eight words at once, so the two lanes' squarings run one after the other
(measured: faster than squaring as a multiplication of a by a with the
rounds alternated). A subtraction adds p back, masked by its borrow.
The library's functions also run the comb's next row scans, woven in
before the products' calls (scan_subroutines; the _scan functions, whose
two-argument forms run none).
No branches or addresses depend on the data: the branches are the loop
over pairs, whose count is the number of lanes, and the scans' position in
their rows and list of jobs.

Usage: gen_p256_madd.py            print the file
       gen_p256_madd.py --check F  exit 1 unless F is what this prints
       gen_p256_madd.py --variant V
                                   print a variant for tools/madd_load.sh:
                                   inline (the library's computation
                                   written out per step), sequential (the
                                   same, lane B's product after lane A's)
                                   or single-lane (single_lane_function)
"""
import sys

# Field slots of one lane, 32 bytes each, in the order of MaddLane's fields
# (src/math/p256_madd.h). The two operands of every multiplication of STEPS
# and STEPS_AFFINE sit in adjacent slots (EX·Z1Z1, Z1Z1·EY, S2·Z, Z·H, H·H2,
# H2·X, Y·H3, RR·T), so the product subroutine finds the second operand one
# slot after the first, at a constant offset (paired_subroutines). NX, NY
# and NSIGN hold the next window's entry as the woven row scans leave it
# (x, y and a sign mask in NSIGN's first word; scan_subroutines), which the
# function copies to EX and EY, negated by the mask, once the addition is
# done (entry_copy).
SLOTS = ["S2", "Z", "H", "H2", "X", "Y", "H3", "EX", "Z1Z1", "EY", "RR", "T", "U2", "V",
         "NX", "NY", "NSIGN"]
LANE = 32 * len(SLOTS)
PAIR = 2 * LANE
POOL = ["%rbx", "%rsi", "%rbp", "%r8", "%r9", "%r10", "%r11", "%r12", "%r13", "%r14", "%r15"]
LO, HI = "%rax", "%rcx"
D32 = {"%rax": "%eax", "%rbx": "%ebx", "%rcx": "%ecx", "%rdx": "%edx", "%rsi": "%esi",
       "%rbp": "%ebp"}


def d32(r):
    return D32.get(r, r + "d")


def slot(lane, name, word):
    return f"{lane * LANE + 32 * SLOTS.index(name) + 8 * word}(%rdi)"


class Pool:
    def __init__(self):
        self.free = list(POOL)

    def get(self):
        return self.free.pop(0)

    def put(self, r):
        self.free.append(r)


def reduce_once(e, w, carry, t):
    """w = w − p unless that borrows, for the 257-bit value carry:w < 2p (the
    carry word is then spent): the difference in the four temporaries t,
    kept by CMOV."""
    for k in range(4):
        e(f"movq {w[k]}, {t[k]}")
    e(f"subq $-1, {t[0]}")
    e(f"sbbq henhouse_p256_madd_p1(%rip), {t[1]}")
    e(f"sbbq $0, {t[2]}")
    e(f"sbbq henhouse_p256_madd_p3(%rip), {t[3]}")
    e(f"sbbq $0, {carry}")
    for k in range(4):
        e(f"cmovncq {t[k]}, {w[k]}")


def add_masked_p(e, w, m, m1, m3):
    """w += p & m for a mask m (0 or all ones), carry out in CF: p's words
    are 2^64 − 1, 2^32 − 1, 0 and p3, so the masked words are m, m shifted
    right by 32, 0 and m & p3 (m1 and m3 are temporaries)."""
    e(f"movq {m}, {m1}")
    e(f"shrq $32, {m1}")
    e(f"movq {m}, {m3}")
    e(f"andq henhouse_p256_madd_p3(%rip), {m3}")
    e(f"addq {m}, {w[0]}")
    e(f"adcq {m1}, {w[1]}")
    e(f"adcq $0, {w[2]}")
    e(f"adcq {m3}, {w[3]}")


def sub_mod(e, w, src, m, m1, m3):
    """w = w − src mod p for w, src < p (src: four memory operands or
    registers): the borrow becomes a mask, and p & mask is added back."""
    e(f"subq {src[0]}, {w[0]}")
    for k in (1, 2, 3):
        e(f"sbbq {src[k]}, {w[k]}")
    e(f"sbbq {m}, {m}")
    add_masked_p(e, w, m, m1, m3)


def product_rounds(e, pool, A, B):
    """a·b·2^-256 mod p for the operand words A and B (memory operands):
    yields after each of the four rounds, so that two lanes can alternate,
    and returns, after the final subtraction, the five registers w whose
    first four hold the result and a temporary (all taken from pool; the
    caller gives them back). RDX, %rax and %rcx are free afterwards."""
    w = [pool.get() for _ in range(5)]
    e(f"movq {B[0]}, %rdx")
    e(f"mulxq {A[0]}, {w[0]}, {w[1]}")
    for j in (1, 2, 3):
        e(f"mulxq {A[j]}, {LO}, {w[j + 1]}")
        e(f"{'addq' if j == 1 else 'adcq'} {LO}, {w[j]}")
    e(f"adcq $0, {w[4]}")
    w.append(pool.get())
    e(f"movl $0, {d32(w[5])}")

    def reduce():
        # w[0..5] += m·p for m = w[0]; then w[0] is zero and is dropped.
        m = w[0]
        e(f"movq {m}, %rdx")
        e("shlq $32, %rdx")  # m·2^32 mod 2^64
        e(f"movq {m}, {LO}")
        e(f"movq {m}, {HI}")
        e(f"shrq $32, {m}")  # ⌊m / 2^32⌋
        e(f"subq %rdx, {LO}")  # HI:LO = m·(2^64 − 2^32 + 1)
        e(f"sbbq {m}, {HI}")
        e(f"addq %rdx, {w[1]}")
        e(f"adcq {m}, {w[2]}")
        e(f"adcq {LO}, {w[3]}")
        e(f"adcq {HI}, {w[4]}")
        e(f"adcq $0, {w[5]}")
        pool.put(m)
        del w[0]

    reduce()
    yield
    for i in (1, 2, 3):
        e(f"movq {B[i]}, %rdx")
        w.append(pool.get())
        e(f"xorl {d32(w[5])}, {d32(w[5])}")  # also clears CF and OF
        for j in range(4):
            e(f"mulxq {A[j]}, {LO}, {HI}")
            e(f"adcxq {LO}, {w[j]}")
            e(f"adoxq {HI}, {w[j + 1]}")
        e(f"adoxq {w[5]}, {w[5]}")  # w[5] was 0: it takes OF
        e(f"adcq $0, {w[4]}")
        e(f"adcq $0, {w[5]}")
        reduce()
        yield
    # w[0..3] and the carry word w[4]: subtract p, keep the difference unless
    # it borrowed.
    t3 = pool.get()
    reduce_once(e, w, w[4], [LO, HI, "%rdx", t3])
    return w, t3


def mul_rounds(e, pool, lane, r, a, b, minus=None):
    """Yields after each of the four rounds and after the final subtraction
    (which stores the result in slot r), so that two lanes can alternate.
    With minus, the stored result is a·b − minus (a slot) mod p."""
    A = [slot(lane, a, j) for j in range(4)]
    B = [slot(lane, b, j) for j in range(4)]
    w, t3 = yield from product_rounds(e, pool, A, B)
    store_product(e, w, lambda name, k: slot(lane, name, k), r, minus)
    pool.put(t3)
    for x in w:
        pool.put(x)
    yield


def store_product(e, w, op, r, minus):
    """Stores the product in w[0..3] (from `product_rounds`) in slot r, or
    the product minus slot `minus`; op(name, k) is the memory operand of
    word k of a slot."""
    if minus is not None:
        sub_mod(e, w, [op(minus, k) for k in range(4)], LO, HI, "%rdx")
    for k in range(4):
        e(f"movq {w[k]}, {op(r, k)}")


def mul2(e, r, a, b, minus=None, alternate=True):
    pool = Pool()
    lanes = [mul_rounds(e, pool, 0, r, a, b, minus), mul_rounds(e, pool, 1, r, a, b, minus)]
    if not alternate:  # the "sequential" variant: lane A's product, then lane B's
        for g in lanes:
            for _ in g:
                pass
        return
    while lanes:
        for g in list(lanes):
            try:
                next(g)
            except StopIteration:
                lanes.remove(g)


def square(e, A):
    """a²·2^-256 mod p for the operand words A: the six cross products
    a_i·a_j (i < j) once, doubled, plus the four squares; four reduction
    rounds on the low half; the high half added; p subtracted once if that
    leaves it non-negative. Returns the eight registers t it used; t[0..3]
    hold the result, the rest and RDX, %rax and %rcx are free afterwards.
    Uses %rbx, %rsi, %rbp and %r8–%r12 (not %r13–%r15)."""
    t = ["%rbx", "%rsi", "%rbp", "%r8", "%r9", "%r10", "%r11", "%r12"]
    e(f"movq {A[0]}, %rdx")
    e(f"mulxq {A[1]}, {t[1]}, {t[2]}")
    e(f"mulxq {A[2]}, {LO}, {t[3]}")
    e(f"mulxq {A[3]}, {HI}, {t[4]}")
    e(f"addq {LO}, {t[2]}")
    e(f"adcq {HI}, {t[3]}")
    e(f"adcq $0, {t[4]}")
    e(f"movq {A[1]}, %rdx")
    e(f"mulxq {A[2]}, {LO}, {HI}")
    e(f"addq {LO}, {t[3]}")
    e(f"adcq {HI}, {t[4]}")
    e(f"mulxq {A[3]}, {LO}, {t[5]}")
    e(f"adcq $0, {t[5]}")
    e(f"addq {LO}, {t[4]}")
    e(f"adcq $0, {t[5]}")
    e(f"movq {A[2]}, %rdx")
    e(f"mulxq {A[3]}, {LO}, {t[6]}")
    e(f"addq {LO}, {t[5]}")
    e(f"adcq $0, {t[6]}")
    e(f"xorl {d32(t[7])}, {d32(t[7])}")
    e(f"addq {t[1]}, {t[1]}")
    for k in range(2, 7):
        e(f"adcq {t[k]}, {t[k]}")
    e(f"adcq $0, {t[7]}")
    e(f"movq {A[0]}, %rdx")
    e(f"mulxq %rdx, {t[0]}, {HI}")
    e(f"addq {HI}, {t[1]}")
    for k in (1, 2, 3):
        e(f"movq {A[k]}, %rdx")
        e(f"mulxq %rdx, {LO}, {HI}")
        e(f"adcq {LO}, {t[2 * k]}")
        e(f"adcq {HI}, {t[2 * k + 1]}")
    w = t[:4]
    for _ in range(4):
        # The window w += m·p/2^64 for m = w[0], as in a multiplication's
        # round; the new top word is HI plus the carry.
        m = w[0]
        e(f"movq {m}, %rdx")
        e("shlq $32, %rdx")
        e(f"movq {m}, {LO}")
        e(f"movq {m}, {HI}")
        e(f"shrq $32, {m}")
        e(f"subq %rdx, {LO}")
        e(f"sbbq {m}, {HI}")
        e(f"addq %rdx, {w[1]}")
        e(f"adcq {m}, {w[2]}")
        e(f"adcq {LO}, {w[3]}")
        e(f"adcq $0, {HI}")
        e(f"movq {HI}, {m}")
        w = w[1:] + w[:1]
    e(f"addq {t[4]}, {t[0]}")
    e(f"adcq {t[5]}, {t[1]}")
    e(f"adcq {t[6]}, {t[2]}")
    e(f"adcq {t[7]}, {t[3]}")
    e(f"movl $0, {d32(t[4])}")
    e(f"adcq $0, {t[4]}")
    reduce_once(e, t, t[4], [LO, HI, t[5], t[6]])
    return t


def sqr2(e, r, a, tail=None):
    """a² for each lane in turn (not alternated: a squaring holds eight
    words at once), as `square` computes it. With
    tail = (sub, v, out), the squaring is the addition's R² and the stored
    results are r = R² − sub − 2·v and out = v − r, from registers."""
    for lane in (0, 1):
        A = [slot(lane, a, j) for j in range(4)]
        t = square(e, A)
        store_square(e, t, lambda name, k: slot(lane, name, k), r, tail)


def store_square(e, t, op, r, tail):
    """Stores the square in t[0..3] (from `square`) in slot r, where
    op(name, k) is the memory operand of word k of a slot; with tail =
    (sub, v, out), r = R² − sub − 2·v and out = v − r instead."""
    w = t[:4]
    if tail is None:
        for k in range(4):
            e(f"movq {w[k]}, {op(r, k)}")
        return
    sub, v, out = tail
    m, m1, m3 = LO, HI, t[4]
    sub_mod(e, w, [op(sub, k) for k in range(4)], m, m1, m3)
    for _ in range(2):
        sub_mod(e, w, [op(v, k) for k in range(4)], m, m1, m3)
    for k in range(4):
        e(f"movq {w[k]}, {op(r, k)}")
    vr = [t[5], t[6], t[7], "%r13"]
    for k in range(4):
        e(f"movq {op(v, k)}, {vr[k]}")
    sub_mod(e, vr, w, m, m1, m3)
    for k in range(4):
        e(f"movq {vr[k]}, {op(out, k)}")


def sub2(e, r, a, b):
    for lane in (0, 1):
        sub_one(e, lambda name, k: slot(lane, name, k), r, a, b)


def sub_one(e, op, r, a, b):
    w = [LO, HI, "%rdx", "%rbx"]
    for k in range(4):
        e(f"movq {op(a, k)}, {w[k]}")
    sub_mod(e, w, [op(b, k) for k in range(4)], "%rsi", "%rbp", "%r8")
    for k in range(4):
        e(f"movq {w[k]}, {op(r, k)}")


# The mixed addition (X, Y, Z) + (EX, EY), 8M + 3S, in steps; within a step
# the operations are independent. Same formulas as MaddLanesPortable. ("mulsub", r,
# a, b, c) is r = a·b − c, the subtraction done on the product in
# registers; ("sqrtail", r, a, sub, v, out) is r = a² − sub − 2v and
# out = v − r.
STEPS = [
    [("mul", "Z1Z1", "Z", "Z")],
    [("mulsub", "H", "EX", "Z1Z1", "X"), ("mul", "S2", "EY", "Z1Z1")],
    [("mulsub", "RR", "S2", "Z", "Y")],
    [("mul", "H2", "H", "H")],
    [("mul", "H3", "H2", "H"), ("mul", "V", "X", "H2"), ("mul", "Z", "Z", "H")],
    [("mul", "U2", "Y", "H3"), ("sqrtail", "X", "RR", "H3", "V", "T")],
    [("mulsub", "Y", "RR", "T", "U2")],
]

# The same addition when every accumulator is affine (Z = R, the Montgomery
# form of 1: the comb's first addition), 4M + 2S: Z1² = 1, U2 = EX, S2 = EY
# and Z3 = H.
STEPS_AFFINE = [
    [("sub", "H", "EX", "X"), ("sub", "RR", "EY", "Y")],
    [("mul", "H2", "H", "H")],
    [("mul", "H3", "H2", "H"), ("mul", "V", "X", "H2"), ("copy", "Z", "H")],
    [("mul", "U2", "Y", "H3"), ("sqrtail", "X", "RR", "H3", "V", "T")],
    [("mulsub", "Y", "RR", "T", "U2")],
]


def copy2(e, r, a):
    for lane in (0, 1):
        copy_one(e, lambda name, k: slot(lane, name, k), r, a)


def copy_one(e, op, r, a):
    for k in range(4):
        e(f"movq {op(a, k)}, {LO}")
        e(f"movq {LO}, {op(r, k)}")


SAVED = ["%rbx", "%rbp", "%r12", "%r13", "%r14", "%r15"]


def open_function(name):
    """The lines of a function's start (the callee-saved registers pushed)
    and the function that appends an instruction to them."""
    out = [f"\t.p2align 5", f"\t.globl {name}", f"\t.hidden {name}",
           f"\t.type {name}, @function", f"{name}:"]

    def e(s):
        out.append("\t" + s)
    for r in SAVED:
        e(f"pushq {r}")
    return out, e


def close_function(out, e, name):
    for r in reversed(SAVED):
        e(f"popq {r}")
    e("ret")
    out.append(f"\t.size {name}, .-{name}")
    return out


def loop_over_pairs(name, steps, emit_op, scratch=0, scan=False):
    """A function that runs each step of steps over every pair before the
    next step, emit_op(e, op, args) writing one operation; scratch bytes at
    0(%rsp) are left for emit_op's use. With scan (the paired-calls layout),
    the function's third argument is the list of row scans to weave in
    (scan_subroutines): SCAN_FRAME(%rsp) starts on its first job, and after
    the last step the scans the call sites left over are finished and, with
    jobs, every lane's next entry is copied in (entries_subroutine)."""
    out, e = open_function(name)
    # scratch(%rsp): the first pair; scratch+8(%rsp): the end of the pairs.
    e(f"imulq ${PAIR}, %rsi, %rsi")
    e("addq %rdi, %rsi")
    e("pushq %rsi")
    e("pushq %rdi")
    if scratch:
        e(f"subq ${scratch}, %rsp")
    if scan:
        e(f"movq %rdx, {SCAN_FRAME['job']}(%rsp)")
        e(f"movq %rdx, {SCAN_FRAME['jobs']}(%rsp)")
        e(f"call {SCAN_PREFIX}_load")
    for n, step in enumerate(steps):
        label = f".L{name}_step{n}"
        out.append(f"{label}:")
        for op, *args in step:
            emit_op(e, op, args)
        e(f"addq ${PAIR}, %rdi")
        e(f"cmpq {scratch + 8}(%rsp), %rdi")
        e(f"jb {label}")
        if n + 1 < len(steps):
            e(f"movq {scratch}(%rsp), %rdi")
    if scan:
        finish = f".L{name}_finish"
        out.append(f"{finish}:")
        e(f"cmpq $0, {SCAN_FRAME['ptr']}(%rsp)")
        e(f"je {finish}ed")
        e(f"call {SCAN_PREFIX}4")
        e(f"jmp {finish}")
        out.append(f"{finish}ed:")
        copied = f".L{name}_copied"
        e(f"cmpq $0, {SCAN_FRAME['jobs']}(%rsp)")
        e(f"je {copied}")
        e(f"movq {scratch}(%rsp), %rdi")
        e(f"movq {scratch + 8}(%rsp), %rbx")
        e(f"call {ENTRIES}")
        out.append(f"{copied}:")
    e(f"addq ${16 + scratch}, %rsp")
    return close_function(out, e, name)


# The subroutine that takes every lane's next entry in (entry_copy) for the
# pairs from %rdi to %rbx, shared by the functions with scans.
ENTRIES = ".Lhenhouse_p256_madd_entries"


def entries_subroutine():
    out = [f"{ENTRIES}:"]

    def e(s):
        out.append("\t" + s)
    for lane in (0, 1):
        entry_copy(e, lambda name, k, lane=lane: slot(lane, name, k))
    e(f"addq ${PAIR}, %rdi")
    e("cmpq %rbx, %rdi")
    e(f"jb {ENTRIES}")
    e("ret")
    return out


def entry_copy(e, op):
    """EX = NX and EY = NY, or p − NY where NSIGN's first word is all ones
    (NY is a table entry's y: 0 < NY < p), chosen by CMOV; op(name, k) is
    the memory operand of word k of a slot."""
    x = ["%rax", "%rcx", "%rdx", "%rsi"]
    for k in range(4):
        e(f"movq {op('NX', k)}, {x[k]}")
    for k in range(4):
        e(f"movq {x[k]}, {op('EX', k)}")
    y = ["%r8", "%r9", "%r10", "%r11"]
    n = ["%rax", "%rcx", "%rdx", "%rsi"]
    for k in range(4):
        e(f"movq {op('NY', k)}, {y[k]}")
    e(f"movq $-1, {n[0]}")
    e(f"movl $0xFFFFFFFF, {d32(n[1])}")
    e(f"xorl {d32(n[2])}, {d32(n[2])}")
    e(f"movq henhouse_p256_madd_p3(%rip), {n[3]}")
    e(f"subq {y[0]}, {n[0]}")
    for k in (1, 2, 3):
        e(f"sbbq {y[k]}, {n[k]}")
    e(f"cmpq $0, {op('NSIGN', 0)}")
    for k in range(4):
        e(f"cmovneq {n[k]}, {y[k]}")
    for k in range(4):
        e(f"movq {y[k]}, {op('EY', k)}")


def function(name, steps, alternate=True):
    """The inline variant (the library's layout before commit 075522f): every
    step written out, its products two lanes alternated (alternate) or lane
    B's after lane A's (the sequential variant)."""
    def emit_op(e, op, args):
        if op == "copy":
            copy2(e, *args)
        elif op == "sqrtail":
            r, a, sub, v, rest = args
            sqr2(e, r, a, (sub, v, rest))
        elif op == "mul" and args[1] == args[2]:
            sqr2(e, args[0], args[1])
        elif op in ("mul", "mulsub"):
            mul2(e, *args, alternate=alternate)
        else:
            sub2(e, *args)
    return loop_over_pairs(name, steps, emit_op)


# The "single-lane" variant (an experiment, tools/madd_load.sh; not in the
# library): one lane at a time, the whole addition before the next lane, with
# the field product and squaring as subroutines called with operand pointers
# in %r13 and %r14: about 3 KB of code.
def lane_op(name, word):
    return f"{32 * SLOTS.index(name) + 8 * word}(%rdi)"


SUB_A = [f"{8 * k}(%r13)" for k in range(4)]
SUB_B = [f"{8 * k}(%r14)" for k in range(4)]


def subroutines(prefix):
    """The product (of SUB_A and SUB_B) and the square (of SUB_A) as local
    subroutines that leave the result in registers; returns their lines and
    the registers that hold each result."""
    out = []

    def e(s):
        out.append("\t" + s)
    out.append(f"{prefix}_mul:")
    pool = Pool()
    pool.free = [r for r in POOL if r not in ("%r13", "%r14", "%r15")]
    rounds = product_rounds(e, pool, SUB_A, SUB_B)
    try:
        while True:
            next(rounds)
    except StopIteration as done:
        product = done.value[0]
    e("ret")
    out.append(f"{prefix}_sqr:")
    squared = square(e, SUB_A)
    e("ret")
    return out, product, squared


def single_lane_function(name, steps, prefix, product, squared):
    out, e = open_function(name)
    e(f"imulq ${PAIR}, %rsi, %r15")
    e("addq %rdi, %r15")  # the end of the pairs
    label = f".L{name}_lane"
    out.append(f"{label}:")
    for step in steps:
        for op, *args in step:
            if op == "copy":
                copy_one(e, lane_op, *args)
            elif op == "sub":
                sub_one(e, lane_op, *args)
            elif op == "sqrtail" or args[1] == args[2]:
                e(f"leaq {lane_op(args[1], 0)}, %r13")
                e(f"call {prefix}_sqr")
                tail = tuple(args[2:]) if op == "sqrtail" else None
                store_square(e, squared, lane_op, args[0], tail)
            else:
                e(f"leaq {lane_op(args[1], 0)}, %r13")
                e(f"leaq {lane_op(args[2], 0)}, %r14")
                e(f"call {prefix}_mul")
                store_product(e, product, lane_op, args[0], args[3] if op == "mulsub" else None)
    e(f"addq ${LANE}, %rdi")
    e("cmpq %r15, %rdi")
    e(f"jb {label}")
    return close_function(out, e, name)


# The library's layout: the steps of STEPS, each two-lane product one shared
# subroutine with the lanes' rounds alternated and each squaring another, so
# the code is about 6 KB instead of the inline variant's 22 KB. The
# product subroutine finds lane A's first operand at %rdi (lane B's one lane
# further) and the second operand in the next slot (SLOTS); it leaves both
# lanes' results in registers, which the caller stores (after the
# subtraction of a "mulsub"). The squaring finds its operand at %rdi.
def paired_subroutines(prefix):
    """The two-lane product and the one-lane square as local subroutines;
    returns their lines, the registers of each lane's product and those of
    the square."""
    out = []

    def e(s):
        out.append("\t" + s)
    out.append(f"{prefix}_mul2:")
    pool = Pool()
    gens = [product_rounds(e, pool, [f"{lane * LANE + 8 * j}(%rdi)" for j in range(4)],
                           [f"{lane * LANE + 32 + 8 * j}(%rdi)" for j in range(4)])
            for lane in (0, 1)]
    products = [None, None]
    active = [0, 1]
    while active:
        for lane in list(active):
            try:
                next(gens[lane])
            except StopIteration as done:
                w, t3 = done.value
                pool.put(t3)
                pool.put(w[4])
                products[lane] = w[:4]
                active.remove(lane)
    e("ret")
    out.append(f"{prefix}_sqr:")
    squared = square(e, [f"{8 * k}(%rdi)" for k in range(4)])
    e("ret")
    return out, products, squared


def wrapper(name, target):
    """name(pairs, n) as target(pairs, n, no jobs)."""
    return [f"\t.p2align 4", f"\t.globl {name}", f"\t.hidden {name}",
            f"\t.type {name}, @function", f"{name}:", "\txorl %edx, %edx",
            f"\tjmp {target}", f"\t.size {name}, .-{name}"]


def call_at(e, offset, target):
    """Calls target with %rdi moved forward by offset, then moves it back."""
    if offset:
        e(f"addq ${offset}, %rdi")
    e(f"call {target}")
    if offset:
        e(f"subq ${offset}, %rdi")


def paired_calls_function(name, steps, prefix, products, squared):
    def emit_op(e, op, args):
        if op == "copy":
            copy2(e, *args)
        elif op == "sub":
            sub2(e, *args)
        elif op == "sqrtail" or args[1] == args[2]:
            tail = tuple(args[2:]) if op == "sqrtail" else None
            for lane in (0, 1):
                e(f"call {SCAN_PREFIX}4")
                call_at(e, lane * LANE + 32 * SLOTS.index(args[1]), f"{prefix}_sqr")
                store_square(e, squared, lambda name, k, lane=lane: slot(lane, name, k),
                             args[0], tail)
        else:
            # The product subroutine's operands: a slot and the next.
            first = min(SLOTS.index(args[1]), SLOTS.index(args[2]))
            if max(SLOTS.index(args[1]), SLOTS.index(args[2])) != first + 1:
                raise ValueError(f"{args[1]} and {args[2]} are not in adjacent slots")
            e(f"call {SCAN_PREFIX}4")
            call_at(e, 32 * first, f"{prefix}_mul2")
            for lane in (0, 1):
                store_product(e, products[lane], lambda name, k, lane=lane: slot(lane, name, k),
                              args[0], args[3] if op == "mulsub" else None)
    return loop_over_pairs(name, steps, emit_op, scratch=8 * len(SCAN_FRAME), scan=True)


# The row scans woven into the paired-calls layout's additions. The comb
# (PowSecretMulti in src/math/p256_ct.cc) passes the scans of the next
# window's rows as a list of jobs (MaddScanJob in src/math/p256_madd.h, 64
# bytes: the row's first entry, the end of the row, three pairs of 32-bit
# words (an entry number 1..count, 0 for none, and a sign mask) and three
# output lanes, whose NX, NY and NSIGN slots take the entry and the sign; a
# job whose row is null ends the list). Before each call of a product or squaring subroutine, the
# call site calls a chunk of the scan, the next four entries (a row's length
# is a multiple of four, so a chunk never crosses a row's end): AVX2 code
# that the out-of-order processor runs in its vector units beside the
# integer products that follow.
# Each entry of a row is loaded once and kept in the three outputs'
# accumulators where its number equals their entry number (VPCMPEQD on
# 32-bit lanes, which this Zen 3 issues on all four vector pipes, VPCMPEQQ
# only on the two that also run VPBLENDVB; then VPBLENDVB); every entry of every row is read, and the only branches are on
# the position in the row and in the list, so no branch or address depends
# on the entry numbers. The scan's state lives in vector registers, which the products do
# not touch: ymm0–ymm5 the three accumulators (x, y), ymm6–ymm8 the entry
# numbers, ymm9 the number of the entry being read, ymm10 ones (each in
# all eight 32-bit lanes), ymm11–ymm13
# temporaries; in the function's frame the next entry (0 once every job is
# done, or with no jobs), the row's end and the current job.
SCAN_PREFIX = ".Lhenhouse_p256_madd_scan"
# Offsets from the function's %rsp: the next entry, the row's end, the
# current job and the list's start (0 for none).
SCAN_FRAME = {"ptr": 0, "end": 8, "job": 16, "jobs": 24}
SCAN_JOB = 64


def scan_subroutines():
    """The chunk subroutine (_scan4), the end of a row (_next: the
    outputs stored, the next job loaded) and _load. Called from the
    function's body, one return address deep, so the frame's offsets are
    8 more; they use %rax and %rdx, which are free at every call site."""
    out = []

    def e(s):
        out.append("\t" + s)
    p, f = SCAN_PREFIX, {k: v + 8 for k, v in SCAN_FRAME.items()}

    out.append(f"{p}4:")
    e(f"movq {f['ptr']}(%rsp), %rax")
    e("testq %rax, %rax")
    e(f"jz {p}_ret")
    for k in range(4):
        e("vpaddd %ymm10, %ymm9, %ymm9")
        e(f"vmovdqu {64 * k}(%rax), %ymm11")
        e(f"vmovdqu {64 * k + 32}(%rax), %ymm12")
        for j in range(3):
            e(f"vpcmpeqd %ymm9, %ymm{6 + j}, %ymm13")
            e(f"vpblendvb %ymm13, %ymm11, %ymm{2 * j}, %ymm{2 * j}")
            e(f"vpblendvb %ymm13, %ymm12, %ymm{2 * j + 1}, %ymm{2 * j + 1}")
    e("addq $256, %rax")
    e(f"movq %rax, {f['ptr']}(%rsp)")
    e(f"cmpq {f['end']}(%rsp), %rax")
    e(f"jae {p}_next")
    out.append(f"{p}_ret:")
    e("ret")
    # The row is done: store the accumulators, go on to the next job.
    out.append(f"{p}_next:")
    e(f"movq {f['job']}(%rsp), %rax")
    nx, ny, ns = (32 * SLOTS.index(name) for name in ("NX", "NY", "NSIGN"))
    for j in range(3):
        e(f"movq {40 + 8 * j}(%rax), %rdx")
        e(f"vmovdqu %ymm{2 * j}, {nx}(%rdx)")
        e(f"vmovdqu %ymm{2 * j + 1}, {ny}(%rdx)")
        e(f"vpbroadcastd {20 + 8 * j}(%rax), %ymm13")
        e(f"vmovq %xmm13, {ns}(%rdx)")
    e(f"addq ${SCAN_JOB}, %rax")
    e(f"movq %rax, {f['job']}(%rsp)")
    out.append(f"{p}_load:")
    e(f"movq {f['job']}(%rsp), %rax")
    e("testq %rax, %rax")
    e(f"jz {p}_off")  # no jobs: no vector instructions at all
    e("movq 0(%rax), %rdx")
    e("testq %rdx, %rdx")
    e(f"jz {p}_done")
    e(f"movq %rdx, {f['ptr']}(%rsp)")
    e("movq 8(%rax), %rdx")
    e(f"movq %rdx, {f['end']}(%rsp)")
    for j in range(3):
        e(f"vpbroadcastd {16 + 8 * j}(%rax), %ymm{6 + j}")
    for r in list(range(6)) + [9]:
        e(f"vpxor %ymm{r}, %ymm{r}, %ymm{r}")
    e("vpcmpeqq %ymm10, %ymm10, %ymm10")
    e("vpsrld $31, %ymm10, %ymm10")
    e("ret")
    out.append(f"{p}_done:")
    e("vzeroall")  # no entry stays in a register
    out.append(f"{p}_off:")
    e(f"movq $0, {f['ptr']}(%rsp)")
    e("ret")
    return out


HEADER = """// GENERATED by tools/gen_p256_madd.py; do not edit. After a change there:
//   python3 tools/gen_p256_madd.py > src/math/p256_madd_x86_64.cc
// The mixed additions of the constant-time comb, two lanes at a time, in
// x86-64 assembly with MULX, ADCX and ADOX (see the generator's comment and
// src/math/p256_madd.h). Only called where the processor has BMI2 and ADX.
#include "math/p256_madd.h"

#if HENHOUSE_P256_MADD_ASM
static_assert(sizeof(henhouse::math::internal::p256::MaddPair) == {pair});
// clang-format off
__asm__(
"""

FOOTER = """);
// clang-format on
#endif  // HENHOUSE_P256_MADD_ASM
"""


LIBRARY = "paired-calls"
VARIANTS = ("inline", "sequential", "single-lane")


def generate(variant=LIBRARY):
    lines = ["\t.pushsection .rodata", "\t.p2align 3",
             "henhouse_p256_madd_p1:", "\t.quad 0x00000000FFFFFFFF",
             "henhouse_p256_madd_p3:", "\t.quad 0xFFFFFFFF00000001",
             "\t.popsection", "\t.pushsection .text"]
    prefix = ".Lhenhouse_p256_madd_field"
    if variant == "single-lane":
        subs, product, squared = subroutines(prefix)

        def make(name, steps):
            return single_lane_function(name, steps, prefix, product, squared)
    elif variant == "paired-calls":
        subs, products, squared = paired_subroutines(prefix)
        subs += scan_subroutines() + entries_subroutine()

        def make(name, steps):
            return paired_calls_function(name, steps, prefix, products, squared)
    else:
        subs = None

        def make(name, steps):
            return function(name, steps, variant == "inline")
    if subs:
        lines += ["\t.p2align 5"] + subs
    for name, steps in (("henhouse_p256_madd_pairs", STEPS),
                        ("henhouse_p256_madd_pairs_affine", STEPS_AFFINE)):
        if variant == "paired-calls":
            # The function with the scans (a third argument), and the two-
            # argument form: the same with no jobs.
            lines += wrapper(name, name + "_scan") + make(name + "_scan", steps)
        else:
            lines += make(name, steps)
    lines += ["\t.popsection"]
    body = "".join('    "' + line.replace("\t", "\\t") + '\\n"\n' for line in lines)
    text = HEADER.replace("{pair}", str(PAIR)) + body + FOOTER
    if variant != LIBRARY:
        # An experiment's copy, linked beside the library's: its own names.
        text = text.replace("henhouse_p256_madd_", f"henhouse_p256_madd_{variant.replace('-', '_')}_")
        first = HEADER.split("\n")
        text = text.replace("\n".join(first[:2]),
                            f"// GENERATED by tools/gen_p256_madd.py --variant {variant}: an experiment\n"
                            "// of tools/madd_load.sh, not part of the library.", 1)
    return text


def print_or_check(text, name, argv):
    """A generator's command line: print text, or with --check F exit 1
    unless F holds it; name is the generator's file name for the usage
    line. Returns the exit status."""
    if len(argv) == 3 and argv[1] == "--check":
        with open(argv[2]) as f:
            if f.read() != text:
                print("out of date: " + argv[2])
                return 1
        print("up to date: " + argv[2])
        return 0
    if len(argv) != 1:
        print(f"usage: {name} [--check FILE]", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--variant":
        if sys.argv[2] not in VARIANTS:
            print(f"gen_p256_madd: unknown variant '{sys.argv[2]}' (one of {', '.join(VARIANTS)})",
                  file=sys.stderr)
            return 2
        sys.stdout.write(generate(sys.argv[2]))
        return 0
    return print_or_check(generate(), "gen_p256_madd.py [--variant V]", sys.argv)


if __name__ == "__main__":
    sys.exit(main())
