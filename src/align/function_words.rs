//! Function words: the articles, pronouns, auxiliaries, negations and connectives every
//! provision is made of. Document frequencies alone cannot find them in a short draft (in
//! six provisions "shall" and "Kakhovka" may each occur twice), so they are named here and
//! weighed at [`FUNCTION_WORD`](super::threshold::FUNCTION_WORD) of their IDF whatever the
//! size of the draft. English, German and French: the languages of the corpus.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::words::match_key;

const WORDS: &str = "\
a about above after again against all also am an and any are as at be because been before \
being below between both but by can could did do does doing down during each either every \
few for from further had has have having he her here hers him his how i if in into is it \
its itself may me might more most must my neither no nor not of off on once one only or \
other others ought our ours out over own per same shall she should so some such than that \
the their theirs them then there these they this those through thus to too under until up \
upon us very was we were what when where whether which while who whom whose why will with \
within without would yet you your yours \
aber als am an auch auf aus bei bis da dann das dass dem den der des die dies diese diesem \
diesen dieser dieses durch ein eine einem einen einer eines es für gegen hat haben ihm ihn \
ihr ihre im in ist jede jedem jeden jeder jedes kann kein keine können muss nach nicht noch \
nur ob oder ohne sich sie sind so soll sollen soweit sowie um und uns unter vom von vor war \
wenn werden wie wird wo zu zum zur über \
au aux avec ce ces cette dans de des du elle en est et il ils la le les leur leurs ne ni \
nous ou par pas pour qu que qui sa se ses son sont sur un une vous";

/// Whether `key`, a match key (see [`match_key`]), is a function word's.
pub(super) fn is_function_word(key: &str) -> bool {
    static KEYS: OnceLock<HashSet<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        WORDS
            .split_whitespace()
            .map(|w| {
                let mut key = String::new();
                match_key(w, &mut key);
                key
            })
            .collect()
    })
    .contains(key)
}
