#!/usr/bin/env python3
"""Generates src/math/p256_point_x86_64.cc: the P-256 point doubling and
mixed addition of the variable-time multiplications (MultiPow in
src/math/p256_mult.cc; JacDouble and JacAddAff in src/math/p256_point.cc)
in x86-64 assembly, for one point or for two side by side; the doubling is
repeated in place.

Why: a doubling is eight field products and nine additions, subtractions
and halvings; a mixed addition eleven products and seven subtractions.
Written with the field functions of src/math/p256_field.h, each operation
loads its operands from memory and stores its result, and the additions
are C++ (1,336 instructions per doubling, 1,653 per addition). Here the
additions, the tripling and the halving run on the products' registers
before they are stored (1,166 and 1,459; docs/performance.md, "The
verifier's doublings and additions in assembly"), and independent products
alternate round by round, two at a time, as the comb's additions do
(tools/gen_p256_madd.py), so that the processor always holds independent
work: within one point (the doubling's M·U and X·S; the addition's H and
S2, R and Z3, H3 and V) and, for two points, between them.

The products and the squaring are those of tools/gen_p256_madd.py
(product_rounds, square: Montgomery, R = 2^256, MULX with ADCX and ADOX).
Every value lives in the lanes (PointLane, at %rdi; LAYOUT), so the other
fourteen registers are free for the products, and a caller that works on
the same accumulator again and again (MultiPow) keeps it there between
calls: nothing is copied per call.

Doubling (a = −3; as JacDoublePortable): T = 2Y, S = T², D = Z²,
M = 3(X − D)(X + D), B = X·S, Z' = T·Z, X' = M² − 2B, Y' = M·(B − X') − S²/2.
The identity (Z = 0) stays the identity.
Mixed addition of (EX, EY) (as MixedAddHR and AddFinish): Z1Z1 = Z², H =
EX·Z1Z1 − X, S2 = EY·Z1Z1, R = S2·Z − Y, Z3 = Z·H, H2 = H², H3 = H2·H,
V = X·H2, X3 = R² − H3 − 2V, T = V − X3, Y3 = R·T − Y·H3; the sum goes to
(X3, Y3, Z3), H and R stay in their slots, and the caller handles the
identity and H = 0 (AddToLane). No branch or address depends on the
values; the only branch is the doubling's loop over the count.

Usage: gen_p256_point.py            print the file
       gen_p256_point.py --check F  exit 1 unless F is what this prints
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_p256_madd as madd  # noqa: E402

# A lane's slots, 32 bytes each, in the order of PointLane's fields
# (src/math/p256_point.h): the point (X, Y, Z: a Jac), the entry to add
# (EX, EY), nine scratch slots and the sum (X3, Y3, Z3). The doubling and
# the addition name the scratch slots (NAMES; the C++ reads H and R of the
# addition: kLaneH and kLaneR).
LAYOUT = ["X", "Y", "Z", "EX", "EY"] + [f"S{i}" for i in range(9)] + ["X3", "Y3", "Z3"]
LANE = 32 * len(LAYOUT)
NAMES = {"T": "S0", "S": "S1", "D": "S2", "M": "S3", "U": "S4", "B": "S5"}
ADD_NAMES = {"Z1Z1": "S0", "S2": "S1", "H": "S2", "R": "S3", "H2": "S4", "H3": "S5",
             "V": "S6", "T": "S7", "U": "S8"}
LO, HI = madd.LO, madd.HI
POOL = madd.POOL
names = NAMES  # the slot names of the body being generated


def slot(lane, name, k):
    return f"{lane * LANE + 32 * LAYOUT.index(names.get(name, name)) + 8 * k}(%rdi)"


def words(lane, name):
    return [slot(lane, name, k) for k in range(4)]


def store(e, w, dst):
    for k in range(4):
        e(f"movq {w[k]}, {dst[k]}")


def load(e, src, w):
    for k in range(4):
        e(f"movq {src[k]}, {w[k]}")


def add_mod(e, w, src, t):
    """w = w + src mod p for w, src < p: the sum, then p subtracted and the
    difference kept unless it borrowed (CMOV). t: five temporaries."""
    e(f"xorl {madd.d32(t[4])}, {madd.d32(t[4])}")
    e(f"addq {src[0]}, {w[0]}")
    for k in (1, 2, 3):
        e(f"adcq {src[k]}, {w[k]}")
    e(f"adcq $0, {t[4]}")
    madd.reduce_once(e, w, t[4], t[:4])


def half_mod(e, w, t):
    """w = w / 2 mod p for w < p: p added where w is odd (by mask), then the
    257-bit sum shifted right by one. t: three temporaries."""
    m, m1, m3 = t[0], t[1], t[2]
    e(f"movl {madd.d32(w[0])}, {madd.d32(m)}")
    e(f"andl $1, {madd.d32(m)}")
    e(f"negq {m}")
    madd.add_masked_p(e, w, m, m1, m3)
    e(f"sbbq {m}, {m}")  # all ones where the sum carried out
    e(f"shrdq $1, {w[1]}, {w[0]}")
    e(f"shrdq $1, {w[2]}, {w[1]}")
    e(f"shrdq $1, {w[3]}, {w[2]}")
    e(f"shrdq $1, {m}, {w[3]}")


def sub_mod(e, w, src, t):
    madd.sub_mod(e, w, src, t[0], t[1], t[2])


def product_job(e, pool, lane, a, b, then):
    """One lane's product a·b, yielding after each round (madd.product_rounds);
    then(e, lane, w, t) runs on the result w with five temporaries t."""
    w, t3 = yield from madd.product_rounds(e, pool, words(lane, a), words(lane, b))
    then(e, lane, w[:4], [LO, HI, "%rdx", t3, w[4]])
    for r in w + [t3]:
        pool.put(r)
    yield


def products(e, jobs):
    """The products of jobs, (lane, a, b, then) each, two at a time with
    their rounds alternated (two products' registers fill the pool)."""
    for i in range(0, len(jobs), 2):
        pool = madd.Pool()
        active = [product_job(e, pool, *job) for job in jobs[i:i + 2]]
        while active:
            for g in list(active):
                try:
                    next(g)
                except StopIteration:
                    active.remove(g)


def into(name):
    """A product's `then` that stores it in slot name."""
    return lambda e, lane, r, t: store(e, r, words(lane, name))


def minus(name, dst):
    """A product's `then` that stores it minus slot name in slot dst."""
    def then(e, lane, r, t):
        sub_mod(e, r, words(lane, name), t)
        store(e, r, words(lane, dst))
    return then


def squares(e, lanes, a, then):
    """a² in each lane in turn (a squaring holds eight words);
    then(e, lane, t) runs on madd.square's registers t (t[0..3] the result)."""
    for lane in lanes:
        then(e, lane, madd.square(e, words(lane, a)))


def double_body(e, lanes):
    """One doubling of every lane's point, in place."""
    w, t = POOL[:4], POOL[4:9]
    for lane in lanes:  # T = 2Y
        load(e, words(lane, "Y"), w)
        add_mod(e, w, w, t)
        store(e, w, words(lane, "T"))
    squares(e, lanes, "T", lambda e, lane, r: store(e, r[:4], words(lane, "S")))
    squares(e, lanes, "Z", lambda e, lane, r: store(e, r[:4], words(lane, "D")))
    for lane in lanes:  # U = X + D, M = X − D
        load(e, words(lane, "X"), w)
        add_mod(e, w, words(lane, "D"), t)
        store(e, w, words(lane, "U"))
        load(e, words(lane, "X"), w)
        sub_mod(e, w, words(lane, "D"), t)
        store(e, w, words(lane, "M"))

    def triple(e, lane, r, t):  # M = 3·(X − D)(X + D)
        store(e, r, words(lane, "M"))
        add_mod(e, r, words(lane, "M"), t)
        add_mod(e, r, words(lane, "M"), t)
        store(e, r, words(lane, "M"))
    # Z' = T·Z last: Z is read before.
    ops = [("M", "U", triple), ("X", "S", into("B")), ("T", "Z", into("Z"))]
    products(e, [(lane, *op) for op in ops for lane in lanes])

    def halve(e, lane, r):  # S = S²/2
        half_mod(e, r[:4], r[4:7])
        store(e, r[:4], words(lane, "S"))
    squares(e, lanes, "S", halve)

    def x_and_u(e, lane, r):  # X' = M² − 2B, U = B − X'
        x, b, tmp = r[:4], r[5:8] + ["%r13"], [LO, HI, r[4]]
        sub_mod(e, x, words(lane, "B"), tmp)
        sub_mod(e, x, words(lane, "B"), tmp)
        store(e, x, words(lane, "X"))
        load(e, words(lane, "B"), b)
        sub_mod(e, b, x, tmp)
        store(e, b, words(lane, "U"))
    squares(e, lanes, "M", x_and_u)
    products(e, [(lane, "M", "U", minus("S", "Y")) for lane in lanes])


def add_body(e, lanes):
    """The mixed addition of each lane's entry to its point, into X3, Y3,
    Z3: one lane's independent products alternated, or the two lanes' same
    products."""
    def each(*op):
        return [(lane, *op) for lane in lanes]

    def pairs(*ops):
        # One lane: its two products alternate; two lanes: each product's
        # two lanes alternate.
        return [job for op in ops for job in each(*op)]
    squares(e, lanes, "Z", lambda e, lane, r: store(e, r[:4], words(lane, "Z1Z1")))
    products(e, pairs(("EX", "Z1Z1", minus("X", "H")), ("EY", "Z1Z1", into("S2"))))
    products(e, pairs(("S2", "Z", minus("Y", "R")), ("Z", "H", into("Z3"))))
    squares(e, lanes, "H", lambda e, lane, r: store(e, r[:4], words(lane, "H2")))
    products(e, pairs(("H2", "H", into("H3")), ("X", "H2", into("V"))))
    products(e, pairs(("Y", "H3", into("U"))))
    # X3 = R² − H3 − 2V and T = V − X3, from the square's registers.
    squares(e, lanes, "R", lambda e, lane, r: madd.store_square(
        e, r, lambda name, k: slot(lane, name, k), "X3", ("H3", "V", "T")))
    products(e, pairs(("R", "T", minus("U", "Y3"))))


def add_function(name, lanes):
    """name(lanes): the mixed addition in one PointLane or in both of a
    PointPair."""
    global names
    names = ADD_NAMES
    out, e = madd.open_function(name)
    add_body(e, lanes)
    names = NAMES
    return madd.close_function(out, e, name)


def double_function(name, lanes):
    """name(lanes, times): every lane's point (PointLane at %rdi, the next
    lane LANE bytes on) doubled `times` times (at least once), in place.
    The lanes keep the intermediate values; the caller wipes them where the
    point is secret."""
    out, e = madd.open_function(name)
    e("pushq %rsi")  # the count, at 0(%rsp)
    loop = f".L{name}_loop"
    out.append(f"{loop}:")
    double_body(e, lanes)
    e("decq 0(%rsp)")
    e(f"jnz {loop}")
    e("popq %rsi")
    return madd.close_function(out, e, name)


HEADER = """// GENERATED by tools/gen_p256_point.py; do not edit. After a change there:
//   python3 tools/gen_p256_point.py > src/math/p256_point_x86_64.cc
// The P-256 point doubling (one point or two side by side) and mixed
// addition of the variable-time multiplications, in x86-64 assembly with
// MULX, ADCX and ADOX (see the generator's comment and src/math/p256_point.h).
// Only called where the processor has BMI2 and ADX.
#include "math/p256_point.h"

#if HENHOUSE_P256_POINT_ASM
// clang-format off
__asm__(
"""

FOOTER = """);
// clang-format on
#endif  // HENHOUSE_P256_POINT_ASM
"""


def generate():
    lines = ["\t.pushsection .rodata", "\t.p2align 3",
             "henhouse_p256_madd_p1:", "\t.quad 0x00000000FFFFFFFF",
             "henhouse_p256_madd_p3:", "\t.quad 0xFFFFFFFF00000001",
             "\t.popsection", "\t.pushsection .text"]
    lines += double_function("henhouse_p256_double_lane", (0,))
    lines += double_function("henhouse_p256_double_pair", (0, 1))
    lines += add_function("henhouse_p256_add_lane", (0,))
    lines += add_function("henhouse_p256_add_pair", (0, 1))
    lines += ["\t.popsection"]
    text = "".join('    "' + line.replace("\t", "\\t") + '\\n"\n' for line in lines)
    return HEADER + text + FOOTER


def main():
    return madd.print_or_check(generate(), "gen_p256_point.py", sys.argv)


if __name__ == "__main__":
    sys.exit(main())
