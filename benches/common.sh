# Shared by the benchmark scripts, which source it from the repository's root.

# The binary to measure: $DRAFTDIFF, or else a release build of this checkout.
draftdiff_binary() {
    if [ -z "${DRAFTDIFF:-}" ]; then
        cargo build --release --quiet
        DRAFTDIFF="${CARGO_TARGET_DIR:-target}/release/draftdiff"
    fi
    realpath "$DRAFTDIFF"
}

# A synthetic draft without its `document:` and `version:` lines, so that the folder and
# file names supply both.
strip_names() { grep -v -e '^document:' -e '^version:' "$1"; }
