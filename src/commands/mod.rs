//! One module per subcommand: each turns settings into work and returns an exit code.

pub mod check;
pub mod diff;
pub mod history;
pub mod import;
pub mod run;
pub mod synth;
