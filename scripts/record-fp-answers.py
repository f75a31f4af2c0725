#!/usr/bin/env python3
"""Records the SoftFloat known answers: runs scalar SSE/AVX floating-point instructions on the CPU
with `x86fuzz exec --json` and prints one table of `Tests/SoftFloatTests/KnownAnswers/` as Swift.

Usage: scripts/record-fp-answers.py FAMILY > Tests/SoftFloatTests/KnownAnswers/FAMILY.swift
FAMILY is one of: arithmetic comparison conversion rounding fused half.

Each line is `name mxcsr source... -> result mxcsr` in hex, `-` for the result when the CPU took
#XM (and left the destination alone). The operation names, encodings and source registers are the
ones `Tests/SoftFloatTests/FloatOperation.swift` defines. The cases are special operands crossed
under the default MXCSR, and boundary operands (ties, overflow, underflow, tininess, integer
limits) under every rounding mode, DAZ, FTZ and unmasked exceptions.
"""
import itertools
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

BINARY = os.environ.get("X86FUZZ_BINARY", os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "x86fuzz"))


class Format:
    def __init__(self, exponent_bits, fraction_bits):
        self.f = fraction_bits
        self.bias = (1 << (exponent_bits - 1)) - 1
        self.sign = 1 << (exponent_bits + fraction_bits)
        self.inf = ((1 << exponent_bits) - 1) << fraction_bits
        self.quiet = 1 << (fraction_bits - 1)

    def power(self, exponent, fraction=0):
        """(1 + fraction / 2^f) * 2^exponent, for a normal result."""
        return (exponent + self.bias) << self.f | fraction

    def specials(self):
        """Zeros, infinities, NaNs with payloads, denormal and normal extremes, and -1.5."""
        s, inf, q = self.sign, self.inf, self.quiet
        return [0, s, inf, s | inf, inf | q, s | inf | q | 0x1234, inf | 0x1235,
                1, s | (q << 1) - 1, 1 << self.f, inf - 1, s | self.power(0, q)]

    def boundaries(self, operation):
        """Operands at the edges `operation` cares about."""
        s, p, one, half = self.sign, self.f + 1, self.power(0), self.power(-1)
        two, three, tie = self.power(1), self.power(1, self.quiet), self.power(-p)
        maximum, min_normal, max_tie = self.inf - 1, 1 << self.f, self.power(self.bias - p)
        if operation in ("add", "sub"):
            return [(one, tie), (one | 1, tie), (one, s | tie), (maximum, max_tie), (maximum, maximum),
                    (min_normal, s | 1), (1, (1 << self.f) - 1), (one, s | one), (s | min_normal, min_normal | 1)]
        if operation == "mul":
            return [(min_normal, half), (min_normal | 1, half), (one - 2, min_normal | 1), (maximum, two),
                    (maximum, one | 1), (one | 1, one | 1), (1, self.power(0, self.quiet)), (1, half), (s | three, three)]
        if operation == "div":
            return [(one, three), (min_normal, two), (min_normal | 1, s | two), (maximum, half), (one, maximum),
                    (1, 0), (s | one, 0), (0, 0), (1, self.power(-1, self.quiet))]
        if operation in ("min", "max"):
            qnan = self.inf | self.quiet
            return [(0, s), (s, 0), (1, s | 1), (one, qnan), (qnan, one),
                    (self.inf | 1, one), (1, one), (s | one, s | 1)]
        if operation == "sqrt":
            return [(two,), (three,), (1,), ((1 << self.f) - 1,), (s | 1,), (s,), (s | one,), (maximum,), (one | 1,)]
        raise ValueError(operation)


BINARY32, BINARY64, BINARY16 = Format(8, 23), Format(11, 52), Format(5, 10)

# Every rounding mode, FTZ, DAZ, each post-computation exception unmasked, and all unmasked.
ENVIRONMENTS = [0x1F80, 0x3F80, 0x5F80, 0x7F80, 0x9F80, 0x1FC0, 0x1B80, 0x1780, 0x0F80, 0x0000]
# DAZ, and the pre-computation exceptions unmasked: for the special operands.
SPECIAL_ENVIRONMENTS = [0x1FC0, 0x1F00, 0x1E80, 0x0000]


def run(name, code, registers, sources, destination, width, mxcsr):
    arguments = [BINARY, "exec", code, "--json", "--set", f"mxcsr={mxcsr:#x}"]
    arguments += [arg for register, value in zip(registers, sources) for arg in ("--set", f"{register}={value:#x}")]
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{name}: {result.stderr.strip()}")
    after = json.loads(result.stdout)["after"]
    if after["exception"]:
        assert after["exception"]["name"] == "#XM", after["exception"]
        value = "-"
    elif destination == "flags":
        value = f"{int(after['rflags'], 16) & 0x45:x}"
    else:
        register = after["gpr"]["rax"] if destination == "rax" else after[destination]
        value = f"{int(register, 16) & ((1 << width) - 1):x}"
    operands = " ".join(f"{v:x}" for v in sources)
    return f"{name} {mxcsr:x} {operands} -> {value} {int(after['mxcsr'], 16):x}"


def arithmetic():
    for operation, opcode in [("add", "58"), ("sub", "5c"), ("mul", "59"), ("div", "5e"), ("min", "5d"), ("max", "5f"),
                              ("sqrt", "51")]:
        for suffix, prefix, fmt in [("ss", "f3", BINARY32), ("sd", "f2", BINARY64)]:
            registers = ["xmm1"] if operation == "sqrt" else ["xmm0", "xmm1"]
            shape = (operation + suffix, f"{prefix}0f{opcode}c1", registers, "xmm0", 64 if fmt is BINARY64 else 32)
            arity = len(registers)
            specials = list(itertools.product(fmt.specials(), repeat=arity))
            yield from ((shape, pair, 0x1F80) for pair in specials)
            yield from ((shape, pair, mxcsr) for pair in specials[::11] for mxcsr in SPECIAL_ENVIRONMENTS)
            yield from ((shape, pair, mxcsr) for pair in fmt.boundaries(operation) for mxcsr in ENVIRONMENTS)


def comparison():
    for name, code, fmt in [("comiss", "0f2fc1", BINARY32), ("ucomiss", "0f2ec1", BINARY32),
                            ("comisd", "660f2fc1", BINARY64), ("ucomisd", "660f2ec1", BINARY64)]:
        shape = (name, code, ["xmm0", "xmm1"], "flags", 64)
        pairs = list(itertools.product(fmt.specials(), repeat=2))
        yield from ((shape, pair, 0x1F80) for pair in pairs)
        yield from ((shape, pair, mxcsr) for pair in pairs[::11] for mxcsr in SPECIAL_ENVIRONMENTS)


def integers(bits):
    top = 1 << (bits - 1)
    values = [0, 1, -1, top - 1, -top, (1 << 24) + 1, (1 << 24) + 3, -((1 << 24) + 1), (1 << 25) + 4]
    if bits == 64:
        values += [(1 << 53) + 1, (1 << 53) + 3, -((1 << 62) + 1), top - 1 - (1 << 10)]
    return [v & ((1 << bits) - 1) for v in values]


def to_integer_edges(fmt):
    """2^31 and 2^63 and their neighbours, both signs, halves, and small values that round."""
    edges = []
    for exponent in (31, 63):
        edges += [fmt.power(exponent), fmt.sign | fmt.power(exponent), fmt.power(exponent) - 1,
                  fmt.sign | fmt.power(exponent) + 1, fmt.sign | fmt.power(exponent - 1, fmt.quiet >> 20)]
    return edges + [fmt.power(-1), fmt.sign | fmt.power(-1), fmt.power(1, fmt.quiet), fmt.power(0, fmt.quiet),
                    fmt.power(-1) + 1, fmt.power(-1) - 1]


def conversion():
    for name, code, fmt, width in [("cvtss2sd", "f30f5ac1", BINARY32, 64), ("cvtsd2ss", "f20f5ac1", BINARY64, 32)]:
        shape = (name, code, ["xmm1"], "xmm0", width)
        narrowing = [BINARY64.power(-126), BINARY64.power(-127, 1), BINARY64.power(-150), BINARY64.power(-149, 1),
                     BINARY64.power(127, (1 << 52) - (1 << 28)), BINARY64.power(127, (1 << 52) - (1 << 29)),
                     BINARY64.power(0, 1 << 28), BINARY64.power(0, 3 << 28)]
        values = fmt.specials() + (narrowing if fmt is BINARY64 else [])
        yield from ((shape, (v,), mxcsr) for v in values for mxcsr in ENVIRONMENTS)
    for name, code, bits, width in [("cvtsi2ss", "f30f2ac0", 32, 32), ("cvtsi2ssq", "f3480f2ac0", 64, 32),
                                    ("cvtsi2sd", "f20f2ac0", 32, 64), ("cvtsi2sdq", "f2480f2ac0", 64, 64)]:
        shape = (name, code, ["rax"], "xmm0", width)
        yield from ((shape, (v,), mxcsr) for v in integers(bits) for mxcsr in [0x1F80, 0x3F80, 0x5F80, 0x7F80, 0x0F80])
    for double, wide, truncating in itertools.product([False, True], repeat=3):
        fmt = BINARY64 if double else BINARY32
        name = "cvt" + "t" * truncating + ("sd" if double else "ss") + "2si" + "q" * wide
        code = ("f2" if double else "f3") + "48" * wide + ("0f2cc1" if truncating else "0f2dc1")
        shape = (name, code, ["xmm1"], "rax", 64 if wide else 32)
        values = fmt.specials() + to_integer_edges(fmt)
        environments = [0x1F80, 0x1FC0, 0x1F00, 0x0F80] + ([] if truncating else [0x3F80, 0x5F80, 0x7F80])
        yield from ((shape, (v,), mxcsr) for v in values for mxcsr in environments)


def rounding():
    for immediate in [0, 1, 2, 3, 4, 8, 12]:
        for name, code, fmt in [("roundss", "660f3a0ac1", BINARY32), ("roundsd", "660f3a0bc1", BINARY64)]:
            shape = (f"{name}/{immediate}", f"{code}{immediate:02x}", ["xmm1"], "xmm0", 64 if fmt is BINARY64 else 32)
            values = fmt.specials() + [fmt.power(0, fmt.quiet), fmt.sign | fmt.power(1, fmt.quiet), fmt.power(-2),
                                       fmt.sign | fmt.power(-1, 1), fmt.power(fmt.f, 1), fmt.power(fmt.f - 1, 1)]
            environments = [0x1F80, 0x0FC0, 0x1F00] + ([0x7F80] if immediate & 4 else [])
            yield from ((shape, (v,), mxcsr) for v in values for mxcsr in environments)


def fused():
    forms = [("vfmadd231", "b9"), ("vfmsub231", "bb"), ("vfnmadd231", "bd"), ("vfnmsub231", "bf"),
             ("vfmadd132", "99"), ("vfmadd213", "a9")]
    for (form, opcode), (suffix, vex, fmt) in itertools.product(forms, [("ss", "71", BINARY32), ("sd", "f1", BINARY64)]):
        shape = (form + suffix, f"c4e2{vex}{opcode}c2", ["xmm0", "xmm1", "xmm2"], "xmm0", 64 if fmt is BINARY64 else 32)
        s, inf, q, one = fmt.sign, fmt.inf, fmt.quiet, fmt.power(0)
        nans = [inf | q | 1, s | inf | q | 2, inf | 3]
        # Which NaN wins, for every set of NaN sources (a 1.0 elsewhere).
        for mask in range(1, 8):
            sources = tuple(nans[i] if mask >> i & 1 else one for i in range(3))
            yield from ((shape, sources, mxcsr) for mxcsr in [0x1F80, 0x1F00])
        if not form.endswith("231"):
            continue
        tie = fmt.power(-fmt.f - 1)
        cases = [(inf | q, 0, inf), (inf | 1, 0, inf), (one, 0, inf), (1, 0, inf), (s | inf, one, inf), (s | one, one, one),
                 (s, 0, one), (0, 1, 1), (one, 1, one), (1, one, one), (one, inf, 1), (s | tie, one, one | 1),
                 (s | fmt.power(1), fmt.inf - 1, fmt.power(1)), (fmt.power(-fmt.bias), 1 << fmt.f, fmt.power(-1))]
        yield from ((shape, sources, mxcsr) for sources in cases for mxcsr in ENVIRONMENTS)


def half():
    shape = ("vcvtph2ps", "c4e27913c1", ["xmm1"], "xmm0", 32)
    yield from ((shape, (v,), mxcsr) for v in BINARY16.specials() + [0x3ff, 0x7bff] for mxcsr in [0x1F80, 0x1FC0, 0x1F00])
    values = BINARY32.specials() + [BINARY32.power(15, 0x7ff000), BINARY32.power(15, 0x7fe000), BINARY32.power(-24),
                                    BINARY32.power(-25), BINARY32.power(-25, 1), BINARY32.power(-15, 0x7ff000),
                                    BINARY32.power(0, 0x1000), BINARY32.power(0, 0x3000)]
    for immediate in range(5):
        shape = (f"vcvtps2ph/{immediate}", f"c4e3791dc1{immediate:02x}", ["xmm0"], "xmm1", 16)
        yield from ((shape, (v,), mxcsr) for v in values for mxcsr in [0x1F80, 0x7F80, 0x9FC0, 0x9780, 0x1B80, 0x0F80])


FAMILIES = {"arithmetic": arithmetic, "comparison": comparison, "conversion": conversion, "rounding": rounding,
            "fused": fused, "half": half}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in FAMILIES:
        sys.exit(__doc__)
    family = sys.argv[1]
    cases = list(FAMILIES[family]())
    with ThreadPoolExecutor(2) as pool:
        lines = list(pool.map(lambda c: run(c[0][0], c[0][1], c[0][2], c[1], c[0][3], c[0][4], c[2]), cases))
    print(f"""// Recorded on an AMD Zen 4 (EPYC, family 19h model 11h) with `x86fuzz exec` by
// `scripts/record-fp-answers.py {family}`; do not edit by hand. Each line: operation, MXCSR in,
// sources (hex, in `FloatOperation`'s order) -> result (`-` after #XM), MXCSR out.
extension KnownFloatAnswers {{
    static let {family} = \"\"\"""")
    for line in lines:
        print(f"        {line}")
    print('        """\n}')
