#!/usr/bin/env python3
"""An example x86fuzz target: a plug-in emulator speaking the `exec:` protocol (docs/TARGETS.md).

x86fuzz starts it once (`--target exec:scripts/example-target.py`) and writes one case per line
on stdin; it answers each with one line on stdout: the outcome in the `after` shape of
`x86fuzz exec --json`, or {"unsupported": "why"}. Copy it and put your emulator where `step` is.

This one emulates two instructions, enough to show the protocol: NOP (90) and ADD r64, r64
(REX.W 01 /r with a register operand, REX.R and REX.B honoured). Python 3 standard library only.
"""
import json
import sys

GPRS = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
MASK = (1 << 64) - 1
CF, PF, AF, ZF, SF, OF = 1 << 0, 1 << 2, 1 << 4, 1 << 6, 1 << 7, 1 << 11


def number(text):
    return int(text, 16)


def add_flags(rflags, a, b, result):
    """RFLAGS after a 64-bit ADD (Intel SDM Vol. 2, ADD: OF SF ZF AF CF PF)."""
    rflags &= ~(CF | PF | AF | ZF | SF | OF)
    if a + b > MASK:
        rflags |= CF
    result &= MASK
    if bin(result & 0xFF).count("1") % 2 == 0:
        rflags |= PF
    if (a ^ b ^ result) & 0x10:
        rflags |= AF
    if result == 0:
        rflags |= ZF
    if result >> 63:
        rflags |= SF
    if ((a ^ result) & (b ^ result)) >> 63:
        rflags |= OF
    return rflags


def step(case):
    """One instruction from the case's state: the `after` object, or None where not covered."""
    code = bytes.fromhex(case["instruction"]["bytes"])
    before = case["before"]
    gpr = {name: number(value) for name, value in before["gpr"].items()}
    rip = number(case["layout"]["codeAddress"])
    rflags = number(before["rflags"])
    if code[:1] == b"\x90":
        length = 1
    elif len(code) >= 3 and code[0] & 0xFA == 0x48 and code[1] == 0x01 and code[2] >> 6 == 3:
        rex, modrm = code[0], code[2]
        source = GPRS[((modrm >> 3) & 7) | ((rex & 4) << 1)]
        destination = GPRS[(modrm & 7) | ((rex & 1) << 3)]
        a, b = gpr[destination], gpr[source]
        rflags = add_flags(rflags, a, b, a + b)
        gpr[destination] = (a + b) & MASK
        length = 3
    else:
        return None
    return {
        "outcome": "completed",
        "exception": None,
        "rip": hex(rip + length),
        "gpr": {name: hex(value) for name, value in gpr.items()},
        "rflags": hex(rflags),
        "memoryWrites": [],
        # No vector keys: this emulator does not report the vector registers, so they are not compared.
    }


def main():
    for line in sys.stdin:
        after = step(json.loads(line))
        reply = after if after is not None else {"unsupported": "the example emulates only NOP and ADD r64, r64"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
