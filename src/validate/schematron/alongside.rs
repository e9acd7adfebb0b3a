//! The Schematron tree built from the events of the RELAX NG pass while
//! that pass runs, on a thread of its own for a large file: the pass
//! already keeps two threads busy (one reads the XML, one matches), and
//! building the tree on the matching thread would make that thread the
//! slowest of the two by far. The events travel in batches
//! (`validate::batches`; a copy of each event: its names and
//! values still borrow from the document).

use super::tree::TreeBuilder;
use crate::validate::batches;
use crate::xml::EventRef;

/// Events per batch: enough that the hand-over is rare.
const BATCH_EVENTS: usize = 1024;
/// Batches the pass may be ahead of the builder: the events in flight
/// borrow text the XML reader may already have handed back, so they are
/// kept few.
const BATCHES_AHEAD: usize = 4;

/// Runs `pass` with an observer that builds a tree from the events it is
/// given (after `prolog`, the events before the first one the pass sees);
/// with `threaded`, the tree is built on a second thread as the pass goes.
/// Gives what `pass` gives, and the builder with every event added.
pub fn build_alongside<'a, T>(
    threaded: bool,
    prolog: &[EventRef<'a>],
    pass: impl FnOnce(&mut dyn FnMut(&EventRef<'a>)) -> T,
) -> (T, TreeBuilder) {
    let mut builder = TreeBuilder::new();
    for event in prolog {
        builder.event(event);
    }
    if !threaded {
        let out = pass(&mut |event| builder.event(event));
        return (out, builder);
    }
    std::thread::scope(|scope| {
        let (mut filler, mut drainer) = batches::channel(BATCHES_AHEAD, BATCH_EVENTS);
        let building = scope.spawn(move || {
            while let Some(event) = drainer.next_item() {
                builder.event(&event);
            }
            builder
        });
        let mut batch = filler.empty_batch();
        let mut observer = |event: &EventRef<'a>| {
            batch.push_back(event.clone());
            if batch.len() >= BATCH_EVENTS {
                let full = std::mem::replace(&mut batch, filler.empty_batch());
                // The builder stops only by panicking, which `join` reports.
                filler.send(full);
            }
        };
        let out = pass(&mut observer);
        filler.send(batch);
        // The channel closes: the builder ends after the last batch.
        drop(filler);
        match building.join() {
            Ok(builder) => (out, builder),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::XmlReader;

    /// The tree built on a second thread is the one built on this thread,
    /// over many batches, with the prolog first.
    #[test]
    fn the_tree_built_alongside_is_the_tree_built_in_line() {
        let body: String = (0..3000)
            .map(|i| format!("<e n='{i}' xml:id='i{i}'>t{i}<?p {i}?></e>"))
            .collect();
        let text = format!("<?a b?><r xmlns='urn:r'>{body}</r>");
        let serialised = |threaded: bool| {
            let mut reader = XmlReader::new(&text);
            let prolog = reader.next_event_ref().unwrap().unwrap();
            let (count, builder) = build_alongside(threaded, &[prolog], |observer| {
                let mut count = 0;
                while let Some(event) = reader.next_event_ref() {
                    observer(&event.unwrap());
                    count += 1;
                }
                count
            });
            let document = builder.finish().expect("built");
            let xot = document.documents.xot();
            (
                count,
                xot.to_string(document.root).unwrap(),
                document.element_spans,
            )
        };
        let in_line = serialised(false);
        assert!(in_line.0 > 3 * BATCH_EVENTS, "{}", in_line.0);
        assert!(
            in_line
                .1
                .starts_with("<?a b?><r xmlns=\"urn:r\"><e n=\"0\"")
        );
        assert_eq!(serialised(true), in_line);
    }
}
