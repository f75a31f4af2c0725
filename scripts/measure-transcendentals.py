#!/usr/bin/env python3
"""Measures how far this CPU's x87 transcendentals are from the correctly rounded result.

Runs each instruction (FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1) through `x86fuzz exec`
on random 80-bit operands drawn per argument range, computes the exact value with mpmath at 256
bits, and prints the largest error per instruction and range in units in the last place of the
64-bit significand (precision control extended, rounding to nearest), with how many results were
correctly rounded. Out-of-range arguments (|x| >= 2^63 for the trigonometric ones) are checked to
set C2 and leave the operand as it was. docs/PLATFORM.md ("x87 transcendentals") quotes its table.

A development measurement, not part of the product: it needs mpmath (pip install mpmath) and
/dev/kvm. Usage: scripts/measure-transcendentals.py [--per-range N] [--seed S] [--x86fuzz PATH]
"""
import argparse
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

try:
    import mpmath
except ImportError:
    sys.exit("measure-transcendentals: needs mpmath (pip install mpmath)")

mpmath.mp.prec = 256
BIAS = 16383


def encode(value):
    """The 80-bit extended encoding (as 20 hex digits) nearest to a nonzero finite mpmath value."""
    sign = 1 if value < 0 else 0
    magnitude = abs(value)
    exponent = int(mpmath.floor(mpmath.log(magnitude, 2)))
    significand = int(mpmath.nint(magnitude * mpmath.mpf(2) ** (63 - exponent)))
    if significand >= 1 << 64:
        significand >>= 1
        exponent += 1
    while significand < 1 << 63:
        significand <<= 1
        exponent -= 1
    return "0x%04x%016x" % ((sign << 15) | (exponent + BIAS), significand)


def decode(text):
    """An mpmath value of an 80-bit encoding, or None for NaN, infinity and unsupported formats."""
    bits = int(text, 16)
    sign = -1 if bits >> 79 else 1
    exponent = (bits >> 64) & 0x7FFF
    significand = bits & ((1 << 64) - 1)
    if exponent == 0x7FFF or (exponent != 0 and significand >> 63 == 0):
        return None
    if exponent == 0:
        return sign * mpmath.mpf(significand) * mpmath.mpf(2) ** (1 - BIAS - 63)
    return sign * mpmath.mpf(significand) * mpmath.mpf(2) ** (exponent - BIAS - 63)


def ulp_error(result, exact):
    """|result - exact| in units in the last place of a 64-bit significand at exact's binade."""
    if exact == 0:
        return 0.0 if result == 0 else float("inf")
    unit = mpmath.mpf(2) ** (int(mpmath.floor(mpmath.log(abs(exact), 2))) - 63)
    return float(abs(result - exact) / unit)


def log_uniform(rng, low, high):
    """A random value whose binary exponent is uniform over [low, high), with a random sign."""
    value = mpmath.mpf(2) ** mpmath.mpf(rng.uniform(float(mpmath.log(low, 2)), float(mpmath.log(high, 2))))
    return value if rng.random() < 0.5 else -value


def near_multiple(rng, quarter_turns_max):
    """An 80-bit value next to k * pi/2: where the CPU's reduction constant shows."""
    k = rng.randint(1, quarter_turns_max)
    value = decode(encode(k * mpmath.pi / 2))
    value += rng.randint(-8, 8) * mpmath.mpf(2) ** (int(mpmath.floor(mpmath.log(value, 2))) - 63)
    return value if rng.random() < 0.5 else -value


def reduced(x):
    """x as the CPU reduces it: measured in multiples of its pi (pi rounded to PI_BITS bits)."""
    return x if PI_BITS is None else x * mpmath.pi / PI_ROUNDED


def uniform(rng, low, high):
    return mpmath.mpf(rng.uniform(low, high))


PI = mpmath.pi
PI_BITS = None
PI_ROUNDED = None
# instruction: (bytes, (range name, operands st0, st1, ...) per range, exact results as
# (stack position, value) pairs from the operands)
TRIG_RANGES = [
    ("|x| < pi/4", lambda r: log_uniform(r, mpmath.mpf(2) ** -30, PI / 4)),
    ("pi/4 <= |x| < pi", lambda r: log_uniform(r, PI / 4, PI)),
    ("pi <= |x| < 2^10", lambda r: log_uniform(r, PI, 2 ** 10)),
    ("2^10 <= |x| < 2^62", lambda r: log_uniform(r, 2 ** 10, mpmath.mpf(2) ** 62)),
    ("x near k*pi/2, k < 2^20", lambda r: near_multiple(r, 1 << 20)),
]
INSTRUCTIONS = {
    "fsin": ("d9fe", [(name, lambda r, f=f: (f(r),)) for name, f in TRIG_RANGES],
             lambda x: [(0, mpmath.sin(reduced(x)))]),
    "fcos": ("d9ff", [(name, lambda r, f=f: (f(r),)) for name, f in TRIG_RANGES],
             lambda x: [(0, mpmath.cos(reduced(x)))]),
    "fsincos": ("d9fb", [(name, lambda r, f=f: (f(r),)) for name, f in TRIG_RANGES],
                lambda x: [(0, mpmath.cos(reduced(x))), (1, mpmath.sin(reduced(x)))]),
    "fptan": ("d9f2", [(name, lambda r, f=f: (f(r),)) for name, f in TRIG_RANGES],
              lambda x: [(0, mpmath.mpf(1)), (1, mpmath.tan(reduced(x)))]),
    "fpatan": ("d9f3", [
        ("|y/x| < 1", lambda r: (uniform(r, 1, 2) * (1 if r.random() < 0.5 else -1), uniform(r, -1, 1))),
        ("|y/x| >= 1", lambda r: (uniform(r, -1, 1), uniform(r, 1, 2) * (1 if r.random() < 0.5 else -1))),
        ("wide exponents", lambda r: (log_uniform(r, mpmath.mpf(2) ** -60, mpmath.mpf(2) ** 60),
                                      log_uniform(r, mpmath.mpf(2) ** -60, mpmath.mpf(2) ** 60))),
    ], lambda x, y: [(0, mpmath.atan2(y, x))]),
    "f2xm1": ("d9f0", [
        ("|x| < 2^-10", lambda r: (log_uniform(r, mpmath.mpf(2) ** -40, mpmath.mpf(2) ** -10),)),
        ("2^-10 <= |x| <= 1", lambda r: (log_uniform(r, mpmath.mpf(2) ** -10, 1),)),
    ], lambda x: [(0, mpmath.power(2, x) - 1)]),
    "fyl2x": ("d9f1", [
        ("x near 1", lambda r: (1 + uniform(r, -2 ** -8, 2 ** -8), uniform(r, 0.5, 2))),
        ("x wide", lambda r: (abs(log_uniform(r, mpmath.mpf(2) ** -100, mpmath.mpf(2) ** 100)), uniform(r, -2, 2))),
    ], lambda x, y: [(0, y * mpmath.log(x, 2))]),
    "fyl2xp1": ("d9f9", [
        ("|x| < 2^-10", lambda r: (log_uniform(r, mpmath.mpf(2) ** -40, mpmath.mpf(2) ** -10), uniform(r, 0.5, 2))),
        ("2^-10 <= |x| < 1 - sqrt(2)/2", lambda r: (log_uniform(r, mpmath.mpf(2) ** -10, 1 - mpmath.sqrt(2) / 2),
                                                     uniform(r, 0.5, 2))),
    ], lambda x, y: [(0, y * mpmath.log(1 + x, 2))]),
}


def run(x86fuzz, hex_bytes, operands):
    """st0 (and st1) set to the operands, TOP 0, every register but physical 7 valid, all masked."""
    command = [x86fuzz, "exec", hex_bytes, "--set", "fcw=0x37f", "--set", "fsw=0", "--set", "ftw=0x7f", "--json"]
    for position, value in enumerate(operands):
        command += ["--set", "st%d=%s" % (position, encode(value))]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)["after"]


def measure(x86fuzz, per_range, seed):
    rng = random.Random(seed)
    rows = []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for name, (hex_bytes, ranges, exact) in INSTRUCTIONS.items():
            for range_name, draw in ranges:
                operands = [tuple(decode(encode(v)) for v in draw(rng)) for _ in range(per_range)]
                outcomes = list(pool.map(lambda ops: run(x86fuzz, hex_bytes, ops), operands))
                worst, rounded, worst_case = 0.0, 0, None
                for ops, after in zip(operands, outcomes):
                    errors = []
                    for position, value in exact(*ops):
                        result = decode(after["st%d" % position])
                        errors.append(float("inf") if result is None else ulp_error(result, value))
                    error = max(errors)
                    rounded += error <= 0.5
                    if error > worst:
                        worst, worst_case = error, ops
                rows.append((name, range_name, per_range, worst, rounded, worst_case))
                print("%-8s %-30s worst %10.3f ulp  correctly rounded %4d/%d  worst at %s" % (
                    name, range_name, worst, rounded, per_range,
                    " ".join(encode(v) for v in worst_case) if worst_case else "-"), flush=True)
    return rows


def out_of_range(x86fuzz):
    """|x| >= 2^63: C2 set, the operand (and the stack) unchanged, for FSIN FCOS FSINCOS FPTAN."""
    failures = 0
    for name in ("fsin", "fcos", "fsincos", "fptan"):
        for value in (mpmath.mpf(2) ** 63, -(mpmath.mpf(2) ** 63) * 3, mpmath.mpf(2) ** 1000):
            after = run(x86fuzz, INSTRUCTIONS[name][0], (value,))
            c2 = (int(after["fsw"], 16) >> 10) & 1
            top = (int(after["fsw"], 16) >> 11) & 7
            ok = c2 == 1 and top == 0 and after["st0"] == encode(value)
            failures += not ok
            print("%-8s x = %s: C2 %d, TOP %d, st0 %s%s" % (name, encode(value), c2, top, after["st0"],
                                                            "" if ok else "   <- not as documented"))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-range", type=int, default=200, help="operands per argument range (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--pi-bits", type=int, help="compare the trigonometric results with the exact function of "
                        "x * pi / P, P being pi rounded to this many bits (the CPU's own reduction constant)")
    parser.add_argument("--x86fuzz", default=".build/release/x86fuzz", help="the x86fuzz binary")
    arguments = parser.parse_args()
    if arguments.per_range < 1:
        parser.error("--per-range must be at least 1")
    if not os.access(arguments.x86fuzz, os.X_OK):
        sys.exit("measure-transcendentals: no x86fuzz at %s (swift build -c release)" % arguments.x86fuzz)
    if arguments.pi_bits is not None:
        global PI_BITS, PI_ROUNDED
        if not 2 <= arguments.pi_bits <= 200:
            parser.error("--pi-bits must be between 2 and 200")
        PI_BITS = arguments.pi_bits
        PI_ROUNDED = mpmath.nint(mpmath.pi * mpmath.mpf(2) ** (PI_BITS - 2)) / mpmath.mpf(2) ** (PI_BITS - 2)
    measure(arguments.x86fuzz, arguments.per_range, arguments.seed)
    sys.exit(1 if out_of_range(arguments.x86fuzz) else 0)


if __name__ == "__main__":
    main()
