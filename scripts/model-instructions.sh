#!/usr/bin/env bash
# Instructions per `bench model` evaluation, counted by callgrind: deterministic where wall-clock
# time on a shared machine is not, so it tells a 2% change in the model from noise. The count is
# the difference between runs of 150,000 and 50,000 evaluations, divided by 100,000, so the
# set-up (decoding the case set, loading libraries) cancels out.
#
# Usage: scripts/model-instructions.sh [BINARY [BENCH-MODEL-OPTIONS...]]   (default: a fresh release
# build; e.g. `scripts/model-instructions.sh .build/release/x86fuzz --focus fp` for floating point)
# Needs valgrind (apt-get install -y valgrind); it cannot read the release build's debug info, so
# the script measures a copy with the debug info stripped.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "model-instructions: valgrind is not installed (apt-get install -y valgrind)" >&2; exit 2; }
binary=${1:-}
shift || true
if [ -z "$binary" ]; then
    swift build -c release >/dev/null
    binary=.build/release/x86fuzz
fi
[ -x "$binary" ] || { echo "model-instructions: $binary is not an executable" >&2; exit 2; }
extra=("$@")
stripped=$(mktemp)
trap 'rm -f "$stripped"' EXIT
strip --strip-debug -o "$stripped" "$binary"
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$stripped" bench model --evaluations "$1" "${extra[@]}" 2>&1 \
        | grep -oE 'Collected : [0-9]+' | grep -oE '[0-9]+$'
}
small=$(count 50000)
large=$(count 150000)
echo "instructions per model evaluation: $(( (large - small) / 100000 ))"
