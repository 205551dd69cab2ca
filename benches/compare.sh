#!/usr/bin/env bash
# End-to-end comparison with `git diff --no-index --word-diff=porcelain` on the same text.
#
#   benches/compare.sh [SIZES...]        default: 1000 10000 100000
#
# Environment: ROUNDS (default 5) runs of each tool per size, alternated so that load from
# other processes hits both alike; WORK (default /tmp/draftdiff-bench) for the generated
# drafts; DRAFTDIFF (default: build and use target/release/draftdiff).
#
# For each size it prints the median wall time of both tools, their ratio (the target is
# <= 1.0 at 10,000 provisions), the median CPU time (user + system) of both, draftdiff's
# peak memory against the two inputs' combined size (target <= 4x), the pair precision and
# recall against the generator's truth (target >= 0.99), and how the time grows from one
# size to the next (target <= 11x for 10x the provisions). On a machine shared with other
# work, wall times swing with the load; CPU times less so. With CALLGRIND=1 it also counts
# both tools' instructions at sizes up to 10,000 (valgrind), which does not swing at all.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
WORK=${WORK:-/tmp/draftdiff-bench}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
. benches/common.sh
DRAFTDIFF=$(draftdiff_binary)
command -v git >/dev/null || { echo "compare.sh: git is needed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
mkdir -p "$WORK"
rm -f "$WORK/instructions.txt"

# Runs a command with stdout to /dev/null; prints "wall_us peak_kib cpu_seconds".
measure() {
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o "$WORK/time.out" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 )) $(tail -n 1 "$WORK/time.out" | awk '{ print $1, $2 + $3 }')"
}

# Instructions executed by a command (all threads), from callgrind.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
        | awk '/Collected/ { print $NF }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# draftdiff vs git diff --word-diff ($(date -u +%Y-%m-%d), $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $ROUNDS rounds)"
echo
echo "| provisions | input (2 files) | draftdiff | git | ratio | growth | CPU draftdiff | CPU git | peak RSS | RSS / input | precision | recall |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
previous=""
for n in "${SIZES[@]}"; do
    dir="$WORK/$n"
    [ -f "$dir/truth.json" ] || "$DRAFTDIFF" synth --provisions "$n" --seed 1 --out "$dir"
    input=$(( $(stat -c %s "$dir/old.yaml") + $(stat -c %s "$dir/new.yaml") ))
    : > "$WORK/ours.txt"
    : > "$WORK/git.txt"
    : > "$WORK/ours-cpu.txt"
    : > "$WORK/git-cpu.txt"
    peak=0
    for _ in $(seq "$ROUNDS"); do
        read -r us kib cpu < <(measure "$DRAFTDIFF" diff --format json "$dir/old.yaml" "$dir/new.yaml")
        echo "$us" >> "$WORK/ours.txt"
        echo "$cpu" >> "$WORK/ours-cpu.txt"
        [ "$kib" -gt "$peak" ] && peak=$kib
        read -r us _ cpu < <(measure git diff --no-index --word-diff=porcelain "$dir/old.txt" "$dir/new.txt")
        echo "$us" >> "$WORK/git.txt"
        echo "$cpu" >> "$WORK/git-cpu.txt"
    done
    ours=$(median < "$WORK/ours.txt")
    theirs=$(median < "$WORK/git.txt")
    ours_cpu=$(median < "$WORK/ours-cpu.txt")
    git_cpu=$(median < "$WORK/git-cpu.txt")
    "$DRAFTDIFF" diff --format json -o "$dir/report.json" "$dir/old.yaml" "$dir/new.yaml" || true
    read -r _ precision _ recall _ < <("$DRAFTDIFF" synth --out "$dir" --score "$dir/report.json")
    growth="—"
    [ -n "$previous" ] && growth=$(awk -v a="$ours" -v b="$previous" 'BEGIN { printf "%.1fx", a / b }')
    awk -v n="$n" -v input="$input" -v ours="$ours" -v theirs="$theirs" -v growth="$growth" \
        -v oc="$ours_cpu" -v gc="$git_cpu" -v peak="$peak" -v p="$precision" -v r="$recall" 'BEGIN {
        printf "| %d | %.1f MB | %.3f s | %.3f s | %.2f | %s | %.2f s | %.2f s | %.0f MB | %.1fx | %s | %s |\n",
            n, input / 1e6, ours / 1e6, theirs / 1e6, ours / theirs, growth, oc, gc,
            peak * 1024 / 1e6, peak * 1024 / input, p, r }'
    previous=$ours
    if [ "${CALLGRIND:-0}" = 1 ] && [ "$n" -le 10000 ]; then
        echo "$n $(instructions "$DRAFTDIFF" diff --format json "$dir/old.yaml" "$dir/new.yaml") \
            $(instructions git diff --no-index --word-diff=porcelain "$dir/old.txt" "$dir/new.txt")" \
            >> "$WORK/instructions.txt"
    fi
done
if [ "${CALLGRIND:-0}" = 1 ] && [ -s "$WORK/instructions.txt" ]; then
    echo
    echo "| provisions | instructions draftdiff | instructions git | ratio |"
    echo "|---:|---:|---:|---:|"
    awk '{ gsub(",", "", $2); gsub(",", "", $3);
           printf "| %d | %.2f G | %.2f G | %.2f |\n", $1, $2 / 1e9, $3 / 1e9, $2 / $3 }' \
        "$WORK/instructions.txt"
    rm -f "$WORK/instructions.txt"
fi
