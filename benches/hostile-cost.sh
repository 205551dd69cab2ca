#!/usr/bin/env bash
# What hostile and extreme inputs cost, against the budgets of issue 16 and
# docs/security.md: every command within 2 s and 200 MB for inputs up to 2 MB, within 30 s
# and 1 GiB for anything up to the 64 MiB file limit, and reports at most 20 times the
# drafts they compare.
#
#   benches/hostile-cost.sh            all cases
#   QUICK=1 benches/hostile-cost.sh    the 2 MB tier only
#
# One table, one run: each case's exit code, wall time, peak resident memory (GNU time's
# %M), the bytes it wrote (the -o file, or reports/ for `run`) and whether it stayed within
# its budget. Inputs are generated under $WORK (default /tmp/draftdiff-bench/hostile).
# No pipefail: the generators end `yes` with SIGPIPE on purpose.
set -eu
cd "$(dirname "$0")/.."
. benches/common.sh
DRAFTDIFF=$(draftdiff_binary)
WORK=${WORK:-/tmp/draftdiff-bench}/hostile
rm -rf "$WORK"
mkdir -p "$WORK"

MB=$((1024 * 1024))
# `lines TEXT COUNT`: TEXT (with its newline) COUNT times, fast.
lines() { yes "$1" | head -n "$2"; }
header() { printf 'document: d\nversion: %s\nprovisions:\n' "$1"; }

# `flow FILE BYTES`: a draft whose provisions are a flow list of `a`, BYTES long.
flow() {
    { header v1; printf '  ['; yes 'a,' | head -n $(($2 / 2 - 40)) | tr -d '\n'; printf 'a]\n'; } >"$1"
}
# `dashes FILE COUNT LETTER`: COUNT provisions `- LETTER`.
dashes() { { header "$3"; lines "  - $3" "$2"; } >"$1"; }
# `one_long FILE BYTES CHANGED`: one provision of BYTES of sentences; CHANGED words swapped.
one_long() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
path, size, changed = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
words = ["the", "parties", "agree", "that", "each", "state", "shall", "within", "days",
         "of", "entry", "into", "force", "report", "to", "commission", "on", "measures"]
out, n = [], 0
i = 0
while n < size:
    sentence = " ".join(words[(i + k) % len(words)] for k in range(12)) + f" {i}."
    out.append(sentence)
    n += len(sentence) + 1
    i += 1
if changed:
    out[len(out) // 3] = out[len(out) // 3].replace("parties", "signatories", 1)
    out[2 * len(out) // 3] = out[2 * len(out) // 3].replace("report", "notify", 1)
with open(path, "w") as f:
    f.write("document: d\nversion: %s\nprovisions:\n  - id: \"1\"\n    text: |\n" % ("v2" if changed else "v1"))
    for s in out:
        f.write("      " + s + "\n")
EOF
}
# `numbered FILE COUNT`: COUNT lines `N. Point N.` for import.
numbered() { seq 1 "$2" | awk '{ print $1 ". Point " $1 " is agreed." }' >"$1"; }

bytes_of() { du -sb "$1" 2>/dev/null | cut -f1 | grep . || echo 0; }

echo "# hostile inputs against the budgets ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| case | input | exit | wall | peak | written | budget | within |"
echo "|---|---:|---:|---:|---:|---:|---|---|"

# `case NAME INPUT_BYTES BUDGET_S BUDGET_MB OUTPUT -- COMMAND...`: OUTPUT is the file or
# folder whose size counts as written (`-` for none); reports over 20x the input fail too.
case_() {
    local name=$1 input=$2 budget_s=$3 budget_mb=$4 output=$5
    shift 6
    [ "$output" = - ] || rm -rf "$output"
    local code=0
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/out.log" 2>&1 || code=$?
    local wall peak
    read -r wall peak < <(tail -n 1 "$WORK/time.txt")
    local written=0
    [ "$output" = - ] || written=$(bytes_of "$output" || echo 0)
    local ok=yes
    awk -v w="$wall" -v p="$peak" -v bs="$budget_s" -v bm="$budget_mb" \
        'BEGIN { exit !(w <= bs && p / 1024 <= bm) }' || ok=no
    [ "$output" = - ] || [ "$written" -le $((20 * input + MB)) ] || ok="no (written > 20x)"
    [ "$code" -le 2 ] || ok="no (exit $code)"
    printf '| %s | %.1f MB | %s | %.2f s | %.0f MB | %.1f MB | %s s, %s MB | %s |\n' \
        "$name" "$(echo "$input / $MB" | bc -l)" "$code" "$wall" "$(echo "$peak / 1024" | bc -l)" \
        "$(echo "$written / $MB" | bc -l)" "$budget_s" "$budget_mb" "$ok"
}

# A pipeline tree of two versions, OLD and NEW copied in; `run` measured there.
tree() {
    rm -rf "$WORK/tree"
    mkdir -p "$WORK/tree/drafts/d"
    cp "$1" "$WORK/tree/drafts/d/1.yaml"
    cp "$2" "$WORK/tree/drafts/d/2.yaml"
}
run_case() {
    local name=$1 old=$2 new=$3 budget_s=$4 budget_mb=$5
    tree "$old" "$new"
    local input=$(($(bytes_of "$old") + $(bytes_of "$new")))
    case_ "$name" "$input" "$budget_s" "$budget_mb" "$WORK/tree/reports" -- \
        "$DRAFTDIFF" run --quiet --drafts "$WORK/tree/drafts" --reports "$WORK/tree/reports"
}
diff_case() {
    local name=$1 old=$2 new=$3 format=$4 budget_s=$5 budget_mb=$6
    local input=$(($(bytes_of "$old") + $(bytes_of "$new")))
    case_ "$name" "$input" "$budget_s" "$budget_mb" "$WORK/out.$format" -- \
        "$DRAFTDIFF" diff --format "$format" -o "$WORK/out.$format" "$old" "$new"
}

# --- up to 2 MB: 2 s and 200 MB -----------------------------------------------------------
flow "$WORK/flow2.yaml" $((2 * MB))
dashes "$WORK/dash2.yaml" $((2 * MB / 6)) a
case_ "check: 2 MB flow list of one-letter provisions" "$(bytes_of "$WORK/flow2.yaml")" 2 200 - -- \
    "$DRAFTDIFF" check "$WORK/flow2.yaml"
case_ "check: 2 MB of \`- a\` lines" "$(bytes_of "$WORK/dash2.yaml")" 2 200 - -- \
    "$DRAFTDIFF" check "$WORK/dash2.yaml"
# The most one-letter provisions a small draft may hold, against as many others.
dashes "$WORK/a.yaml" 50000 a
dashes "$WORK/a2.yaml" 50000 a
sed -i 's/^version: a$/version: v2/' "$WORK/a2.yaml"
dashes "$WORK/b.yaml" 50000 b
for format in text json markdown html; do
    diff_case "diff -f $format: 50,000 \`- a\` against 50,000 \`- b\`" "$WORK/a.yaml" "$WORK/b.yaml" "$format" 2 200
done
diff_case "diff -f json: 50,000 \`- a\`, identical copies" "$WORK/a.yaml" "$WORK/a2.yaml" json 2 200
run_case "run: 50,000 \`- a\`, identical copies" "$WORK/a.yaml" "$WORK/a2.yaml" 2 200
run_case "run: 50,000 \`- a\` against 50,000 \`- b\`" "$WORK/a.yaml" "$WORK/b.yaml" 2 200
flow "$WORK/flowb2.yaml" $((2 * MB))
run_case "run: two 2 MB flow lists" "$WORK/flow2.yaml" "$WORK/flowb2.yaml" 2 200
one_long "$WORK/long2-old.yaml" $((2 * MB)) 0
one_long "$WORK/long2-new.yaml" $((2 * MB)) 1
diff_case "diff -f json: a 2 MB provision against a copy, two words changed" \
    "$WORK/long2-old.yaml" "$WORK/long2-new.yaml" json 2 200
numbered "$WORK/numbered2.txt" 70000
case_ "import: 2 MB of numbered lines" "$(bytes_of "$WORK/numbered2.txt")" 2 200 "$WORK/imported.yaml" -- \
    "$DRAFTDIFF" import "$WORK/numbered2.txt" --document d --version v1 -o "$WORK/imported.yaml"

yes '1. a' | head -n $((2 * MB / 5)) >"$WORK/ones2.txt"
case_ "import: 2 MB of \`1. a\` lines (one number repeated)" "$(bytes_of "$WORK/ones2.txt")" 2 200 - -- \
    "$DRAFTDIFF" import "$WORK/ones2.txt" --document d --version v1 -o "$WORK/imported.yaml"

[ -n "${QUICK:-}" ] && exit 0

# --- up to 64 MiB: 30 s and 1 GiB ----------------------------------------------------------
flow "$WORK/flow64.yaml" $((64 * MB - 1024))
dashes "$WORK/dash64.yaml" $((64 * MB / 6 - 200)) a
case_ "check: 64 MB flow list" "$(bytes_of "$WORK/flow64.yaml")" 30 1024 - -- "$DRAFTDIFF" check "$WORK/flow64.yaml"
case_ "check: 64 MB of \`- a\` lines" "$(bytes_of "$WORK/dash64.yaml")" 30 1024 - -- "$DRAFTDIFF" check "$WORK/dash64.yaml"
one_long "$WORK/long56-old.yaml" $((56 * MB)) 0
one_long "$WORK/long56-new.yaml" $((56 * MB)) 1
diff_case "diff -f json: a 56 MB provision against a copy, two words changed" \
    "$WORK/long56-old.yaml" "$WORK/long56-new.yaml" json 30 1024
"$DRAFTDIFF" synth --provisions 100000 --seed 1 --out "$WORK/synth" >/dev/null
diff_case "diff -f json: two 100,000-provision drafts" "$WORK/synth/old.yaml" "$WORK/synth/new.yaml" json 30 1024
run_case "run: two 100,000-provision drafts" "$WORK/synth/old.yaml" "$WORK/synth/new.yaml" 30 1024
numbered "$WORK/numbered16.txt" 2000000
case_ "import: 2 million numbered lines" "$(bytes_of "$WORK/numbered16.txt")" 30 1024 "$WORK/imported.yaml" -- \
    "$DRAFTDIFF" import "$WORK/numbered16.txt" --document d --version v1 -o "$WORK/imported.yaml"
