//! Who is paired with whom so far: the state the stages hand on.

/// Who is paired with whom so far.
pub(super) struct Pairing {
    pub(super) old_to: Vec<Option<usize>>,
    pub(super) new_to: Vec<Option<usize>>,
    /// By old index: paired because the texts are identical, so they need no comparing.
    pub(super) same_text: Vec<bool>,
}

impl Pairing {
    pub(super) fn new(old_len: usize, new_len: usize) -> Pairing {
        Pairing {
            old_to: vec![None; old_len],
            new_to: vec![None; new_len],
            same_text: vec![false; old_len],
        }
    }

    pub(super) fn pair(&mut self, o: usize, n: usize) {
        self.old_to[o] = Some(n);
        self.new_to[n] = Some(o);
    }

    pub(super) fn pair_same_text(&mut self, o: usize, n: usize) {
        self.pair(o, n);
        self.same_text[o] = true;
    }

    /// Provisions of either side without a partner.
    pub(super) fn free_count(&self) -> usize {
        let free = |to: &[Option<usize>]| to.iter().filter(|t| t.is_none()).count();
        free(&self.old_to) + free(&self.new_to)
    }

    pub(super) fn pairs(&self) -> Vec<(usize, usize)> {
        self.old_to
            .iter()
            .enumerate()
            .filter_map(|(o, n)| n.map(|n| (o, n)))
            .collect()
    }
}
