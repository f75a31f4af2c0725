#!/usr/bin/env bash
# Host instructions per case of the batch executor's path and of a whole campaign, counted by
# callgrind: the guest's code runs inside KVM_RUN and is not counted, so this is the Swift (and C
# library) work a case costs on the host, deterministic where wall clock is not. Each figure is the
# difference between a larger and a smaller run divided by the difference in cases, so start-up,
# decoding the case set and the final summary cancel out.
#
#   exec:     bench exec --campaign-mix 1 --executor batch, 60,000 minus 20,000 cases
#   campaign: fuzz --seed 1 --jobs 1 --executor batch, 120,000 minus 40,000 cases
#
# Usage: scripts/host-instructions.sh [BINARY]   (default: a fresh release build; needs valgrind and
# /dev/kvm; about ten minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "host-instructions: valgrind is not installed (apt-get install -y valgrind)" >&2; exit 2; }
binary=${1:-}
if [ -z "$binary" ]; then
    swift build -c release >/dev/null
    binary=.build/release/x86fuzz
fi
[ -x "$binary" ] || { echo "host-instructions: $binary is not an executable" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind cannot read the release build's debug info: measure a copy without it.
strip --strip-debug -o "$work/x86fuzz" "$binary"
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/x86fuzz" "$@" 2>&1 >/dev/null \
        | grep -oE 'Collected : [0-9]+' | grep -oE '[0-9]+$'
}
exec_small=$(count bench exec --campaign-mix 1 --executor batch --cases 20000)
exec_large=$(count bench exec --campaign-mix 1 --executor batch --cases 60000)
campaign() { rm -rf "$work/corpus"; count fuzz --seed 1 --jobs 1 --executor batch --quiet --corpus "$work/corpus" --cases "$1"; }
campaign_small=$(campaign 40000)
campaign_large=$(campaign 120000)
awk -v a="$exec_small" -v b="$exec_large" -v c="$campaign_small" -v d="$campaign_large" 'BEGIN {
    printf "{\"execInstructionsPerCase\": %d, \"campaignInstructionsPerCase\": %d}\n", (b - a) / 40000, (d - c) / 80000
}'
