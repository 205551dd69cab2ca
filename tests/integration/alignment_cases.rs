//! The failures named in the issue on real revisions, each rebuilt from scratch as a small
//! pair of drafts: what a careful analyst says, and that draftdiff now says it too.

use crate::common::{entries_of, load_str};

/// The entries of comparing two drafts given as `id: text` lines, unchanged and changed
/// folded into `paired`, as `kind old -> new` strings sorted.
fn align(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<String> {
    let draft = |label: &str, points: &[(&str, &str)]| {
        let mut yaml = format!("document: plan\nversion: {label}\nprovisions:\n");
        for (id, text) in points {
            yaml.push_str(&format!("  - id: \"{id}\"\n    text: \"{text}\"\n"));
        }
        load_str(&yaml)
    };
    let report = draftdiff::report::Report::compare(&draft("a", old), &draft("b", new));
    let mut out: Vec<String> = entries_of(&report)
        .into_iter()
        .map(|mut e| {
            e.flags.clear();
            if e.kind == "changed" || e.kind == "unchanged" {
                e.kind = "paired".into();
            }
            e.to_string()
        })
        .collect();
    out.sort();
    out
}

fn has(entries: &[String], want: &str) -> bool {
    entries.iter().any(|e| e == want)
}

const FILLER: [(&str, &str); 4] = [
    ("1", "The ceasefire takes effect along the current line of contact at noon on the day of signature."),
    ("3", "Prisoners of war are exchanged all for all within thirty days, under the supervision of the Red Cross."),
    ("4", "Sanctions are lifted in stages as each verified step of the withdrawal is completed."),
    ("5", "A joint commission meets monthly to settle disputes about the carrying out of this agreement."),
];

fn with_filler(second: (&'static str, &'static str)) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![FILLER[0], second];
    v.extend_from_slice(&FILLER[1..]);
    v
}

#[test]
fn a_provision_that_grew_is_the_same_provision() {
    let old = with_filler(("2", "The mission may use drones."));
    let new = with_filler((
        "2",
        "The mission may use drones, helicopters and satellite imagery supplied by the parties and by third states, and shares what it sees with both parties every week.",
    ));
    let entries = align(&old, &new);
    assert!(has(&entries, "paired 2 -> 2"), "{entries:#?}");
    // And the other way round: cut down to its first sentence.
    let entries = align(&new, &old);
    assert!(has(&entries, "paired 2 -> 2"), "{entries:#?}");
}

#[test]
fn a_verbatim_prefix_with_the_same_id_and_place_is_never_removed_plus_added() {
    let old = with_filler((
        "2",
        "Elections are held within one hundred days of signature.",
    ));
    let new = with_filler((
        "2",
        "Elections are held within one hundred days of signature. Observers of the OSCE monitor every polling station, the parties fund the electoral commission in equal shares, and a run-off follows within 21 days where no candidate wins half of the votes cast.",
    ));
    let entries = align(&old, &new);
    assert!(has(&entries, "paired 2 -> 2"), "{entries:#?}");
}

#[test]
fn a_counter_draft_renumbered_consecutively_keeps_its_pairs_by_place() {
    // Point 2 deleted, the rest renumbered and reworded; each survivor still stands
    // between its matched neighbours.
    let old = [
        (
            "1",
            "The sovereignty of the country is confirmed by all parties.",
        ),
        (
            "2",
            "A non-aggression agreement is concluded between the three parties.",
        ),
        ("3", "The country receives reliable security guarantees."),
        (
            "4",
            "The size of the armed forces is limited to 600,000 personnel.",
        ),
        (
            "5",
            "The country enshrines in its constitution that it will not join the alliance.",
        ),
        (
            "6",
            "The zone of the power plant is run under the supervision of the agency.",
        ),
    ];
    let new = [
        ("1", "The sovereignty of the country is confirmed by all parties."),
        ("2", "The country obtains robust guarantees, mirroring those of collective defence."),
        ("3", "Its forces in peacetime are capped at 800,000 personnel."),
        ("4", "Membership of the alliance depends on the consensus of its members, which does not exist."),
        ("5", "The power plant is restarted and its output shared between the two sides."),
    ];
    let entries = align(&old, &new);
    for want in [
        "paired 1 -> 1",
        "removed 2 ->",
        "paired 3 -> 2",
        "paired 4 -> 3",
        "paired 5 -> 4",
        "paired 6 -> 5",
    ] {
        assert!(has(&entries, want), "missing {want}: {entries:#?}");
    }
}

#[test]
fn short_points_reworded_around_a_distinctive_name_are_paired() {
    let old = with_filler((
        "2",
        "The Kakhovka dam is rebuilt under UN supervision and its water is shared equally.",
    ));
    let new = with_filler(("2", "The Kakhovka dam is run jointly; one side proposes international management, the other a joint venture."));
    let entries = align(&old, &new);
    assert!(has(&entries, "paired 2 -> 2"), "{entries:#?}");
    let old = with_filler(("2", "Parliament is dissolved within 60 days."));
    let new = with_filler((
        "2",
        "Parliament is dissolved as soon as the agreement enters into force.",
    ));
    let entries = align(&old, &new);
    assert!(has(&entries, "paired 2 -> 2"), "{entries:#?}");
}

#[test]
fn two_short_unrelated_points_sharing_one_name_are_not_paired() {
    let mut old = vec![("0", "Ukraine shall not join NATO.")];
    old.extend_from_slice(&FILLER);
    let mut new = FILLER.to_vec();
    new.push(("6", "NATO shall not expand further."));
    let entries = align(&old, &new);
    assert!(has(&entries, "removed 0 ->"), "{entries:#?}");
    assert!(has(&entries, "added -> 6"), "{entries:#?}");
}

#[test]
fn a_long_rewritten_section_goes_to_the_section_that_now_carries_its_rules() {
    // New definitions section uses many words of the old sections; the old redistribution
    // section's rules are now in section 4, renumbered and titled.
    let old = [
        ("1", "Licence. The licensor grants you a worldwide, royalty-free, non-exclusive licence to reproduce and share the work."),
        ("2", "Redistribution. You may redistribute copies of the work in any medium provided that you keep intact all copyright notices, give recipients a copy of this licence, and indicate if changes were made to the work."),
        ("3", "Termination. This licence ends automatically if you fail to comply with its terms, and is reinstated if the failure is cured within thirty days."),
    ];
    let new = [
        ("1", "Definitions. Work means the material the licensor licenses. Licensor means the person granting rights. Share means to provide the work to the public by any means, including reproduction and distribution of copies in any medium. Copyright notices means the notices of copyright the licensor places on the work. Recipients means anyone who receives the work from you."),
        ("2", "Grant. The licensor grants you a worldwide, royalty-free, non-exclusive licence to reproduce and share the work."),
        ("3", "Termination. This licence ends automatically if you fail to comply with its terms, and is reinstated if the failure is cured within thirty days."),
        ("4", "Conditions of sharing. If you share the work in any medium, you must keep intact all copyright notices, give recipients a copy of or a link to this licence, and indicate if you changed the work."),
    ];
    let entries = align(&old, &new);
    assert!(has(&entries, "paired 2 -> 4"), "{entries:#?}");
    assert!(has(&entries, "added -> 1"), "{entries:#?}");
}

#[test]
fn the_same_heading_in_the_same_place_is_one_provision_rewritten() {
    // Fully reworded; one word of substance in common, the heading's name and the place.
    let mut old = vec![
        FILLER[0],
        ("guarantees", "No third state guarantees the ceasefire."),
    ];
    old.extend_from_slice(&FILLER[1..]);
    let mut new = vec![
        FILLER[0],
        (
            "guarantees",
            "Turkey, Qatar and the European Union each undertake to answer any violation within forty-eight hours, and the guarantors meet every quarter.",
        ),
    ];
    new.extend_from_slice(&FILLER[1..]);
    let entries = align(&old, &new);
    assert!(
        has(&entries, "paired guarantees -> guarantees"),
        "{entries:#?}"
    );
    // The same name far from its place, with as little in common, is not enough.
    let mut moved = FILLER.to_vec();
    moved.push(new[1]);
    let entries = align(&old, &moved);
    assert!(has(&entries, "removed guarantees ->"), "{entries:#?}");
}
