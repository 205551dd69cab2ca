#!/usr/bin/env bash
# `draftdiff run` on a tree of 1,000 documents with 5 versions each (4,000 comparisons).
#
#   benches/run-unchanged.sh [DOCUMENTS] [VERSIONS]     default: 1000 5
#
# Prints the wall-clock and CPU time of the first run (every report generated, documents in parallel), the
# median of ROUNDS (default 5) runs on the unchanged tree (target < 0.5 s: only the
# manifest and file hashes are checked), and a run after one draft of one document changed,
# with how many report files it wrote (only that document's steps and indexes).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
WORK=${WORK:-/tmp/draftdiff-bench}/tree
DOCUMENTS=${1:-1000}
VERSIONS=${2:-5}
PROVISIONS=${PROVISIONS:-40}
. benches/common.sh
DRAFTDIFF=$(draftdiff_binary)

rm -rf "$WORK"
mkdir -p "$WORK/templates" "$WORK/drafts"
# A few small synthetic drafts as templates; each document's versions cycle through them.
templates=()
for seed in 1 2 3; do
    "$DRAFTDIFF" synth --provisions "$PROVISIONS" --seed "$seed" --out "$WORK/templates/$seed"
    for side in old new; do
        strip_names "$WORK/templates/$seed/$side.yaml" > "$WORK/templates/$seed-$side.yaml"
        templates+=("$WORK/templates/$seed-$side.yaml")
    done
done
for d in $(seq -w 1 "$DOCUMENTS"); do
    mkdir "$WORK/drafts/doc-$d"
    for v in $(seq 1 "$VERSIONS"); do
        cp "${templates[$(( (10#$d + v) % ${#templates[@]} ))]}" "$WORK/drafts/doc-$d/v$v.yaml"
    done
done
cd "$WORK"

# Wall-clock and CPU (user + system) seconds of one run: on a shared machine the CPU time
# says what the run costs, the wall time what it cost while sharing.
timed() {
    /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$@" >"$WORK/run.log" 2>&1 || true
    awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$WORK/time.txt"
}

echo "# draftdiff run: $DOCUMENTS documents x $VERSIONS versions ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| run | wall | cpu | files written |"
echo "|---|---:|---:|---:|"
read -r wall cpu <<<"$(timed "$DRAFTDIFF" run)"
echo "| first (all reports) | $wall s | $cpu s | $(grep -c '^wrote' run.log || true) |"
: > times.txt
for _ in $(seq "$ROUNDS"); do
    timed "$DRAFTDIFF" run >> times.txt
    echo >> times.txt
done
median() { sort -n | awk 'NF { v[++n] = $1 } END { print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'; }
wall=$(awk '{ print $1 }' times.txt | median)
cpu=$(awk '{ print $2 }' times.txt | median)
echo "| unchanged (median of $ROUNDS) | $wall s | $cpu s | $(grep -c '^wrote' run.log || true) |"
# One word of one draft changes: its document's two steps around it are redone, nothing else.
middle=$(( (VERSIONS + 1) / 2 ))
sed -i '0,/text: |-/s//text: |-\n      Amended./' "drafts/doc-$(seq -w 1 "$DOCUMENTS" | head -n 1)/v$middle.yaml"
read -r wall cpu <<<"$(timed "$DRAFTDIFF" run)"
echo "| one draft changed | $wall s | $cpu s | $(grep -c '^wrote' run.log || true) |"
