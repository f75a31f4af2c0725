#!/usr/bin/env bash
# Throughput in interleaved rounds, with the ratios the issues ask for computed per round.
# Shared machines drift by up to a third within minutes, so a ratio compares numbers measured
# back to back, and the median over rounds is the figure to quote.
#
# Usage: scripts/bench-rounds.sh [ROUNDS]   (default 5; about 45 s per round on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench-rounds: ROUNDS must be a positive integer, not '$rounds'" >&2; exit 2; }

swift build -c release >/dev/null
x86fuzz=.build/release/x86fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# casesPerSecond from a JSON object on stdin (pretty or compact), as an integer.
rate() { grep -oE '"casesPerSecond" ?: ?[0-9.e+]+' | grep -oE '[0-9.e+]+$' | awk '{ printf "%d\n", $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
campaign() {
    rm -rf "$work/corpus"
    "$x86fuzz" fuzz --seed 1 --cases "$1" --jobs "$2" --quiet --corpus "$work/corpus" --stats "$work/stats.json" >/dev/null
    rate <"$work/stats.json"
}

printf '%-6s %9s %9s %9s %9s %9s %10s %9s | %8s %8s %8s\n' \
    round exec mix jobs1 jobs2 generate model "" "j1/exec" "j1/mix" "j2/j1"
for round in $(seq "$rounds"); do
    exec_rate=$("$x86fuzz" bench exec --cases 100000 --json | rate)
    mix_rate=$("$x86fuzz" bench exec --campaign-mix 1 --cases 100000 --json | rate)
    jobs1=$(campaign 150000 1)
    jobs2=$(campaign 300000 2)
    generate=$("$x86fuzz" bench generate --json | rate)
    model=$("$x86fuzz" bench model --json | rate)
    printf '%-6s %9s %9s %9s %9s %9s %10s %9s | %8s %8s %8s\n' "$round" "$exec_rate" "$mix_rate" "$jobs1" "$jobs2" \
        "$generate" "$model" "" "$(ratio "$jobs1" "$exec_rate")" "$(ratio "$jobs1" "$mix_rate")" "$(ratio "$jobs2" "$jobs1")"
done
