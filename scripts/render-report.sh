#!/usr/bin/env bash
# Renders an HTML report (x86fuzz report --html) in headless Chromium to a PNG, to check it in a
# real browser and to keep a screenshot. Usage: scripts/render-report.sh REPORT.html OUT.png [WIDTH [HEIGHT]]
# Needs Debian's chromium (apt-get install chromium). Exit 0 written, 2 usage or no browser, 1 render failed.
set -uo pipefail
if [ $# -lt 2 ] || [ $# -gt 4 ]; then
    echo "usage: scripts/render-report.sh REPORT.html OUT.png [WIDTH [HEIGHT]]" >&2
    exit 2
fi
html=$1 png=$2 width=${3:-1500} height=${4:-12000}
[ -f "$html" ] || { echo "render-report: $html is not a file" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "render-report: no chromium on PATH (apt-get install chromium)" >&2; exit 2; }
# Headless Chromium shoots the window, not the page: HEIGHT (default 12000) must be the page's
# height or more; the rest of the picture is white.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$(realpath "$html")"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$width,$height" --screenshot="$png" "$url" >/dev/null 2>&1
[ -s "$png" ] || { echo "render-report: chromium wrote no screenshot" >&2; exit 1; }
echo "render-report: $png"
