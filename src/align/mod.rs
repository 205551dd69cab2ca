//! Alignment: deciding, for every provision of the old and new versions, what became of it.
//!
//! The id printed in a draft is a hint, never the key: drafters renumber everything after a
//! deletion, and the same number can hold a different provision in the next version. We
//! match by content and use ids, titles and order as supporting evidence:
//!
//! 1. `identical`: identical texts are paired first; texts that occur once in each
//!    version form the skeleton (the pairs on every longest in-order chain), and repeated
//!    texts then pair by id, by place between skeleton pairs, and in order;
//! 2. `candidates`: every other provision gets a handful of candidates on the other side
//!    from an inverted index over rare words (near-linear: common words are not indexed),
//!    plus the provision with the same id and those in the same small stretch;
//! 3. `similarity` measures what two provisions share (IDF-weighted words with function
//!    words discounted, and in-order word pairs for containment), and `scoring` decides
//!    from that and the evidence of id, title and place whether a candidate may pair;
//! 4. `assignment` pairs best first in two rounds against the skeleton, then aligns each
//!    remaining gap in order (a weighted longest common subsequence) and pairs neighbours
//!    one gap apart;
//! 5. `groups` finds splits and merges among what is left, by containment and coverage;
//! 6. `moves` makes the links: pairs off the longest in-order chain are `moved`, pairs with
//!    different ids `renumbered`, all in the new version's reading order;
//! 7. `basis` says what each link rests on and whether a reader should check it.
//!
//! Decisions taken by hand (corrections) come first and stand: a pair set by hand is part
//! of the skeleton, and the provisions of every other decision are offered to no stage.
//!
//! Every step treats the two versions alike (the skeleton, for one, is the pairs common
//! to every longest in-order chain), so aligning B with A pairs exactly the mirror image
//! of aligning A with B (which of two swapped provisions is called `moved`
//! is a tie that may fall either way; how many moved is not). `docs/alignment.md` walks
//! through the tricky cases and why each threshold is where it is.

/// The version of the alignment's decisions. Bump it in the same commit as any change
/// that pairs one provision differently or says differently what a pairing rests on.
pub const VERSION: u32 = 2;

mod assignment;
mod basis;
mod candidates;
mod function_words;
mod groups;
mod identical;
mod link;
mod moves;
mod order;
mod pairing;
mod scoring;
mod similarity;
mod threshold;
mod vocabulary;

#[cfg(test)]
mod tests;

pub use link::{Alignment, Alternative, Basis, ChangeKind, Confidence, Decided, Ground, Link};
pub(crate) use order::longest_increasing;

use crate::model::Provision;

/// Aligns two versions' provisions. Never fails; deterministic for the same input, and
/// symmetric: aligning new with old gives the mirror image of the pairs.
pub fn align(old: &[Provision], new: &[Provision]) -> Alignment {
    align_decided(old, new, &[])
}

/// [`align`] around decisions taken by hand, each carried out as given. A decision that
/// names a provision out of range or one an earlier decision already took is ignored:
/// callers validate them first (see `corrections`).
pub fn align_decided(old: &[Provision], new: &[Provision], decided: &[Decided]) -> Alignment {
    let mut pairing = pairing::Pairing::new(old.len(), new.len());
    let decided = pairing.hold(decided);
    let hashes = identical::TextHashes::of(old, new);
    identical::pair_identical(old, new, &hashes, &mut pairing);
    let corpus = similarity::Corpus::build(old, new, &hashes, &pairing);
    let seen = assignment::pair_by_content(old, new, &corpus, &mut pairing);
    let groups = groups::find_groups(&corpus, &mut pairing);
    let mut alignment = moves::build_links(old, new, &corpus, &pairing, groups, &decided);
    basis::assess(old, new, &corpus, &pairing, &seen, &mut alignment.links);
    alignment
}
