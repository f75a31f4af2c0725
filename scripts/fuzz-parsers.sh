#!/usr/bin/env bash
# Builds the parser fuzz targets with libFuzzer and AddressSanitizer and runs each for SECONDS.
#   scripts/fuzz-parsers.sh SECONDS [TARGET...]
# Targets (default: all): the names in Sources/ParserFuzzing/ParserFuzzTarget.swift. Each starts
# from fuzz/seeds/TARGET and grows a working corpus in .build/fuzz/corpus/TARGET. A crash, a
# broken invariant, a timeout or running out of memory fails the target: the input is kept in
# .build/fuzz/artifacts/TARGET; copy it into fuzz/crashers/TARGET once fixed, where the tests
# replay it. Exit codes: 0 every target ran clean; 1 a target failed; 2 usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/fuzz-parsers.sh SECONDS [TARGET...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
seconds=$1; shift
[[ "$seconds" =~ ^[1-9][0-9]{0,5}$ ]] || { echo "fuzz-parsers: SECONDS must be a whole number from 1 to 999999, not '$seconds'" >&2; exit 2; }

all=$(sed -n 's/^ *case [a-zA-Z]* = "\([a-z-]*\)"$/\1/p; s/^ *case \([a-z]*\)$/\1/p' Sources/ParserFuzzing/ParserFuzzTarget.swift)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || read -r -d '' -a targets <<<"$all" || true
for target in "${targets[@]}"; do
    grep -qx -- "$target" <<<"$all" || { echo "fuzz-parsers: unknown target '$target'; known: $(echo $all)" >&2; exit 2; }
done

scripts/setup.sh
build=.build/fuzz
flags=(-Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
echo "fuzz-parsers: building the fuzz targets (libFuzzer + AddressSanitizer) in $build"
mkdir -p "$build/logs"
swift build --build-path "$build" --target ParserFuzzing "${flags[@]}" >"$build/logs/build.log" 2>&1 \
    || { grep -E "error" "$build/logs/build.log" | head -20 >&2; echo "fuzz-parsers: the build failed; see $build/logs/build.log" >&2; exit 1; }
products=$build/debug
objects=()
# Every module built for ParserFuzzing is one of its dependencies: link them all, so a new module
# cannot be forgotten here.
shopt -s nullglob
for module in "$products"/*.build; do
    objects+=("$module"/*.o)
done
shopt -u nullglob
# ld.gold warns about ASan's local symbols; only errors matter.
rm -f "$build/parser-fuzzer"
swiftc -parse-as-library -sanitize=fuzzer,address -I "$products/Modules" -I Sources/CKVM/include \
    -Xcc -fmodule-map-file=Sources/CCapstone/module.modulemap -Xcc -fmodule-map-file="$products/CKVM.build/module.modulemap" \
    fuzz/ParserFuzzer.swift "${objects[@]}" $(pkg-config --libs capstone) -o "$build/parser-fuzzer" 2>&1 \
    | grep -v "Cannot export local symbol" || true
[ -x "$build/parser-fuzzer" ] || { echo "fuzz-parsers: the fuzzer did not link" >&2; exit 1; }

failed=()
for target in "${targets[@]}"; do
    corpus=$build/corpus/$target artifacts=$build/artifacts/$target log=$build/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
    status=0
    X86FUZZ_FUZZ_TARGET=$target "$build/parser-fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=4096 -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    if [ "$status" -eq 0 ]; then
        printf 'fuzz-parsers: %-15s clean: %s inputs in %s s (%s/s), corpus %s files\n' "$target" "${runs:-?}" "$seconds" "${rate:-?}" "$(ls "$corpus" | wc -l)"
    else
        failed+=("$target")
        echo "fuzz-parsers: $target FAILED (exit $status); log $log; input kept in $artifacts/:"
        grep -E "ERROR|SUMMARY|: .*(round-trip|accepted|cannot|changes)|Fatal error" "$log" | head -5 | sed 's/^/    /'
        ls "$artifacts" | sed 's/^/    /'
    fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz-parsers: failed: ${failed[*]}" >&2; exit 1; }
echo "fuzz-parsers: all ${#targets[@]} targets ran clean for $seconds s each"
