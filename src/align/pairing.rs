//! Who is paired with whom so far: the state the stages hand on.

use super::link::Decided;

/// Who is paired with whom so far.
pub(super) struct Pairing {
    pub(super) old_to: Vec<Option<usize>>,
    pub(super) new_to: Vec<Option<usize>>,
    /// By old index: paired because the texts are identical, so they need no comparing.
    pub(super) same_text: Vec<bool>,
    /// By old index: paired by a correction, so no stage may take the pair apart.
    pub(super) corrected: Vec<bool>,
    /// By index: decided by a correction to be removed, added or part of a split or merge,
    /// so never offered to any stage.
    pub(super) held_old: Vec<bool>,
    pub(super) held_new: Vec<bool>,
}

impl Pairing {
    pub(super) fn new(old_len: usize, new_len: usize) -> Pairing {
        Pairing {
            old_to: vec![None; old_len],
            new_to: vec![None; new_len],
            same_text: vec![false; old_len],
            corrected: vec![false; old_len],
            held_old: vec![false; old_len],
            held_new: vec![false; new_len],
        }
    }

    /// Carries out decisions taken by hand: a pair is made and marked, every other
    /// decision's provisions are held back from all stages. Returns the decisions kept, in
    /// order, each index standing for the same decision in the result: one that names a
    /// provision out of range or already taken becomes empty and is never carried out.
    pub(super) fn hold(&mut self, decided: &[Decided]) -> Vec<Decided> {
        let (old_len, new_len) = (self.old_to.len(), self.new_to.len());
        let mut taken_old = vec![false; old_len];
        let mut taken_new = vec![false; new_len];
        let mut kept = Vec::with_capacity(decided.len());
        for d in decided {
            let fits = |side: &[usize], len: usize, taken: &[bool]| {
                let mut seen = side.to_vec();
                seen.sort_unstable();
                seen.dedup();
                seen.len() == side.len() && side.iter().all(|&i| i < len && !taken[i])
            };
            let shape_ok =
                !(d.old.is_empty() && d.new.is_empty()) && (d.old.len() <= 1 || d.new.len() <= 1);
            if !(shape_ok && fits(&d.old, old_len, &taken_old) && fits(&d.new, new_len, &taken_new))
            {
                kept.push(Decided {
                    old: vec![],
                    new: vec![],
                });
                continue;
            }
            d.old.iter().for_each(|&o| taken_old[o] = true);
            d.new.iter().for_each(|&n| taken_new[n] = true);
            if let ([o], [n]) = (d.old.as_slice(), d.new.as_slice()) {
                self.pair(*o, *n);
                self.corrected[*o] = true;
            } else {
                d.old.iter().for_each(|&o| self.held_old[o] = true);
                d.new.iter().for_each(|&n| self.held_new[n] = true);
            }
            let (mut old, mut new) = (d.old.clone(), d.new.clone());
            old.sort_unstable();
            new.sort_unstable();
            kept.push(Decided { old, new });
        }
        kept
    }

    pub(super) fn pair(&mut self, o: usize, n: usize) {
        self.old_to[o] = Some(n);
        self.new_to[n] = Some(o);
    }

    pub(super) fn pair_same_text(&mut self, o: usize, n: usize) {
        self.pair(o, n);
        self.same_text[o] = true;
    }

    pub(super) fn old_free(&self, o: usize) -> bool {
        self.old_to[o].is_none() && !self.held_old[o]
    }

    pub(super) fn new_free(&self, n: usize) -> bool {
        self.new_to[n].is_none() && !self.held_new[n]
    }

    /// By old index: still free to pair.
    pub(super) fn old_free_mask(&self) -> Vec<bool> {
        (0..self.old_to.len()).map(|o| self.old_free(o)).collect()
    }

    /// By new index: still free to pair.
    pub(super) fn new_free_mask(&self) -> Vec<bool> {
        (0..self.new_to.len()).map(|n| self.new_free(n)).collect()
    }

    /// Provisions of either side without a partner.
    pub(super) fn free_count(&self) -> usize {
        let old = (0..self.old_to.len()).filter(|&o| self.old_free(o)).count();
        old + (0..self.new_to.len()).filter(|&n| self.new_free(n)).count()
    }

    /// Whether the pair holding old `o` may be taken apart (for a split or merge).
    pub(super) fn may_unpair(&self, o: usize) -> bool {
        !self.corrected[o]
    }

    /// By index: whose words are read for comparing (all but identical pairs, whose words
    /// are only counted for the weights).
    pub(super) fn read_masks(&self) -> (Vec<bool>, Vec<bool>) {
        let old = (0..self.old_to.len()).map(|o| !self.same_text[o]).collect();
        let new = self
            .new_to
            .iter()
            .map(|to| to.is_none_or(|o| !self.same_text[o]))
            .collect();
        (old, new)
    }

    pub(super) fn pairs(&self) -> Vec<(usize, usize)> {
        self.old_to
            .iter()
            .enumerate()
            .filter_map(|(o, n)| n.map(|n| (o, n)))
            .collect()
    }
}
