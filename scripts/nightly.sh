#!/usr/bin/env bash
# The nightly job: a time-boxed campaign with a date-derived seed on every core, a replay of the
# committed corpus, and a report. Exits 1 on any new divergence signature or replay regression
# (or change), 2 on a usage error or unreadable corpus entry, 3 when the harness fails.
#
# Environment:
#   X86FUZZ_DURATION  campaign length (default 30m; 90, 90s, 10m, 2h)
#   X86FUZZ_SEED      seed (default: today's date as YYYYMMDD, so reruns of a day repeat)
#   X86FUZZ_SHARD     i/n to run one shard of a fleet (default 0/1)
#   X86FUZZ_JOBS      worker threads (default: every core)
#   X86FUZZ_REPORTS   where reports/<date>/ goes (default: reports)
#   X86FUZZ_NIGHT     the night's directory name under it (default: today's date, YYYY-MM-DD)
# It writes summary.md (Markdown) and report.html (one self-contained page with plots, the trend
# taken from every night under X86FUZZ_REPORTS); scripts/render-report.sh makes a PNG of it.
set -uo pipefail
cd "$(dirname "$0")/.."

date=$(date -u +%Y-%m-%d)
seed=${X86FUZZ_SEED:-$(date -u +%Y%m%d)}
shard=${X86FUZZ_SHARD:-0/1}
duration=${X86FUZZ_DURATION:-30m}
jobs=${X86FUZZ_JOBS:-$(nproc)}
reports=${X86FUZZ_REPORTS:-reports}
out=$reports/${X86FUZZ_NIGHT:-$date}
mkdir -p "$out"

scripts/setup.sh || exit 2
swift build -c release >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 2; }
x86fuzz=.build/release/x86fuzz

# The campaign writes into a copy of the committed corpus, so "new" means new to the corpus.
rm -rf "$out/corpus"
mkdir -p "$out/corpus"
cp corpus/*.json "$out/corpus/" 2>/dev/null || true
"$x86fuzz" fuzz --seed "$seed" --shard "$shard" --duration "$duration" --jobs "$jobs" \
    --corpus "$out/corpus" --stats "$out/stats.json"
fuzz_status=$?
[ "$fuzz_status" -eq 0 ] || exit "$fuzz_status"

"$x86fuzz" replay corpus --junit "$out/junit.xml" --json "$out/replay.json"
replay_status=$?

"$x86fuzz" report --stats "$out/stats.json" --replay "$out/replay.json" --fail-on-news \
    --html "$out/report.html" --history "$reports" \
    --title "x86fuzz nightly $date (seed $seed, shard $shard)" >"$out/summary.md"
report_status=$?
echo "report: $out/summary.md, $out/report.html"
[ "$replay_status" -eq 2 ] && exit 2
[ "$report_status" -eq 1 ] && exit 1
[ "$report_status" -ne 0 ] && exit 2
exit 0
