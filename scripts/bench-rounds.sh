#!/usr/bin/env bash
# Throughput in interleaved rounds, with the ratios the issues ask for computed per round.
# Shared machines drift by up to a third within minutes, so a ratio compares numbers measured
# back to back, and the median over rounds is the figure to quote.
#
# Per round: one KVM_RUN per case from C (the floor, scripts/batch-costs.sh), bench exec on the
# fixed mix and on the campaign mix with each executor, campaigns (seed 1) with each executor at
# --jobs 1 and 2, bench generate and bench model.
#
# Usage: scripts/bench-rounds.sh [ROUNDS]   (default 5; about a minute per round on 2 cores)
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
    "$x86fuzz" fuzz --seed 1 --cases "$1" --jobs "$2" --executor "$3" --quiet --corpus "$work/corpus" --stats "$work/stats.json" >/dev/null
    rate <"$work/stats.json"
}

printf '%-5s %7s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s | %7s %7s %7s %7s %7s %7s\n' round floor \
    exec-s exec-b mix-s mix-b j1-s j1-b j2-s j2-b generate model \
    mix-b/s mix-b/fl exec-b/s j1-b/s j2-b/s j2/j1-b
for round in $(seq "$rounds"); do
    floor=$(scripts/batch-costs.sh --floor 20000 | rate)
    exec_s=$("$x86fuzz" bench exec --cases 50000 --executor single-step --json | rate)
    exec_b=$("$x86fuzz" bench exec --cases 200000 --executor batch --json | rate)
    mix_s=$("$x86fuzz" bench exec --campaign-mix 1 --cases 50000 --executor single-step --json | rate)
    mix_b=$("$x86fuzz" bench exec --campaign-mix 1 --cases 200000 --executor batch --json | rate)
    j1_s=$(campaign 100000 1 single-step)
    j1_b=$(campaign 400000 1 batch)
    j2_s=$(campaign 200000 2 single-step)
    j2_b=$(campaign 800000 2 batch)
    generate=$("$x86fuzz" bench generate --json | rate)
    model=$("$x86fuzz" bench model --json | rate)
    printf '%-5s %7s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s | %7s %7s %7s %7s %7s %7s\n' "$round" "$floor" \
        "$exec_s" "$exec_b" "$mix_s" "$mix_b" "$j1_s" "$j1_b" "$j2_s" "$j2_b" "$generate" "$model" \
        "$(ratio "$mix_b" "$mix_s")" "$(ratio "$mix_b" "$floor")" "$(ratio "$exec_b" "$exec_s")" \
        "$(ratio "$j1_b" "$j1_s")" "$(ratio "$j2_b" "$j2_s")" "$(ratio "$j2_b" "$j1_b")"
done
