//! `draftdiff synth` (hidden): synthetic drafts with ground truth for the benchmarks.

use std::path::Path;

use crate::cli::SynthArgs;
use crate::error::{Error, Result};
use crate::exit;
use crate::fsutil::write_atomic;
use crate::synth::{generate, parse_truth, report_pairs, score, series, SynthOptions};

pub fn run(args: &SynthArgs) -> Result<i32> {
    if let Some(report) = &args.score {
        return run_score(report, &args.out.join("truth.json"));
    }
    std::fs::create_dir_all(&args.out).map_err(|source| Error::Write {
        path: args.out.clone(),
        source,
    })?;
    let options = SynthOptions::new(args.provisions, args.seed);
    if let Some(versions) = args.versions {
        for (k, text) in series(&options, versions).iter().enumerate() {
            let path = args.out.join(format!("v{:03}.yaml", k + 1));
            write_atomic(&path, text.as_bytes()).map_err(|source| Error::Write { path, source })?;
        }
        return Ok(exit::OK);
    }
    let pair = generate(&options);
    for (name, text) in [
        ("old.yaml", &pair.old_yaml),
        ("new.yaml", &pair.new_yaml),
        ("old.txt", &pair.old_text),
        ("new.txt", &pair.new_text),
        ("truth.json", &pair.truth_json()),
    ] {
        let path = args.out.join(name);
        write_atomic(&path, text.as_bytes()).map_err(|source| Error::Write { path, source })?;
    }
    Ok(exit::OK)
}

/// Prints `precision recall correct predicted expected` for a JSON report.
fn run_score(report: &Path, truth: &Path) -> Result<i32> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| Error::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    };
    let unreadable = |path: &Path, what: &str| Error::Read {
        path: path.to_path_buf(),
        message: format!("not a {what}"),
    };
    let truth_pairs = parse_truth(&read(truth)?).ok_or_else(|| unreadable(truth, "truth file"))?;
    let predicted =
        report_pairs(&read(report)?).ok_or_else(|| unreadable(report, "JSON report"))?;
    let s = score(&truth_pairs, &predicted);
    println!(
        "precision {:.4} recall {:.4} (correct {}, predicted {}, expected {})",
        s.precision, s.recall, s.correct, s.predicted_pairs, s.truth_pairs
    );
    Ok(exit::OK)
}
