//! Per-stage benchmarks on synthetic drafts (`cargo bench --bench stages`): load, align,
//! word diff, and each report format, at 1,000 and 10,000 provisions. The end-to-end
//! comparison with `git diff --word-diff` is `benches/compare.sh`.

use std::sync::OnceLock;

use divan::Bencher;
use draftdiff::align::{align, ChangeKind};
use draftdiff::diff::redline;
use draftdiff::load::{load_bytes, PathDefaults};
use draftdiff::model::Draft;
use draftdiff::report::{json, markdown, terminal, Change, Report};
use draftdiff::synth::{generate, SynthOptions, SynthPair};

const SIZES: [usize; 2] = [1_000, 10_000];

fn main() {
    divan::main();
}

struct Fixture {
    pair: SynthPair,
    old: Draft,
    new: Draft,
    report: Report,
}

fn fixture(provisions: usize) -> &'static Fixture {
    static SMALL: OnceLock<Fixture> = OnceLock::new();
    static LARGE: OnceLock<Fixture> = OnceLock::new();
    let cell = if provisions <= SIZES[0] {
        &SMALL
    } else {
        &LARGE
    };
    cell.get_or_init(|| {
        let pair = generate(&SynthOptions::new(provisions, 1));
        let defaults = PathDefaults::default();
        let old = load_bytes(pair.old_yaml.as_bytes(), "old.yaml", &defaults).expect("old loads");
        let new = load_bytes(pair.new_yaml.as_bytes(), "new.yaml", &defaults).expect("new loads");
        let report = Report::compare(&old, &new);
        Fixture {
            pair,
            old,
            new,
            report,
        }
    })
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn load(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    let defaults = PathDefaults::default();
    bencher.bench(|| load_bytes(f.pair.old_yaml.as_bytes(), "old.yaml", &defaults));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn align_provisions(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    bencher.bench(|| align(&f.old.provisions, &f.new.provisions));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn word_diff(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    let changed: Vec<(String, String)> = f
        .report
        .changes
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                ChangeKind::Changed | ChangeKind::Split | ChangeKind::Merged
            )
        })
        .map(|c| (Change::joined_text(&c.old), Change::joined_text(&c.new)))
        .collect();
    bencher.bench(|| {
        changed
            .iter()
            .map(|(old, new)| redline(old, new).len())
            .sum::<usize>()
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn compare(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    bencher.bench(|| Report::compare(&f.old, &f.new));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn render_json(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    bencher.bench(|| json::render(&f.report));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn render_markdown(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    bencher.bench(|| markdown::render(&f.report));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn render_text(bencher: Bencher, provisions: usize) {
    let f = fixture(provisions);
    bencher.bench(|| terminal::render(&f.report, false));
}
