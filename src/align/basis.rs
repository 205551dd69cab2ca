//! Assessment: what each link rests on (its evidence), its closest rival, and whether a
//! reader should check it. It decides nothing: every pairing is made before it runs.

use super::assignment::Seen;
use super::link::{Alternative, Basis, ChangeKind, Confidence, Ground, Link};
use super::order::Place;
use super::pairing::Pairing;
use super::similarity::{fixed, round3, Corpus, Overlap};
use super::threshold;
use crate::model::Provision;

/// Fills in the basis of every link, from what the assignment saw: its first candidates
/// are the rivals, and a provision's place is its stretch between the pairs of the
/// in-order chain before the gaps were filled (a pair made in a gap is in place).
pub(super) fn assess(
    old: &[Provision],
    new: &[Provision],
    corpus: &Corpus,
    pairing: &Pairing,
    seen: &Seen,
    links: &mut [Link],
) {
    let place = &seen.place;
    let rivals = Rivals::of(corpus, &seen.candidates);
    let facing = Lone::by_gap(links, place);
    let sides = Sides {
        old,
        new,
        corpus,
        place,
        rivals: &rivals,
    };
    for link in links.iter_mut() {
        let decided = link.basis.decided;
        link.basis = match (link.kind, link.old.as_slice(), link.new.as_slice()) {
            (ChangeKind::Unchanged | ChangeKind::Changed, [o], [n]) => sides.of_pair(
                *o,
                *n,
                pairing.same_text[*o] || old[*o].text == new[*n].text,
            ),
            (ChangeKind::Removed, [o], []) => {
                sides.of_lone(rivals.of_old(*o, None), facing.new[place.old_gap[*o]] > 0)
            }
            (ChangeKind::Added, [], [n]) => {
                sides.of_lone(rivals.of_new(*n, None), facing.old[place.new_gap[*n]] > 0)
            }
            _ => sides.of_group(link),
        };
        if let Some(i) = decided {
            link.basis.decided = Some(i);
            link.basis.evidence.insert(0, Ground::Corrected);
            link.basis.confidence = Confidence::High;
        }
    }
}

/// What the assessment reads.
struct Sides<'a> {
    old: &'a [Provision],
    new: &'a [Provision],
    corpus: &'a Corpus,
    place: &'a Place,
    rivals: &'a Rivals,
}

impl Sides<'_> {
    fn of_pair(&self, o: usize, n: usize, same_text: bool) -> Basis {
        let (a, b) = (&self.old[o], &self.new[n]);
        let mut evidence = Vec::new();
        let (overlap, rival) = if same_text {
            evidence.push(Ground::IdenticalText);
            (None, None)
        } else {
            let overlap = self.corpus.overlap(o, n);
            evidence.extend(text_grounds(&overlap));
            let rival = self.rivals.of_old(o, Some(n));
            let rival = better(rival, self.rivals.of_new(n, Some(o)));
            (Some(overlap), rival)
        };
        if a.id == b.id && a.id_explicit && b.id_explicit {
            evidence.push(Ground::SameId);
        }
        if a.title.is_some() && a.title == b.title {
            evidence.push(Ground::SameTitle);
        }
        if self.place.old_gap[o] == self.place.new_gap[n] {
            evidence.push(Ground::SamePlace);
        }
        let confidence = match overlap {
            None => Confidence::High,
            Some(overlap) => pair_confidence(overlap.content(), rival.map(|r| r.1)),
        };
        Basis {
            confidence,
            evidence,
            contained: overlap.map_or(1.0, |o| round3(o.contained)),
            // Shown only when it came near enough to be worth a look.
            alternative: rival
                .filter(|r| r.1 >= threshold::IN_PLACE)
                .map(|(alternative, _)| alternative),
            decided: None,
        }
    }

    /// A removed or added provision: low when its nearest candidate shares enough that a
    /// reader might call them one provision.
    /// A removed or added provision: low when its nearest candidate shares enough that a
    /// reader might call them one provision ([`threshold::NEAR_MISS`]), or when it faces
    /// an unpaired provision across, in the same stretch between matched neighbours, and
    /// its nearest candidate shares a little ([`threshold::FACING_SHARE`]): a rewritten
    /// passage often reads as removed plus added.
    fn of_lone(&self, nearest: Option<(Alternative, f64)>, facing: bool) -> Basis {
        let content = nearest.map_or(0.0, |(_, content)| content);
        let near_miss =
            content >= threshold::NEAR_MISS || (facing && content >= threshold::FACING_SHARE);
        Basis {
            confidence: if near_miss {
                Confidence::Low
            } else {
                Confidence::High
            },
            evidence: Vec::new(),
            contained: 0.0,
            alternative: nearest.map(|(alternative, _)| alternative),
            decided: None,
        }
    }

    fn of_group(&self, link: &Link) -> Basis {
        // A group set by hand may share little; only coverage that would make a group
        // counts as evidence.
        let mut evidence = Vec::new();
        if link.similarity >= threshold::GROUP_COVERAGE {
            evidence.push(Ground::ContainedText);
        }
        let ids = |side: &[usize], of: &[Provision]| -> Vec<String> {
            side.iter().map(|&i| of[i].id.clone()).collect()
        };
        let (old_ids, new_ids) = (ids(&link.old, self.old), ids(&link.new, self.new));
        if old_ids.iter().any(|id| new_ids.contains(id)) {
            evidence.push(Ground::SameId);
        }
        let thin = link.similarity < threshold::GROUP_COVERAGE + threshold::CONFIDENT_MARGIN;
        Basis {
            confidence: if thin {
                Confidence::Low
            } else {
                Confidence::High
            },
            evidence,
            contained: link.similarity,
            alternative: None,
            decided: None,
        }
    }
}

/// How many removed (`old`) and added (`new`) provisions stand in each stretch between
/// skeleton pairs.
struct Lone {
    old: Vec<usize>,
    new: Vec<usize>,
}

impl Lone {
    fn by_gap(links: &[Link], place: &Place) -> Lone {
        let gaps = place
            .old_gap
            .iter()
            .chain(&place.new_gap)
            .max()
            .map_or(1, |g| g + 1);
        let mut lone = Lone {
            old: vec![0; gaps],
            new: vec![0; gaps],
        };
        for link in links {
            match (link.old.as_slice(), link.new.as_slice()) {
                ([o], []) => lone.old[place.old_gap[*o]] += 1,
                ([], [n]) => lone.new[place.new_gap[*n]] += 1,
                _ => {}
            }
        }
        lone
    }
}

/// What the text itself says for a pair.
fn text_grounds(overlap: &Overlap) -> Vec<Ground> {
    let mut grounds = Vec::new();
    if overlap.dice >= threshold::PAIR {
        grounds.push(Ground::SimilarText);
    }
    if overlap.contained * threshold::CONTAINED_WORTH >= threshold::PAIR {
        grounds.push(Ground::ContainedText);
    }
    if grounds.is_empty() && overlap.content_words >= 1 {
        grounds.push(Ground::SharedWords);
    }
    grounds
}

/// Low when the text alone barely carries the pair (below [`threshold::CONFIDENT`]: the
/// rest is id, title or place), or when a rival comes within
/// [`threshold::CONFIDENT_MARGIN`] of it.
fn pair_confidence(content: f64, rival: Option<f64>) -> Confidence {
    let close = rival.is_some_and(|r| r >= content - threshold::CONFIDENT_MARGIN);
    if content < threshold::CONFIDENT || close {
        Confidence::Low
    } else {
        Confidence::High
    }
}

/// The better of two rivals by content score; the earlier pair on a tie.
fn better(
    a: Option<(Alternative, f64)>,
    b: Option<(Alternative, f64)>,
) -> Option<(Alternative, f64)> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if rank(&y) > rank(&x) { y } else { x }),
        (x, y) => x.or(y),
    }
}

/// Content first; on a tie, a key that reads the same whichever version is called old.
fn rank(r: &(Alternative, f64)) -> (i64, std::cmp::Reverse<(usize, usize, usize)>) {
    let (o, n) = (r.0.old, r.0.new);
    (fixed(r.1), std::cmp::Reverse((o.min(n), o.max(n), o)))
}

/// For every provision that was free when pairing by content began, its candidates on the
/// other side (the pairing's own first search: rare words both ways, the same id, the same
/// small stretch), and what each pair shares.
struct Rivals {
    /// By old index: `(new, content, similarity)` of its candidates that share a word of
    /// substance.
    of_old: Vec<Vec<(usize, f64, f64)>>,
    of_new: Vec<Vec<(usize, f64, f64)>>,
}

impl Rivals {
    fn of(corpus: &Corpus, candidates: &[(usize, usize)]) -> Rivals {
        let mut of_old = vec![Vec::new(); corpus.old.len()];
        let mut of_new = vec![Vec::new(); corpus.new.len()];
        for &(o, n) in candidates {
            let overlap = corpus.overlap(o, n);
            if overlap.content_words == 0 {
                continue;
            }
            let similarity = round3(corpus.similarity(o, n));
            of_old[o].push((n, overlap.content(), similarity));
            of_new[n].push((o, overlap.content(), similarity));
        }
        Rivals { of_old, of_new }
    }

    /// The best candidate of old `o` other than `except`, with its content score.
    fn of_old(&self, o: usize, except: Option<usize>) -> Option<(Alternative, f64)> {
        best(&self.of_old[o], except, |n, similarity| Alternative {
            old: o,
            new: n,
            similarity,
        })
    }

    fn of_new(&self, n: usize, except: Option<usize>) -> Option<(Alternative, f64)> {
        best(&self.of_new[n], except, |o, similarity| Alternative {
            old: o,
            new: n,
            similarity,
        })
    }
}

fn best(
    candidates: &[(usize, f64, f64)],
    except: Option<usize>,
    make: impl Fn(usize, f64) -> Alternative,
) -> Option<(Alternative, f64)> {
    candidates
        .iter()
        .filter(|c| Some(c.0) != except)
        .max_by(|a, b| fixed(a.1).cmp(&fixed(b.1)).then(b.0.cmp(&a.0)))
        .map(|&(i, content, similarity)| (make(i, similarity), content))
}
