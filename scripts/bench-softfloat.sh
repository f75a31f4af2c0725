#!/usr/bin/env bash
# Nanoseconds per SoftFloat operation. Builds Sources/SoftFloat as a module with -O and
# scripts/bench-softfloat/main.swift against it (no SwiftPM, so it does not disturb .build), then
# runs it. Shared machines are noisy: compare numbers from one run.
#
# Usage: scripts/bench-softfloat.sh [NAME]   (only the benchmarks whose names contain NAME)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swiftc -O -wmo -parse-as-library -module-name SoftFloat -emit-module -emit-module-path "$work/SoftFloat.swiftmodule" \
    -emit-library -static -o "$work/libSoftFloat.a" Sources/SoftFloat/*.swift
swiftc -O -I "$work" -L "$work" -lSoftFloat scripts/bench-softfloat/main.swift -o "$work/bench-softfloat"
"$work/bench-softfloat" "$@"
