#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails if any found a crash or a hang.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly-only flags to
# rustc; on a stable toolchain RUSTC_BOOTSTRAP=1 lets it do so. The targets run one after
# another (one core each is plenty, and the machine is shared). An input that takes longer
# than 10 s is a hang and counts as a crash; so does using more than 2 GiB.
# Findings land in fuzz/artifacts/<target>/; minimise one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> fuzz/artifacts/<target>/<file>
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
targets=(load load_fast diff_drafts render_text import)
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "scripts/fuzz.sh: cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
fi
for target in "${targets[@]}"; do
    [ -d "fuzz/corpus/$target" ] || { bash scripts/fuzz-seed.sh; break; }
done

failed=()
for target in "${targets[@]}"; do
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    case $target in
        load | load_fast | diff_drafts) options+=(-dict=fuzz/yaml.dict -max_len=8192) ;;
        render_text | import) options+=(-max_len=4096) ;;
    esac
    echo "== fuzz $target for ${seconds}s"
    if ! cargo fuzz run -O "$target" "fuzz/corpus/$target" -- "${options[@]}"; then
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "scripts/fuzz.sh: findings in: ${failed[*]} (see fuzz/artifacts/)" >&2
    exit 1
fi
echo "scripts/fuzz.sh: no crash or hang in ${targets[*]} (${seconds}s each)"
