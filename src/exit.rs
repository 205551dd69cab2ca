//! Exit codes, one documented constant each (see README "Exit codes").

/// Success: no differences (`diff`), all drafts valid (`check`, `run`).
pub const OK: i32 = 0;
/// `diff`: the drafts differ. `check`/`run`: at least one draft is invalid.
pub const DIFFERENCES: i32 = 1;
/// Alias of [`DIFFERENCES`] for commands that validate drafts.
pub const INVALID: i32 = 1;
/// Usage errors, unreadable inputs, unwritable outputs, or `run` stopped by a signal before
/// it finished: the command could not do its job.
pub const TROUBLE: i32 = 2;
/// `run`/`watch`: another process holds the reports lock.
pub const LOCKED: i32 = 3;
