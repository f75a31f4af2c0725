#!/usr/bin/env bash
# Merges the shards of a fleet run into one corpus and one report; deploy/kubernetes and
# deploy/github-actions run it after their shards. Each shard left a stats.json with its corpus/
# beside it, somewhere under SHARDS_DIR (scripts/nightly.sh writes <reports>/<date>/, the
# Kubernetes job shard-<i>/), having started from a copy of the committed corpus.
#
#   deploy/merge-shards.sh SHARDS_DIR OUT_DIR COUNT
#
# Writes OUT_DIR/corpus (the shards' corpora merged, the committed corpus's hits counted once)
# and OUT_DIR/summary.md (the shards' stats summed, a table of the shards). Exits 0 when nothing
# is new, 1 when the shards found new signatures, 2 when a shard is missing or the merge is
# refused (one line says why).
#
# Environment:
#   X86FUZZ        the binary (default .build/release/x86fuzz)
#   X86FUZZ_BASE   the corpus every shard started from (default corpus)
#   X86FUZZ_TITLE  the report's title (default "x86fuzz fleet run")
set -uo pipefail
if [ $# -ne 3 ]; then
    echo "usage: $0 SHARDS_DIR OUT_DIR COUNT" >&2
    exit 2
fi
shards=$1 out=$2 count=$3
x86fuzz=${X86FUZZ:-.build/release/x86fuzz}
base=${X86FUZZ_BASE:-corpus}

mapfile -t stats < <(find "$shards" -name stats.json -type f | sort)
if [ "${#stats[@]}" -ne "$count" ]; then
    echo "merge-shards: found ${#stats[@]} stats.json under $shards, expected one from each of $count shards" >&2
    exit 2
fi
corpora=()
reports=()
for file in "${stats[@]}"; do
    corpora+=("$(dirname "$file")/corpus")
    reports+=(--stats "$file")
done

mkdir -p "$out" || exit 2
# The merged corpus is made anew from the shards, so that a rerun never counts hits twice.
rm -rf "$out/corpus"
"$x86fuzz" corpus merge --base "$base" --into "$out/corpus" "${corpora[@]}" || exit 2
"$x86fuzz" report "${reports[@]}" --fail-on-news --title "${X86FUZZ_TITLE:-x86fuzz fleet run}" \
    --html "$out/report.html" >"$out/summary.md"
status=$?
[ "$status" -le 1 ] || exit 2
echo "merge-shards: $out/summary.md, $out/report.html, $out/corpus"
exit "$status"
