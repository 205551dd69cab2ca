//! Reading words: each provision's match keys, numbered in one vocabulary.

use foldhash::HashMap;

use crate::model::Provision;
use crate::words::{for_each_word, match_key};

/// The distinct match keys read, each numbered in order of first appearance.
#[derive(Default)]
pub(super) struct Vocabulary {
    short: HashMap<ShortKey, u32>,
    long: HashMap<Box<str>, u32>,
}

/// A match key of up to 15 bytes, kept inline. Nearly every key is a six-character stem or
/// a short number; a heap string for each, made and then freed, was a fifth of the time
/// spent reading words.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortKey {
    bytes: [u8; 15],
    len: u8,
}

impl ShortKey {
    fn of(key: &str) -> Option<ShortKey> {
        let mut bytes = [0; 15];
        bytes.get_mut(..key.len())?.copy_from_slice(key.as_bytes());
        Some(ShortKey {
            bytes,
            len: key.len() as u8,
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).expect("made from a str")
    }
}

impl Vocabulary {
    pub(super) fn id(&mut self, key: &str) -> u32 {
        let next = self.len() as u32;
        match ShortKey::of(key) {
            Some(short) => *self.short.entry(short).or_insert(next),
            None => match self.long.get(key) {
                Some(&id) => id,
                None => {
                    self.long.insert(key.into(), next);
                    next
                }
            },
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<u32> {
        match ShortKey::of(key) {
            Some(short) => self.short.get(&short).copied(),
            None => self.long.get(key).copied(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub(super) fn entries(&self) -> impl Iterator<Item = (&str, u32)> {
        let short = self.short.iter().map(|(k, &id)| (k.as_str(), id));
        short.chain(self.long.iter().map(|(k, &id)| (&**k, id)))
    }

    /// The keys by id.
    pub(super) fn keys(&self) -> Vec<&str> {
        let mut keys = vec![""; self.len()];
        for (key, id) in self.entries() {
            keys[id as usize] = key;
        }
        keys
    }

    /// For each id, its rank in the sorted vocabulary.
    pub(super) fn ranks(&self) -> Vec<u32> {
        // Byte order, compared eight bytes at a time: a key's first eight bytes as a
        // big-endian number (zero-padded; keys hold no NUL) sort exactly as the bytes do,
        // and only keys that share them are compared further.
        let prefix = |k: &str| {
            let mut bytes = [0u8; 8];
            let n = k.len().min(8);
            bytes[..n].copy_from_slice(&k.as_bytes()[..n]);
            u64::from_be_bytes(bytes)
        };
        let mut sorted: Vec<(u64, &str, u32)> =
            self.entries().map(|(k, id)| (prefix(k), k, id)).collect();
        sorted.sort_unstable();
        let mut rank = vec![0; sorted.len()];
        for (r, &(_, _, id)) in sorted.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

/// Calls `f` with the match key of each word of a provision's text and title, built in
/// the reused buffer `key`.
pub(super) fn for_each_key(p: &Provision, key: &mut String, mut f: impl FnMut(&str)) {
    let title = p.title.as_deref().unwrap_or("");
    for text in [p.text.as_str(), title] {
        for_each_word(text, |word| {
            match_key(word, key);
            f(key);
        });
    }
}

/// The word ids of each provision of one side marked in `read` (an empty list for the
/// others), with the vocabulary that numbers them.
pub(super) fn read_side(side: &[Provision], read: &[bool]) -> (Vocabulary, Vec<Vec<u32>>) {
    let mut vocabulary = Vocabulary::default();
    let mut key = String::new();
    let words = side
        .iter()
        .zip(read)
        .map(|(p, &read)| {
            let mut words = Vec::new();
            if read {
                for_each_key(p, &mut key, |k| words.push(vocabulary.id(k)));
            }
            words
        })
        .collect();
    (vocabulary, words)
}
