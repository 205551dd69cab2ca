#!/usr/bin/env bash
# Latency of `draftdiff watch`: a 1,000-provision draft is dropped (renamed) into a
# watched document folder; how long until its report is on disk, minus the debounce
# window (target: at most 0.2 s).
#
#   benches/watch-latency.sh [PROVISIONS]      default: 1000
#
# Environment: ROUNDS (default 5) drops, DEBOUNCE (default 0.5) seconds, WORK, DRAFTDIFF.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DEBOUNCE=${DEBOUNCE:-0.5}
PROVISIONS=${1:-1000}
WORK=${WORK:-/tmp/draftdiff-bench}/watch
. benches/common.sh
DRAFTDIFF=$(draftdiff_binary)

rm -rf "$WORK"
mkdir -p "$WORK/drafts/treaty" "$WORK/templates"
for seed in 1 2; do
    "$DRAFTDIFF" synth --provisions "$PROVISIONS" --seed "$seed" --out "$WORK/templates/$seed"
done
strip_names "$WORK/templates/1/old.yaml" > "$WORK/drafts/treaty/v01.yaml"

"$DRAFTDIFF" watch --drafts "$WORK/drafts" --reports "$WORK/reports" --debounce "$DEBOUNCE" \
    -q > "$WORK/watch.log" 2>&1 &
watcher=$!
trap 'kill "$watcher" 2>/dev/null || true' EXIT
# The first pass writes the index; from then on the watcher is listening.
for _ in $(seq 500); do [ -f "$WORK/reports/index.md" ] && break; sleep 0.01; done
sleep 0.5

echo "# draftdiff watch: $PROVISIONS-provision drafts, debounce $DEBOUNCE s ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg))"
echo
echo "| drop | report after | minus debounce |"
echo "|---:|---:|---:|"
: > "$WORK/latency.txt"
templates=("$WORK/templates/1/new.yaml" "$WORK/templates/2/old.yaml" "$WORK/templates/2/new.yaml")
for k in $(seq 2 $((ROUNDS + 1))); do
    previous=$(printf 'v%02d' $((k - 1)))
    current=$(printf 'v%02d' "$k")
    # Written under a hidden name first, then renamed in: one event, a complete file.
    strip_names "${templates[$(( (k - 2) % 3 ))]}" > "$WORK/drafts/treaty/.$current.yaml"
    report="$WORK/reports/treaty/$previous..$current.json"
    start=$(date +%s%N)
    mv "$WORK/drafts/treaty/.$current.yaml" "$WORK/drafts/treaty/$current.yaml"
    until [ -f "$report" ]; do sleep 0.005; done
    end=$(date +%s%N)
    awk -v k="$((k - 1))" -v ns="$((end - start))" -v d="$DEBOUNCE" \
        'BEGIN { printf "| %d | %.3f s | %.3f s |\n", k, ns / 1e9, ns / 1e9 - d }'
    echo "$(( end - start ))" >> "$WORK/latency.txt"
    sleep "$DEBOUNCE"
    sleep 0.5
done
sort -n "$WORK/latency.txt" | awk -v d="$DEBOUNCE" '{ v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "\nmedian: %.3f s after the drop, %.3f s past the debounce window\n", m / 1e9, m / 1e9 - d }'
