#!/usr/bin/env bash
# Renders the sample reports (the HTML redline, the provision history and the index) in
# headless Chromium at a phone width and a desktop width, so a person can look at them.
# Not part of CI. Usage: scripts/screenshots.sh [OUT_DIR]   (default: target/screenshots)
#
# Needs Debian's `chromium` package; installs it when missing (as root, with apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-target/screenshots}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
    echo "scripts/screenshots.sh: installing chromium" >&2
    apt-get update && apt-get install -y chromium
fi

cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/draftdiff"

# A fresh reports folder from the sample drafts, exactly as `run` writes it.
rm -rf "$out/reports"
"$bin" run --drafts drafts --reports "$out/reports" --quiet || true

# The report of the sample's one step, whatever its versions are called.
report="$(find "$out/reports/peace-plan" -name '*..*.html' | sort | head -n 1)"
pages=(
    "report:$report"
    "history:$out/reports/peace-plan/history.html"
    "index:$out/reports/peace-plan/index.html"
)

shoot() { # name url width height
    local profile
    profile="$(mktemp -d)"
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --user-data-dir="$profile" --screenshot="$out/$1.png" --window-size="$3,$4" \
        "$2" >/dev/null 2>&1
    rm -rf "$profile"
    echo "$out/$1.png"
}

for page in "${pages[@]}"; do
    name="${page%%:*}"
    file="${page#*:}"
    url="file://$file"
    shoot "$name-phone" "$url" 390 2400
    shoot "$name-desktop" "$url" 1280 2000
done
# The no-script filter with "Removed" picked: a copy of the page with that radio checked
# (and the header and key changes hidden, so the list is in the picture).
# (Headless screenshots ignore a URL's #fragment, so anchors are checked by tests instead.)
sed -e 's/id="show-all" class="pick" checked/id="show-all" class="pick"/' \
    -e 's/id="show-removed" class="pick"/id="show-removed" class="pick" checked/' \
    -e 's|</head>|<style>header.top,.key{display:none}</style></head>|' \
    "$report" >"$out/report-filtered.html"
shoot "report-filtered-phone" "file://$out/report-filtered.html" 390 1600
# A PDF, to check the print style sheet (pdftoppm, from poppler-utils, turns it into PNGs).
profile="$(mktemp -d)"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --no-pdf-header-footer --print-to-pdf="$out/report-print.pdf" "file://$report" >/dev/null 2>&1
rm -rf "$profile"
if command -v pdftoppm >/dev/null 2>&1; then
    pdftoppm -png -r 60 -l 3 "$out/report-print.pdf" "$out/report-print"
    ls "$out"/report-print*.png
else
    echo "$out/report-print.pdf (install poppler-utils to get PNG pages)"
fi
