//! Identical texts: paired before anything is compared, and the first skeleton.

use foldhash::{HashMap, HashMapExt};

use super::order::{gap_numbers, in_order_chain};
use super::pairing::Pairing;
use crate::model::Provision;
use crate::parallel::{both, by_halves};

/// Each provision's text hashed with XXH64. Pairing identical texts and choosing the
/// background sample both go by it; on a large draft, reading every text is most of the
/// cost of each, and the two versions are hashed side by side.
pub(super) struct TextHashes {
    pub(super) old: Vec<u64>,
    pub(super) new: Vec<u64>,
}

/// From this many provisions (or pairs), steps that read every provision's text run on
/// two threads: hashing the texts, looking the new ones up, making the pairs' links.
pub(super) const PARALLEL_TEXTS: usize = 4096;

impl TextHashes {
    pub(super) fn of(old: &[Provision], new: &[Provision]) -> TextHashes {
        let hash = |side: &[Provision]| -> Vec<u64> {
            side.iter()
                .map(|p| crate::hash::xxh64(p.text.as_bytes()))
                .collect()
        };
        let (old, new) = both(
            old.len() + new.len() >= PARALLEL_TEXTS,
            || hash(old),
            || hash(new),
        );
        TextHashes { old, new }
    }
}

/// Pairs provisions with identical text. Texts that occur once in each version pair first
/// and form a skeleton; copies of a repeated text ("Reserved.", "Deleted.") then pair by
/// id, then within the same stretch between skeleton pairs, then in order.
pub(super) fn pair_identical(
    old: &[Provision],
    new: &[Provision],
    hashes: &TextHashes,
    pairing: &mut Pairing,
) {
    // Nearly every text occurs once on each side, so texts are counted first and lists of
    // members are made only for the few that repeat (a list per text was a tenth of the
    // cost of aligning a large draft).
    #[derive(Default)]
    struct Text {
        olds: usize,
        news: usize,
        first_old: usize,
        first_new: usize,
    }
    fn add(texts: &mut Vec<Text>, first_old: usize) -> usize {
        texts.push(Text {
            first_old,
            ..Text::default()
        });
        texts.len() - 1
    }
    // Texts by hash, checked against the text itself. A text whose hash an other text
    // already holds is kept by its text in `collided`: hardly ever, but a draft could be
    // made so.
    let mut text_of: HashMap<u64, usize> = HashMap::with_capacity(old.len());
    let mut collided: HashMap<&str, usize> = HashMap::default();
    let mut texts: Vec<Text> = Vec::new();
    let old_text: Vec<usize> = old
        .iter()
        .enumerate()
        .map(|(o, p)| {
            use std::collections::hash_map::Entry;
            let t = match text_of.entry(hashes.old[o]) {
                Entry::Vacant(e) => *e.insert(add(&mut texts, o)),
                Entry::Occupied(e) if old[texts[*e.get()].first_old].text == p.text => *e.get(),
                Entry::Occupied(_) => *collided
                    .entry(p.text.as_str())
                    .or_insert_with(|| add(&mut texts, o)),
            };
            texts[t].olds += 1;
            t
        })
        .collect();
    // Looking the new texts up only reads the table, and on a large draft it is mostly
    // waiting for memory (each found text is compared with its old twin), so the two
    // halves of the new version are looked up side by side.
    let new_text = by_halves(new.len() >= PARALLEL_TEXTS, new, |from, half| {
        half.iter()
            .zip(&hashes.new[from..])
            .map(|(p, hash)| {
                let t = *text_of.get(hash)?;
                if old[texts[t].first_old].text == p.text {
                    Some(t)
                } else {
                    collided.get(p.text.as_str()).copied()
                }
            })
            .collect()
    });
    for (n, t) in new_text.iter().enumerate() {
        if let &Some(t) = t {
            if texts[t].news == 0 {
                texts[t].first_new = n;
            }
            texts[t].news += 1;
        }
    }
    let repeats = |t: &Text| t.news > 0 && (t.olds > 1 || t.news > 1);
    // A provision a correction already decided keeps that decision, twin or not.
    for t in texts.iter().filter(|t| t.olds == 1 && t.news == 1) {
        if pairing.old_free(t.first_old) && pairing.new_free(t.first_new) {
            pairing.pair_same_text(t.first_old, t.first_new);
        }
    }
    // By text in order of first appearance in the old version: the same order whichever
    // way the copies are then paired.
    let mut members: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for (o, &t) in old_text.iter().enumerate() {
        if repeats(&texts[t]) {
            members.entry(t).or_default().0.push(o);
        }
    }
    for (n, t) in new_text.iter().enumerate() {
        if let Some(t) = t.filter(|&t| repeats(&texts[t])) {
            members.entry(t).or_default().1.push(n);
        }
    }
    let repeated: Vec<(Vec<usize>, Vec<usize>)> = members.into_values().collect();
    if repeated.is_empty() {
        return;
    }
    let skeleton = in_order_chain(&pairing.pairs());
    let (old_gap, new_gap) = gap_numbers(old.len(), new.len(), &skeleton);
    for (olds, news) in repeated {
        let by_id: HashMap<&str, usize> = news.iter().map(|&n| (new[n].id.as_str(), n)).collect();
        for &o in &olds {
            let twin = by_id.get(old[o].id.as_str());
            if let Some(&n) = twin.filter(|&&n| pairing.old_free(o) && pairing.new_free(n)) {
                pairing.pair_same_text(o, n);
            }
        }
        let mut by_gap: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for &o in olds.iter().filter(|&&o| pairing.old_free(o)) {
            by_gap.entry(old_gap[o]).or_default().0.push(o);
        }
        for &n in news.iter().filter(|&&n| pairing.new_free(n)) {
            by_gap.entry(new_gap[n]).or_default().1.push(n);
        }
        for (gap_olds, gap_news) in by_gap.into_values() {
            for (o, n) in gap_olds.into_iter().zip(gap_news) {
                pairing.pair_same_text(o, n);
            }
        }
        let free_olds = olds.iter().copied().filter(|&o| pairing.old_free(o));
        let free_news: Vec<usize> = news
            .iter()
            .copied()
            .filter(|&n| pairing.new_free(n))
            .collect();
        for (o, n) in free_olds.collect::<Vec<_>>().into_iter().zip(free_news) {
            pairing.pair_same_text(o, n);
        }
    }
}
