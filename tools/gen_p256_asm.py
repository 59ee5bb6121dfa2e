#!/usr/bin/env python3
"""Generates the unrolled x86-64 assembly of src/math/p256_field.h.

FeMul: four rounds of (add a·b_i to a five-word accumulator; add m·p for m =
its low word, which for P-256 is two shifts and one multiplication by the top
word of p; drop the zero low word), then one subtraction of p kept with cmov.
FeMulAdx: the same rounds with MULX and the two carry chains of ADCX / ADOX
(the low halves of a·b_i on the carry flag, the high halves on the overflow
flag), for processors with BMI2 and ADX.
FeSqrBmi2: the six cross products a_i·a_j (i < j) with MULX, doubled, plus the
four squares; four reduction rounds on the low half; the high half added; one
subtraction of p kept with cmov.

Usage: gen_p256_asm.py            print the three asm bodies
       gen_p256_asm.py --check H  exit 1 unless header H contains them verbatim
"""
import sys


def p3_times_m(e, m, lo, hi, shifted):
    """m·p3 = m·2^64 − m·2^32 + m into hi:lo without a multiplication (the
    multiplier is the busiest unit in a field multiplication): shifted =
    m·2^32 mod 2^64, the register m becomes ⌊m / 2^32⌋, lo = m − shifted and
    hi = m − ⌊m / 2^32⌋ − borrow."""
    e(f"movq %[{m}], {shifted}")
    e(f"shlq $32, {shifted}")
    e(f"movq %[{m}], {lo}")
    e(f"movq %[{m}], {hi}")
    e(f"shrq $32, %[{m}]")
    e(f"subq {shifted}, {lo}")
    e(f"sbbq %[{m}], {hi}")


def reduce_round(e, a, mulx):
    """One Montgomery round with m = a[0] (see MontRound in the header):
    m·2^32 one word up, m·p3 three words up, carry into a[5]."""
    lo, hi, shifted = ("%[lo]", "%[hi]", "%%rdx") if mulx else ("%%rax", "%%rdx", "%[t]")
    if mulx:
        p3_times_m(e, a[0], lo, hi, shifted)
    else:
        e(f"movq %[{a[0]}], %%rax")
        e("mulq %[p3]")
        e(f"movq %[{a[0]}], {shifted}")
        e(f"shlq $32, {shifted}")
        e(f"shrq $32, %[{a[0]}]")
    e(f"addq {shifted}, %[{a[1]}]")
    e(f"adcq %[{a[0]}], %[{a[2]}]")
    e(f"adcq {lo}, %[{a[3]}]")
    e(f"adcq {hi}, %[{a[4]}]")
    e(f"adcq $0, %[{a[5]}]")


def fe_mul():
    out = []
    e = out.append

    def reduce(a):
        reduce_round(e, a, False)

    a = ["x0", "x1", "x2", "x3", "x4", "x5"]
    e("movq 0(%[pb]), %[t]")
    e("movq 0(%[pa]), %%rax")
    e("mulq %[t]")
    e(f"movq %%rax, %[{a[0]}]")
    e(f"movq %%rdx, %[{a[1]}]")
    for j in (1, 2, 3):
        e(f"movq {8 * j}(%[pa]), %%rax")
        e("mulq %[t]")
        e(f"addq %%rax, %[{a[j]}]")
        e("adcq $0, %%rdx")
        e(f"movq %%rdx, %[{a[j + 1]}]")
    e(f"xorl %k[{a[5]}], %k[{a[5]}]")
    reduce(a)
    for i in (1, 2, 3):
        a = a[1:] + a[:1]  # the accumulator moves down one word
        e(f"movq {8 * i}(%[pb]), %[t]")
        e("movq 0(%[pa]), %%rax")
        e("mulq %[t]")
        e(f"addq %%rax, %[{a[0]}]")
        e("adcq $0, %%rdx")
        e("movq %%rdx, %[c]")
        for j in (1, 2, 3):
            e(f"movq {8 * j}(%[pa]), %%rax")
            e("mulq %[t]")
            e("addq %[c], %%rax")
            e("adcq $0, %%rdx")
            e(f"addq %%rax, %[{a[j]}]")
            e("adcq $0, %%rdx")
            if j < 3:
                e("movq %%rdx, %[c]")
        e(f"movl $0, %k[{a[5]}]")
        e(f"addq %%rdx, %[{a[4]}]")
        e(f"adcq $0, %[{a[5]}]")
        reduce(a)
    r = a[1:] + a[:1]  # result words; the caller reads x4, x5, x0, x1
    e(f"movq %[{r[0]}], %%rax")
    e(f"movq %[{r[1]}], %%rdx")
    e(f"movq %[{r[2]}], %[t]")
    e(f"movq %[{r[3]}], %[c]")
    e("subq $-1, %%rax")
    e("sbbq %[p1], %%rdx")
    e("sbbq $0, %[t]")
    e("sbbq %[p3], %[c]")
    e(f"sbbq $0, %[{r[4]}]")
    e(f"cmovncq %%rax, %[{r[0]}]")
    e(f"cmovncq %%rdx, %[{r[1]}]")
    e(f"cmovncq %[t], %[{r[2]}]")
    e(f"cmovncq %[c], %[{r[3]}]")
    return out


def fe_mul_adx():
    out = []
    e = out.append

    def reduce(a):
        reduce_round(e, a, True)

    a = ["x0", "x1", "x2", "x3", "x4", "x5"]
    e("movq 0(%[pb]), %%rdx")
    e(f"mulxq 0(%[pa]), %[{a[0]}], %[{a[1]}]")
    for j in (1, 2, 3):
        e(f"mulxq {8 * j}(%[pa]), %[lo], %[{a[j + 1]}]")
        e(f"{'addq' if j == 1 else 'adcq'} %[lo], %[{a[j]}]")
    e(f"adcq $0, %[{a[4]}]")
    e(f"xorl %k[{a[5]}], %k[{a[5]}]")
    reduce(a)
    for i in (1, 2, 3):
        a = a[1:] + a[:1]  # the accumulator moves down one word
        e(f"movq {8 * i}(%[pb]), %%rdx")
        e(f"xorl %k[{a[5]}], %k[{a[5]}]")  # also clears CF and OF
        for j in range(4):
            e(f"mulxq {8 * j}(%[pa]), %[lo], %[hi]")
            e(f"adcxq %[lo], %[{a[j]}]")
            e(f"adoxq %[hi], %[{a[j + 1]}]")
        e("movl $0, %k[lo]")  # mov leaves the flags alone
        e(f"adcxq %[lo], %[{a[4]}]")
        e(f"adoxq %[lo], %[{a[5]}]")
        e(f"adcxq %[lo], %[{a[5]}]")
        reduce(a)
    r = a[1:] + a[:1]  # result words; the caller reads x4, x5, x0, x1
    s = ["lo", "hi", r[5]]
    for k in range(3):
        e(f"movq %[{r[k]}], %[{s[k]}]")
    e(f"movq %[{r[3]}], %%rdx")
    e("subq $-1, %[lo]")
    e("sbbq %[p1], %[hi]")
    e(f"sbbq $0, %[{s[2]}]")
    e("sbbq %[p3], %%rdx")
    e(f"sbbq $0, %[{r[4]}]")
    for k in range(3):
        e(f"cmovncq %[{s[k]}], %[{r[k]}]")
    e(f"cmovncq %%rdx, %[{r[3]}]")
    return out


def fe_sqr_bmi2():
    out = []
    e = out.append
    e("movq 0(%[pa]), %%rdx")
    e("mulxq 8(%[pa]), %[t1], %[t2]")
    e("mulxq 16(%[pa]), %[lo], %[t3]")
    e("mulxq 24(%[pa]), %[hi], %[t4]")
    e("addq %[lo], %[t2]")
    e("adcq %[hi], %[t3]")
    e("adcq $0, %[t4]")
    e("movq 8(%[pa]), %%rdx")
    e("mulxq 16(%[pa]), %[lo], %[hi]")
    e("addq %[lo], %[t3]")
    e("adcq %[hi], %[t4]")
    e("mulxq 24(%[pa]), %[lo], %[t5]")
    e("adcq $0, %[t5]")
    e("addq %[lo], %[t4]")
    e("adcq $0, %[t5]")
    e("movq 16(%[pa]), %%rdx")
    e("mulxq 24(%[pa]), %[lo], %[t6]")
    e("addq %[lo], %[t5]")
    e("adcq $0, %[t6]")
    e("xorl %k[t7], %k[t7]")
    e("addq %[t1], %[t1]")
    for k in range(2, 7):
        e(f"adcq %[t{k}], %[t{k}]")
    e("adcq $0, %[t7]")
    e("movq 0(%[pa]), %%rdx")
    e("mulxq %%rdx, %[t0], %[hi]")
    e("addq %[hi], %[t1]")
    for k in (1, 2, 3):
        e(f"movq {8 * k}(%[pa]), %%rdx")
        e("mulxq %%rdx, %[lo], %[hi]")
        e(f"adcq %[lo], %[t{2 * k}]")
        e(f"adcq %[hi], %[t{2 * k + 1}]")
    w = ["t0", "t1", "t2", "t3"]
    for _ in range(4):
        p3_times_m(e, w[0], "%[lo]", "%[hi]", "%%rdx")
        e(f"addq %%rdx, %[{w[1]}]")
        e(f"adcq %[{w[0]}], %[{w[2]}]")
        e(f"adcq %[lo], %[{w[3]}]")
        e("adcq $0, %[hi]")
        e(f"movq %[hi], %[{w[0]}]")
        w = w[1:] + w[:1]
    e("addq %[t4], %[t0]")
    e("adcq %[t5], %[t1]")
    e("adcq %[t6], %[t2]")
    e("adcq %[t7], %[t3]")
    e("movl $0, %k[t4]")
    e("adcq $0, %[t4]")
    e("movq %[t0], %[lo]")
    e("movq %[t1], %[hi]")
    e("movq %[t2], %[t5]")
    e("movq %[t3], %[t6]")
    e("subq $-1, %[lo]")
    e("sbbq %[p1], %[hi]")
    e("sbbq $0, %[t5]")
    e("sbbq %[p3], %[t6]")
    e("sbbq $0, %[t4]")
    e("cmovncq %[lo], %[t0]")
    e("cmovncq %[hi], %[t1]")
    e("cmovncq %[t5], %[t2]")
    e("cmovncq %[t6], %[t3]")
    return out


def as_cxx(lines):
    return "".join(f'      "{line}\\n\\t"\n' for line in lines)


def main():
    bodies = [as_cxx(fe_mul()), as_cxx(fe_mul_adx()), as_cxx(fe_sqr_bmi2())]
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        with open(sys.argv[2]) as f:
            header = f.read()
        missing = [name for name, b in zip(("FeMulMulq", "FeMulAdx", "FeSqrBmi2"), bodies) if b not in header]
        if missing:
            print("out of date in " + sys.argv[2] + ": " + ", ".join(missing))
            return 1
        print("up to date: " + sys.argv[2])
        return 0
    sys.stdout.write("\n".join(bodies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
