//! The one integration test binary (`cargo test --test integration`): golden reports,
//! labelled real-world alignments, the CLI driven through assert_cmd, and property tests
//! on the library.

mod alignment;
mod alignment_cases;
mod cli_check;
mod cli_corrections;
mod cli_diff;
mod cli_help;
mod common;
mod golden;
mod properties;
mod reference;
