#!/usr/bin/env bash
# What `draftdiff run` costs as a document's history grows: one document of successive
# versions of PROVISIONS provisions (default 2,000, about 810 KB each), each made from the
# one before by the generator's edits (5% reworded, 2% removed, 2% added, 3% moved).
#
#   benches/pipeline-growth.sh [VERSIONS...]            default: 40 200
#
# For each length N, in one run: the single new comparison (`diff --format json -o` of
# versions N-1 and N), a cold `run` on versions 1..N-1, `run` after adding version N, and
# the bytes of the drafts and of the reports. Time is wall-clock and CPU seconds, memory
# the peak resident set (GNU time's %M). Targets (issue 15): adding one version costs at
# most 4x the single comparison in time and memory; a cold run peaks at no more than 4x
# the drafts' size.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-/tmp/draftdiff-bench}/growth
PROVISIONS=${PROVISIONS:-2000}
if [ $# -gt 0 ]; then LENGTHS=("$@"); else LENGTHS=(40 200); fi
. benches/common.sh
DRAFTDIFF=$(draftdiff_binary)

# `wall cpu peak_MB` of one command (its output goes to $WORK/out.log).
measure() {
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/out.log" 2>&1 || true
    # The last line: GNU time puts "Command exited with non-zero status" first (diff exits 1).
    tail -n 1 "$WORK/time.txt" | awk '{ printf "%.2f s | %.2f s | %.0f MB", $1, $2 + $3, $4 / 1024 }'
}
megabytes() { du -sb "$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }

echo "# draftdiff run as the history grows: $PROVISIONS provisions per version ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
histories=()
echo "| versions | drafts | what | wall | cpu | peak memory | reports |"
echo "|---:|---:|---|---:|---:|---:|---:|"
for n in "${LENGTHS[@]}"; do
    rm -rf "$WORK"
    mkdir -p "$WORK/series" "$WORK/tree/drafts/doc"
    "$DRAFTDIFF" synth --provisions "$PROVISIONS" --versions "$n" --out "$WORK/series"
    last=$(printf 'v%03d.yaml' "$n")
    before=$(printf 'v%03d.yaml' "$((n - 1))")
    for f in "$WORK"/series/v*.yaml; do
        [ "$(basename "$f")" = "$last" ] || cp "$f" "$WORK/tree/drafts/doc/"
    done
    drafts=$(megabytes "$WORK/series")
    single=$(measure "$DRAFTDIFF" diff --format json -o "$WORK/single.json" \
        "$WORK/series/$before" "$WORK/series/$last")
    echo "| $n | $drafts | the new comparison alone | $single | |"
    cd "$WORK/tree"
    cold=$(measure "$DRAFTDIFF" run --quiet)
    echo "| $n | | cold run, $((n - 1)) versions | $cold | $(megabytes reports) |"
    cp "$WORK/series/$last" drafts/doc/
    added=$(measure "$DRAFTDIFF" run --quiet)
    echo "| $n | | run after adding version $n | $added | $(megabytes reports) |"
    histories+=("| $n | $drafts | $(cat reports/*/history.* | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }') | $(megabytes reports/.draftdiff-cache) |")
    cd - >/dev/null
done
# Issue 15: a document's history files together stay below the size of its drafts. The
# saved states are a cache (never committed), shown apart.
echo
echo "| versions | drafts | history files (md, json, html) | saved states (.draftdiff-cache) |"
echo "|---:|---:|---:|---:|"
printf '%s\n' "${histories[@]}"
