//! Thresholds, named so that `docs/alignment.md` can explain them.

/// Weighted overlap at which two provisions are the same provision reworded, with no
/// other evidence. Unrelated provisions of one document rarely pass 0.2 once common
/// words are discounted by IDF; a rewording that keeps most of the substance stays
/// above it, and a heavier one needs evidence (below).
pub const PAIR: f64 = 0.45;
/// The lowest overlap that evidence (same id, same title, same place) can lift to a pair.
pub const PAIR_WITH_EVIDENCE: f64 = 0.35;
/// Worth of each piece of evidence.
pub const BONUS: f64 = 0.1;
/// A part that stands apart from every other part of its group needs this much.
pub const DISTANT_PART_CONTAINMENT: f64 = 0.6;
/// A part that stands next to another part of the same group needs less.
pub const ADJACENT_PART_CONTAINMENT: f64 = 0.3;
/// All the parts together must cover this share of the whole...
pub const GROUP_COVERAGE: f64 = 0.6;
/// ...and the extra parts must add at least this much coverage to the main part.
pub const GROUP_GAIN: f64 = 0.1;
/// Each part of a group beyond the whole's partner must add at least this much coverage.
pub const PART_GAIN: f64 = 0.02;
/// Groups with more parts than this are not checked for redundant parts (cost bound).
pub const REDUNDANCY_CHECK: usize = 16;
/// Candidates kept per provision from the word index, in each direction.
pub const CANDIDATES: usize = 8;
/// Share of its IDF a function word keeps (see `function_words`): "shall" and "not" are
/// in every draft, however few provisions it has.
pub const FUNCTION_WORD: f64 = 0.2;
/// Worth of containment against Dice: a text wholly kept inside a grown one scores this.
pub const CONTAINED_WORTH: f64 = 0.9;
/// The lighter text needs this many word pairs holding a content word before its
/// containment in another means anything.
pub const CONTAINED_PAIRS: u32 = 3;
/// A pair away from its place (a move) needs this many shared words of substance.
pub const MOVED_WORDS: u32 = 2;
/// The content score at which two provisions in the same stretch between matched
/// neighbours, sharing at least one word of substance, are one provision amended.
pub const IN_PLACE: f64 = 0.15;
/// Gaps with more candidate pairs than this are left to content alone (cost bound).
pub const GAP_PAIRS: usize = 4096;
/// The content score at which two provisions one stretch apart (neighbours swapped) are
/// one provision, once the in-order fill is done.
pub const NEAR_PLACE: f64 = 0.3;
/// The content score at which two provisions still free after every other step are one
/// provision moved and reworded, wherever they stand...
pub const LEFTOVER: f64 = 0.2;
/// ...when they share at least this many distinct content words of three characters or
/// more (see `Overlap::long_words`).
pub const LEFTOVER_WORDS: u32 = 8;
/// A pair whose content score is below this is marked for checking: the text alone
/// barely carries it, the rest is id, title or place.
pub const CONFIDENT: f64 = 0.5;
/// A pair is marked for checking when a rival's content score comes within this of its
/// own; a split or merge when its coverage is within this of [`GROUP_COVERAGE`].
pub const CONFIDENT_MARGIN: f64 = 0.1;
/// A removed or added provision is marked for checking when its nearest candidate on the
/// other side has at least this content score...
pub const NEAR_MISS: f64 = 0.25;
/// ...or this much, when an unpaired provision stands across from it in the same stretch.
pub const FACING_SHARE: f64 = 0.1;
/// Worth, between matched neighbours, of the share of the lighter text's words found in
/// the other (in any order): half, so it decides between two candidates of one stretch
/// but never makes a pair on its own.
pub const IN_PLACE_KEPT: f64 = 0.5;
