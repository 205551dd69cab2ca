//! Reading a draft: YAML bytes in, a validated [`Draft`] or every problem with its location out.
//!
//! All YAML parsing lives here. We use serde-saphyr rather than the archived `serde_yaml`
//! because it is panic-free, reports the line and column of every node (`Spanned`), and has
//! budgets that refuse alias bombs and deep nesting before they cost memory. Its budgets
//! scale with the file size (bounded by [`MAX_FILE_BYTES`]), so a 100,000-provision draft
//! is read while aliases and deep nesting are still refused.
//!
//! serde-saphyr costs about 110 instructions per byte, more than the whole comparison of
//! two large drafts is allowed to take. [`fast`] reads the plain shape nearly every draft
//! has at a fraction of that, straight into the validator's input. It only ever answers
//! for a draft it reads exactly as serde-saphyr would and that is valid: anything unusual,
//! and every draft with a problem, goes to serde-saphyr, so it stays the reference and
//! every message still comes from its reading.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, InvalidDraft, Problem};
use crate::model::{Draft, Provision};
use crate::text::{collapse_whitespace, collapse_whitespace_owned, one_line_safe};

mod fast;
mod hints;

/// Drafts larger than this are refused before parsing. 64 MiB holds a 100,000-provision
/// consolidated text with room to spare, while keeping a hostile file's cost bounded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Sub-provisions may nest this deep (a provision inside a provision is depth 1). Real drafts
/// rarely go past article / paragraph / point / sub-point; the bound keeps recursion shallow.
pub const MAX_PROVISION_DEPTH: usize = 8;

/// A draft may hold at most this many provisions, sub-provisions included, and a small
/// file fewer (see [`max_provisions`]). Every stage after reading costs memory for each
/// provision, whatever its length (a comparison about 1.5 KB for each), so it is the count,
/// not the size, that a file of one-letter provisions inflates; real drafts, a long bill
/// included, stay far below.
pub const MAX_PROVISIONS: usize = 100_000;

/// The most provisions a draft of `len` bytes may hold: one per 40 bytes of file, at
/// least 50,000 and at most [`MAX_PROVISIONS`]. A provision takes 40 bytes or more as
/// drafts are written (`- id:` and `text:` lines), so no real draft comes near; a 2 MB
/// file of `- a` lines is held to 52,428, which keeps it within the budgets in
/// `docs/security.md`.
pub fn max_provisions(len: usize) -> usize {
    (len / 40).clamp(MAX_PROVISIONS / 2, MAX_PROVISIONS)
}

/// Why a draft over its [`max_provisions`] is refused, located at the first one past it.
fn too_many_provisions(limit: usize) -> String {
    format!(
        "more than {} provisions (sub-provisions included), the most a draft of this size \
         may hold: split the document, or fold the smallest provisions into their parents",
        grouped(limit)
    )
}

/// `50000` as `50,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a draft's `document` and `version` come from when the file does not say.
#[derive(Debug, Clone, Default)]
pub struct PathDefaults {
    pub document: Option<String>,
    pub version: Option<String>,
}

impl PathDefaults {
    /// The document defaults to the name of the folder holding the file, the version to the
    /// file name without its extension.
    pub fn from_path(path: &Path) -> Self {
        let name = |s: Option<&std::ffi::OsStr>| s.map(|s| s.to_string_lossy().into_owned());
        // `02.yaml` typed inside the folder still has a folder: the current one.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path = absolute.as_path();
        PathDefaults {
            document: name(path.parent().and_then(Path::file_name)),
            version: name(path.file_stem()),
        }
    }
}

/// Reads and validates the draft at `path` (`-`: standard input).
pub fn load_file(path: &Path) -> Result<Draft, Error> {
    let (origin, bytes) = read_source(path)?;
    // Standard input has no folder or file name to lend the draft a document or version.
    let defaults = if is_stdin(path) {
        PathDefaults::default()
    } else {
        PathDefaults::from_path(path)
    };
    load_bytes(&bytes, &origin, &defaults).map_err(Error::Invalid)
}

/// How messages name standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// `-` stands for standard input, as in most command-line tools.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The bytes of a file, or of standard input for `-`, with the name messages give it;
/// both bounded by [`MAX_FILE_BYTES`].
pub fn read_source(path: &Path) -> Result<(String, Vec<u8>), Error> {
    if !is_stdin(path) {
        return Ok((path.display().to_string(), read_bounded(path)?));
    }
    use std::io::Read;
    let read_err = |message: String| Error::Read {
        path: PathBuf::from(STDIN_NAME),
        message,
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_err(io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "input is over the limit of {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok((STDIN_NAME.to_string(), bytes))
}

/// Reads a file, refusing anything that is not a regular file or is over the size limit
/// before reading it, so a FIFO or a huge file cannot hang or exhaust the tool.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, Error> {
    let read_err = |message: String| Error::Read {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(io_message(&e)))?;
    if !meta.is_file() {
        return Err(read_err("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "file is {} bytes, over the limit of {MAX_FILE_BYTES} bytes",
            meta.len()
        )));
    }
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| read_err(io_message(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between stat and read; never read more than the limit allows.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_err(io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "file is over the limit of {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Parses and validates a draft held in memory. `origin` names it in messages.
pub fn load_bytes(
    bytes: &[u8],
    origin: &str,
    defaults: &PathDefaults,
) -> Result<Draft, InvalidDraft> {
    let text = draft_text(bytes, origin)?;
    match read_fast(text, origin, defaults) {
        Some(draft) => Ok(draft),
        None => read_reference(text, origin, defaults),
    }
}

/// The fast reader alone: the draft, or `None` when it declines the bytes (not its shape,
/// or anything wrong with them). For the equivalence tests and the fuzz target, which
/// check that wherever it answers, [`load_bytes_reference`] gives the same draft.
#[doc(hidden)]
pub fn load_bytes_fast(bytes: &[u8], origin: &str, defaults: &PathDefaults) -> Option<Draft> {
    read_fast(draft_text(bytes, origin).ok()?, origin, defaults)
}

/// serde-saphyr's reading alone, the reference: what [`load_bytes`] gives for any draft
/// the fast reader declines.
#[doc(hidden)]
pub fn load_bytes_reference(
    bytes: &[u8],
    origin: &str,
    defaults: &PathDefaults,
) -> Result<Draft, InvalidDraft> {
    read_reference(draft_text(bytes, origin)?, origin, defaults)
}

fn invalid(origin: &str, problems: Vec<Problem>) -> InvalidDraft {
    InvalidDraft {
        path: origin.to_string(),
        problems,
        ..InvalidDraft::default()
    }
}

/// The draft's text: UTF-8 without a byte-order mark, and not empty.
fn draft_text<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, InvalidDraft> {
    let invalid = |problems: Vec<Problem>| invalid(origin, problems);
    let text = utf8_text(bytes, FileKind::Draft).map_err(|p| invalid(vec![p]))?;
    if text.trim().is_empty() || text.lines().all(is_blank_or_comment) {
        return Err(invalid(vec![Problem {
            line: 0,
            column: 0,
            message: "empty draft: expected a mapping with `provisions`".into(),
        }]));
    }
    Ok(text)
}

/// The fast reader's draft, if it reads the text and the validator finds no problem. A
/// draft with a problem is left to serde-saphyr even when the fast reader could read it,
/// so that the messages (and which problems are found at all) are always serde-saphyr's.
fn read_fast(text: &str, origin: &str, defaults: &PathDefaults) -> Option<Draft> {
    let parsed = fast::read(text)?;
    let mut draft = Validator::default().validate(parsed, defaults).ok()?;
    draft.origin = origin.to_string();
    Some(draft)
}

fn read_reference(
    text: &str,
    origin: &str,
    defaults: &PathDefaults,
) -> Result<Draft, InvalidDraft> {
    let invalid = |problems: Vec<Problem>| invalid(origin, problems);
    PROVISIONS_LEFT.set((max_provisions(text.len()), max_provisions(text.len())));
    let raw: RawDraft = parse_yaml(text, FileKind::Draft).map_err(|p| InvalidDraft {
        stopped: true,
        ..invalid(vec![p]).with_source(text)
    })?;
    let mut draft = Validator::default()
        .validate(Parsed::from(raw), defaults)
        .map_err(|problems| invalid(problems).with_source(text))?;
    draft.origin = origin.to_string();
    Ok(draft)
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Line and column just after `prefix`, 1-based, columns counted in characters.
/// Which kind of file a message is about: drafts and corrections files share the YAML
/// reader, and each message names the one the author wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FileKind {
    Draft,
    Corrections,
}

impl FileKind {
    fn plural(self) -> &'static str {
        match self {
            FileKind::Draft => "drafts",
            FileKind::Corrections => "corrections files",
        }
    }
}

/// Reads one YAML file under the shared budget; a failure is one located problem in
/// the author's words.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    text: &str,
    kind: FileKind,
) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options(text, parse_options(text.len())).map_err(|e| {
        let mut problem = refine_location(text, yaml_problem(&e, kind));
        if let Some(hint) = hints::hint(text, problem.line, &problem.message) {
            problem.message = format!("{}: {hint}", problem.message);
        }
        problem
    })
}

/// The file's text without a byte-order mark; bytes that are not UTF-8 are a problem
/// located at the first bad byte, so the author can find it.
pub(crate) fn utf8_text(bytes: &[u8], kind: FileKind) -> Result<&str, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of(&bytes[..e.valid_up_to()]);
        Problem {
            line,
            column,
            message: format!("not valid UTF-8 ({} must be UTF-8 text)", kind.plural()),
        }
    })
}

fn position_of(prefix: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(prefix);
    let line = text.matches('\n').count() as u64 + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

/// Budgets that scale with the input: an honest 40 MB draft has about one node per 40
/// bytes, so these never refuse a real draft, while aliases (the vector of YAML bombs) and
/// deep nesting are refused outright.
fn parse_options(len: usize) -> serde_saphyr::Options {
    let events = len.saturating_mul(2).max(10_000);
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_aliases: 0,
            max_anchors: 0,
            max_merge_keys: 0,
            max_depth: 2 + 2 * (MAX_PROVISION_DEPTH + 1) + 2,
            max_documents: 1,
            max_events: events,
            max_nodes: events,
            max_total_scalar_bytes: len.max(1024),
        },
        with_snippet: false,
    }
}

/// Turns a serde-saphyr error into our located problem, rewording the messages that speak
/// to the library's user rather than to the draft's author.
fn yaml_problem(e: &serde_saphyr::Error, kind: FileKind) -> Problem {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let message = match e {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            serde_saphyr::budget::BudgetBreach::Aliases { .. }
            | serde_saphyr::budget::BudgetBreach::Anchors { .. }
            | serde_saphyr::budget::BudgetBreach::AliasAnchorRatio { .. } => {
                format!(
                    "YAML anchors and aliases (&name, *name) are not allowed in {}",
                    kind.plural()
                )
            }
            serde_saphyr::budget::BudgetBreach::MergeKeys { .. } => {
                format!("YAML merge keys (<<) are not allowed in {}", kind.plural())
            }
            serde_saphyr::budget::BudgetBreach::Depth { .. } => format!(
                "nested too deeply (at most {MAX_PROVISION_DEPTH} levels of sub-provisions)"
            ),
            serde_saphyr::budget::BudgetBreach::Documents { .. } => {
                "only one YAML document per file".to_string()
            }
            serde_saphyr::budget::BudgetBreach::ScalarBytes { .. } => {
                "its values add up to more text than the file holds (a YAML trick that \
                 expands text); write each value out"
                    .to_string()
            }
            serde_saphyr::budget::BudgetBreach::Events { .. }
            | serde_saphyr::budget::BudgetBreach::Nodes { .. } => {
                "too many YAML nodes for its size (about one per two bytes at most)".to_string()
            }
            // Never a library's debug value in a message for the draft's author.
            _ => "too complex for its size (a YAML construct draftdiff refuses)".to_string(),
        },
        serde_saphyr::Error::MultipleDocuments { .. } => {
            "only one YAML document per file (found a `---` separator)".to_string()
        }
        serde_saphyr::Error::NullIntoString { .. } => {
            "expected a value, found null (`~`, `null` or nothing)".to_string()
        }
        serde_saphyr::Error::BinaryNotUtf8 { .. } => {
            "this !!binary value is not UTF-8 text".to_string()
        }
        other => strip_location(&other.to_string()),
    };
    // Parser messages quote the draft (an unknown key, say); keep them to one clean line.
    let message = one_line_safe(&message).into_owned();
    Problem {
        line,
        column,
        message: capped(message),
    }
}

/// Longest message a problem carries: what a draft quotes into one (a 10 MB key) would be
/// copied into stderr, the index and the manifest on every pass.
const MAX_MESSAGE_CHARS: usize = 300;

fn capped(message: String) -> String {
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((end, _)) => format!("{}… (cut)", &message[..end]),
        None => message,
    }
}

/// Moves a location the parser reports next to the culprit onto it: an anchor or alias is
/// reported at the value after `&name`, a tab one column to its right.
fn refine_location(text: &str, mut problem: Problem) -> Problem {
    let Some(line) = (problem.line as usize)
        .checked_sub(1)
        .and_then(|i| text.lines().nth(i))
    else {
        return problem;
    };
    let chars: Vec<char> = line.chars().collect();
    let column = (problem.column as usize).min(chars.len() + 1);
    if problem.message.contains("anchors and aliases") {
        if let Some(i) = chars[..column.saturating_sub(1)]
            .iter()
            .rposition(|&c| c == '&' || c == '*')
        {
            problem.column = i as u64 + 1;
        }
    } else if problem.message.contains("tab") && column >= 2 && chars.get(column - 2) == Some(&'\t')
    {
        problem.column -= 1;
    }
    problem
}

fn strip_location(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let message = message
        .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
        .replace("duplicate mapping key", "duplicate key")
        .replace(
            "invalid type: unit value",
            "invalid type: null (an empty value)",
        );
    // The parser speaks of YAML events; say what the draft's author should write instead.
    match message.as_str() {
        "expected string scalar" => {
            "expected a plain value (a string), found a list or mapping".into()
        }
        "expected sequence start" => "expected a list (`- item` lines or `[a, b]`)".into(),
        "expected mapping start" => "expected a mapping of `key: value` lines".into(),
        m if m.starts_with("tabs disallowed") => format!("{m}: indent with spaces, not tabs"),
        "recursion limit exceeded" => {
            format!("nested too deeply (at most {MAX_PROVISION_DEPTH} levels of sub-provisions)")
        }
        _ => message,
    }
}

// ---------------------------------------------------------------------------------------
// The raw YAML shape. Unknown keys are errors: a typo such as `provsions` must not silently
// give an empty draft.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraft {
    document: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    title: Option<String>,
    source: Option<String>,
    status: Option<String>,
    provisions: Option<Spanned<Vec<Spanned<RawProvision>>>>,
}

const BARE_SCALAR: &str = "a provision written as a bare number or true/false: quote it \
     (`- \"1.50\"`) so that its text is kept exactly as written";

/// A provision is either a bare string (its text) or a mapping.
enum RawProvision {
    Text(String),
    Full(RawFields),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFields {
    id: Option<Spanned<String>>,
    title: Option<String>,
    text: Option<String>,
    tags: Option<Vec<String>>,
    provisions: Option<Vec<Spanned<RawProvision>>>,
}

thread_local! {
    /// (provisions this thread's serde-saphyr parse may still read, its limit), set before
    /// each: the parse stops at the first one over the limit, before it costs their memory.
    static PROVISIONS_LEFT: std::cell::Cell<(usize, usize)> =
        const { std::cell::Cell::new((MAX_PROVISIONS, MAX_PROVISIONS)) };
}

impl<'de> Deserialize<'de> for RawProvision {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (left, limit) = PROVISIONS_LEFT.get();
        let Some(left) = left.checked_sub(1) else {
            return Err(de::Error::custom(too_many_provisions(limit)));
        };
        PROVISIONS_LEFT.set((left, limit));
        // A hand-written visitor rather than `#[serde(untagged)]`: untagged enums buffer
        // their input and lose both the locations and the precise error messages.
        struct ProvisionVisitor;
        impl<'de> Visitor<'de> for ProvisionVisitor {
            type Value = RawProvision;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a provision: a mapping with `text`, or a plain string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawProvision::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(RawProvision::Text(v))
            }
            // YAML has already turned `- 1.50` into the number 1.5 (and `- yes` into true),
            // so its text as written is lost: refuse it rather than change the draft.
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Err(E::custom(BARE_SCALAR))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Err(E::custom(BARE_SCALAR))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Err(E::custom(BARE_SCALAR))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Err(E::custom(BARE_SCALAR))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawFields::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawProvision::Full)
            }
        }
        deserializer.deserialize_any(ProvisionVisitor)
    }
}

// ---------------------------------------------------------------------------------------
// A draft as read, before validation: the same shape whichever reader produced it, so
// that both readers go through one validator.

/// A value and where it was read from (1-based line and column).
struct Located<T> {
    value: T,
    line: u64,
    column: u64,
}

impl<T> From<Spanned<T>> for Located<T> {
    fn from(s: Spanned<T>) -> Self {
        Located {
            line: s.referenced.line(),
            column: s.referenced.column(),
            value: s.value,
        }
    }
}

#[derive(Default)]
struct Parsed {
    document: Option<Located<String>>,
    version: Option<Located<String>>,
    date: Option<Located<String>>,
    title: Option<String>,
    source: Option<String>,
    status: Option<String>,
    provisions: Option<Located<Vec<Located<Item>>>>,
}

/// A provision: a bare string (its text) or a mapping.
enum Item {
    Text(String),
    Full(Fields),
}

#[derive(Default)]
struct Fields {
    id: Option<Located<String>>,
    title: Option<String>,
    text: Option<String>,
    tags: Option<Vec<String>>,
    provisions: Option<Vec<Located<Item>>>,
}

impl From<RawDraft> for Parsed {
    fn from(raw: RawDraft) -> Self {
        Parsed {
            document: raw.document.map(Located::from),
            version: raw.version.map(Located::from),
            date: raw.date.map(Located::from),
            title: raw.title,
            source: raw.source,
            status: raw.status,
            provisions: raw.provisions.map(|list| Located {
                line: list.referenced.line(),
                column: list.referenced.column(),
                value: items(list.value),
            }),
        }
    }
}

fn items(list: Vec<Spanned<RawProvision>>) -> Vec<Located<Item>> {
    list.into_iter()
        .map(|item| Located {
            line: item.referenced.line(),
            column: item.referenced.column(),
            value: match item.value {
                RawProvision::Text(text) => Item::Text(text),
                RawProvision::Full(f) => Item::Full(Fields {
                    id: f.id.map(Located::from),
                    title: f.title,
                    text: f.text,
                    tags: f.tags,
                    provisions: f.provisions.map(items),
                }),
            },
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Validation: collects every problem rather than stopping at the first.

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
    provisions: Vec<Provision>,
    /// Full id → line where it was first seen.
    seen_ids: foldhash::HashMap<String, u64>,
}

impl Validator {
    fn problem(&mut self, line: u64, column: u64, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            column,
            message: capped(message.into()),
        });
    }

    fn validate(mut self, raw: Parsed, defaults: &PathDefaults) -> Result<Draft, Vec<Problem>> {
        let document = self.label("document", raw.document, defaults.document.as_deref());
        let version = self.label("version", raw.version, defaults.version.as_deref());
        let date = raw.date.and_then(|d| {
            let (line, column) = (d.line, d.column);
            if is_valid_date(&d.value) {
                Some(d.value)
            } else {
                self.problem(
                    line,
                    column,
                    format!("date {:?} is not a valid YYYY-MM-DD date", d.value),
                );
                None
            }
        });
        match raw.provisions {
            None => self.problem(0, 0, "missing `provisions`: a draft needs at least one"),
            Some(list) if list.value.is_empty() => self.problem(
                list.line,
                list.column,
                "`provisions` is empty: a draft needs at least one",
            ),
            Some(list) => {
                // Sized once: grown by doubling, a large draft's lists left their earlier
                // copies behind, freed but still in the process's memory for a while.
                let total = count_items(&list.value);
                self.provisions.reserve_exact(total);
                self.seen_ids.reserve(total);
                self.provisions_of(list.value, None, 0)
            }
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        Ok(Draft {
            document: document.unwrap_or_default(),
            version: version.unwrap_or_default(),
            date,
            title: non_empty(raw.title),
            source: non_empty(raw.source),
            status: non_empty(raw.status),
            provisions: self.provisions,
            origin: String::new(),
        })
    }

    fn label(
        &mut self,
        field: &str,
        given: Option<Located<String>>,
        default: Option<&str>,
    ) -> Option<String> {
        let (value, line, column) = match given {
            Some(s) => (s.value, s.line, s.column),
            None => match default {
                Some(d) => (d.to_string(), 0, 0),
                None => {
                    self.problem(
                        0,
                        0,
                        format!("missing `{field}` and none can be taken from the path"),
                    );
                    return None;
                }
            },
        };
        let value = collapse_whitespace(&value);
        if value.is_empty() {
            self.problem(line, column, format!("`{field}` is empty"));
            return None;
        }
        if value.chars().any(char::is_control) {
            self.problem(
                line,
                column,
                format!("`{field}` contains control characters"),
            );
            return None;
        }
        // A label is shown in file names, indexes, feeds and logs: an invisible character
        // would make two labels look alike, or a line read otherwise than its bytes.
        if let Some(c) = value.chars().find(|&c| crate::text::is_invisible_format(c)) {
            self.problem(
                line,
                column,
                format!(
                    "`{field}` contains an invisible formatting character (U+{:04X})",
                    c as u32
                ),
            );
            return None;
        }
        Some(value)
    }

    fn provisions_of(&mut self, list: Vec<Located<Item>>, parent: Option<&str>, depth: usize) {
        for (index, item) in list.into_iter().enumerate() {
            let (line, column) = (item.line, item.column);
            let position = || (index + 1).to_string();
            let (id, id_explicit, title, text, tags, children) = match item.value {
                Item::Text(text) => (position(), false, None, Some(text), vec![], None),
                Item::Full(f) => {
                    let (id, explicit) = match f.id {
                        Some(id) => {
                            let value = collapse_whitespace_owned(id.value);
                            if value.is_empty() {
                                self.problem(id.line, id.column, "empty `id`");
                            }
                            (value, true)
                        }
                        None => (position(), false),
                    };
                    (
                        id,
                        explicit,
                        f.title,
                        f.text,
                        f.tags.unwrap_or_default(),
                        f.provisions,
                    )
                }
            };
            let full_id = match parent {
                // A sub-provision printed with its full number ("6.1" under "6") keeps it.
                Some(p) if !id.starts_with(&format!("{p}.")) => format!("{p}.{id}"),
                _ => id,
            };
            // Nearly every text is already collapsed: kept as read, without a copy.
            let text = text.map(collapse_whitespace_owned).unwrap_or_default();
            if text.is_empty() {
                self.problem(line, column, format!("provision {full_id:?} has no text"));
            }
            if let Some(first) = self.seen_ids.get(&full_id) {
                let message = format!("duplicate id {full_id:?} (first used at line {first})");
                self.problem(line, column, message);
            } else {
                self.seen_ids.insert(full_id.clone(), line);
            }
            self.provisions.push(Provision {
                id: full_id.clone(),
                id_explicit,
                title: title
                    .map(collapse_whitespace_owned)
                    .filter(|t| !t.is_empty()),
                text,
                tags: tags
                    .iter()
                    .map(|t| collapse_whitespace(t))
                    .filter(|t| !t.is_empty())
                    .collect(),
                depth,
                line,
            });
            if let Some(children) = children {
                if depth + 1 > MAX_PROVISION_DEPTH {
                    self.problem(line, column, format!(
                        "provision {full_id:?} nests sub-provisions deeper than {MAX_PROVISION_DEPTH} levels"
                    ));
                } else {
                    self.provisions_of(children, Some(&full_id), depth + 1);
                }
            }
        }
    }
}

/// The items of a list and of all the lists nested in it.
fn count_items(list: &[Located<Item>]) -> usize {
    list.iter()
        .map(|item| match &item.value {
            Item::Full(Fields {
                provisions: Some(children),
                ..
            }) => 1 + count_items(children),
            _ => 1,
        })
        .sum()
}

/// Collapsed whitespace, with an empty value read as absent.
fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| collapse_whitespace(&v))
        .filter(|v| !v.is_empty())
}

/// `YYYY-MM-DD` with a real month and day (leap years included).
pub fn is_valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    // `parse` takes a leading `+` ("2025-+1-01"): every other byte must be a digit.
    if !b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}
