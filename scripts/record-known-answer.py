#!/usr/bin/env python3
"""Runs cases on the CPU with `x86fuzz exec --json` and prints them as known-answer vectors.

Usage: scripts/record-known-answer.py "4801d8 rax=1 rbx=2" ["f7f1 rax=10 mem:0x20000=01" ...]

Each input is the instruction's hex, then `reg=value` assignments and `mem:ADDR=HEX` patches.
Each output line is a Swift literal `("input", "expected")` for the SemanticsTests tables, where
`expected` lists what the CPU changed: an exception (`#PF(0x4) cr2=0x40000000`), RIP when it is not
the next instruction, GPRs that changed, RFLAGS when they changed, memory writes, and the YMM
registers, MXCSR, FCW, FSW, FTW, ST0-ST7 (in stack order, after FSW) and FOP, FIP, FDP when they
changed.
"""
import json
import os
import subprocess
import sys

BINARY = os.environ.get("X86FUZZ_BINARY", os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "x86fuzz"))


def record(text):
    words = text.split()
    arguments = [BINARY, "exec", words[0], "--json"]
    for word in words[1:]:
        if word.startswith("mem:"):
            arguments += ["--memory", word[4:]]
        else:
            arguments += ["--set", word]
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{text}: {result.stderr.strip()}")
    report = json.loads(result.stdout)
    before, after = report["before"], report["after"]
    length = len(report["instruction"]["bytes"]) // 2
    parts = []
    exception = after["exception"]
    if exception:
        parts.append(exception["name"] + (f"({exception['errorCode']})" if exception["errorCode"] else ""))
        if exception["cr2"]:
            parts.append(f"cr2={exception['cr2']}")
    default_rip = int(before["rip"], 16) + (0 if exception and exception["name"] not in ("#BP", "#OF") else length)
    if int(after["rip"], 16) != default_rip:
        parts.append(f"rip={after['rip']}")
    for name, value in before["gpr"].items():
        if after["gpr"][name] != value:
            parts.append(f"{name}={after['gpr'][name]}")
    if after["rflags"] != before["rflags"]:
        parts.append(f"rflags={after['rflags']}")
    for write in after["memoryWrites"]:
        parts.append(f"mem:{write['address']}={write['bytes']}")
    for index in range(16):
        name = f"ymm{index}"
        if name in after and after[name] != before[name]:
            parts.append(f"{name}={after[name]}")
    if "mxcsr" in after and after["mxcsr"] != before["mxcsr"]:
        parts.append(f"mxcsr={after['mxcsr']}")
    # The x87 state, FCW and FSW first: FSW sets TOP, and ST(i) is in stack order after it.
    for name in ["fcw", "fsw", "ftw"] + [f"st{index}" for index in range(8)] + ["fop", "fip", "fdp"]:
        if name in after and after[name] != before[name]:
            parts.append(f"{name}={after[name]}")
    return f'("{text}", "{" ".join(parts)}"),'


for case in sys.argv[1:]:
    print(record(case))
