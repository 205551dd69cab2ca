#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the test fixtures and the sample drafts.
# The corpora (fuzz/corpus/) are not committed: run this once before scripts/fuzz.sh.
#
#   load         every YAML file, plus a few hostile shapes (aliases, merge keys, nesting)
#   load_fast    the same as load (most of it in the plain shape the fast reader takes)
#   diff_drafts  OLD 0xFF NEW for each fixture pair and for consecutive sample drafts
#   render_text  texts that try to inject terminal escapes, Markdown and HTML
#   import       the importer's test inputs (tests/import/*/input.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=fuzz/corpus
mkdir -p "$corpus/load" "$corpus/load_fast" "$corpus/diff_drafts" "$corpus/render_text" "$corpus/import"

for f in tests/*/*/*.yaml drafts/*/*.yaml; do
    [ -f "$f" ] || continue
    cp "$f" "$corpus/load/$(echo "$f" | tr '/' '_')"
done

# A few hostile shapes, small enough for the fuzzer to mutate.
hostile() { printf '%b' "$2" > "$corpus/load/hostile-$1.yaml"; }
hostile alias 'a: &x [1, 2]\nb: *x\nprovisions:\n  - *x\n'
hostile merge 'base: &b {text: t}\nprovisions:\n  - <<: *b\n    id: "1"\n'
hostile flow-nesting 'provisions: [[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]\n'
hostile block-nesting 'provisions:\n  - text: a\n    provisions:\n      - text: b\n        provisions:\n          - text: c\n'
hostile two-documents 'provisions: [a]\n---\nprovisions: [b]\n'
hostile tags 'provisions:\n  - !!binary aGVsbG8=\n  - !custom {text: x}\n'
hostile escapes 'provisions:\n  - "\\e[2J\\x07\\u202e \\0 \\N"\n'
hostile duplicate 'provisions:\n  - {id: "1", id: "2", text: x}\n  - {id: "1", text: y}\n'
hostile types 'document: [a]\nversion: {b: c}\ndate: 2025-02-30\nprovisions:\n  - {id: [1], tags: x, text: 3}\n'

cp "$corpus/load/"* "$corpus/load_fast/"

pairs=0
for dir in tests/*/*/; do
    if [ -f "$dir/old.yaml" ] && [ -f "$dir/new.yaml" ]; then
        { cat "$dir/old.yaml"; printf '\377'; cat "$dir/new.yaml"; } \
            > "$corpus/diff_drafts/$(basename "$dir")"
        pairs=$((pairs + 1))
    fi
done
for doc in drafts/*/; do
    prev=""
    for f in "$doc"*.yaml; do
        [ -f "$f" ] || continue
        if [ -n "$prev" ]; then
            { cat "$prev"; printf '\377'; cat "$f"; } \
                > "$corpus/diff_drafts/$(basename "$doc")-$(basename "$f" .yaml)"
            pairs=$((pairs + 1))
        fi
        prev=$f
    done
done

texts=0
text() { printf '%b' "$2" > "$corpus/render_text/$1"; texts=$((texts + 1)); }
text ansi 'The parties \e[2J\e[31mshall\e[0m meet.\0The parties shall not meet.'
text osc8 'See \e]8;;http://x\a here \e]8;;\a.\0See the annex.'
text bidi 'Payment to \u202eevil\u202c account \u2066x\u2069.\0Payment to account.'
text markdown '[x](javascript:alert(1)) ![](http://tracker) <img src=x onerror=alert(1)>\0<script>alert(1)</script> `code` | pipe | * _ # ~'
text lists '1. item\0- item + item = item > quote'
text unicode 'مرحبا עברית e\u0301\u0301 \U1F600 和平计划第六条\0和平协议第七条 \u200d\u00ad'
text controls '\x01\x02\x7f\xc2\x85\xc2\x9b31m\r\n\t\0\x0b\x0c'

for f in tests/import/*/input.txt; do
    [ -f "$f" ] || continue
    cp "$f" "$corpus/import/$(basename "$(dirname "$f")").txt"
done

echo "seeded fuzz/corpus: $(ls "$corpus/load" | wc -l) load, $(ls "$corpus/load_fast" | wc -l) load_fast, $pairs diff_drafts, $texts render_text, $(ls "$corpus/import" | wc -l) import"
