//! The div-level footnotes an exporter numbers apart from the text: one list,
//! built the same way for the HTML page and the printed edition.

use crate::model::{Note, NotePlace};

/// The notes of a division printed at the foot of the page, in order, each
/// with no label yet: the exporter fills in the label (`T`) when an anchor,
/// or the end of the division, first reaches the note.
pub fn detached_footnotes<T>(div_notes: &[Note]) -> Vec<(&Note, Option<T>)> {
    div_notes
        .iter()
        .filter(|n| n.place == Some(NotePlace::Foot))
        .map(|n| (n, None))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteKind, Span};

    fn note(id: &str, place: Option<NotePlace>) -> Note {
        Note {
            span: Span::default(),
            kind: NoteKind::Editorial,
            n: None,
            id: Some(id.into()),
            place,
            by_editor: false,
            rend: Vec::new(),
            target: Vec::new(),
            content: Vec::new(),
        }
    }

    #[test]
    fn keeps_the_foot_notes_in_order_unlabelled() {
        let notes = [
            note("a", Some(NotePlace::Foot)),
            note("b", None),
            note("c", Some(NotePlace::Foot)),
        ];
        let list = detached_footnotes::<usize>(&notes);
        let ids: Vec<_> = list.iter().map(|(n, _)| n.id.as_deref()).collect();
        assert_eq!(ids, [Some("a"), Some("c")]);
        assert!(list.iter().all(|(_, label)| label.is_none()));
    }
}
