//! A large document's events read on one thread and validated on another:
//! parsing (quick-xml and the XML layer's checks) costs about as much as
//! matching, so two cores take a file in little more than half the time.
//!
//! The reader hands over batches of events through a bounded channel, so
//! memory stays bounded (a few batches in flight) and the validator sees
//! the events in document order: its diagnostics are the same as when it
//! reads the events itself. Empty batches travel back to be refilled, so
//! the steady state allocates no batches. The attributes of most start
//! tags are read on the validator's thread ([`crate::xml::Deferred`]): that
//! evens out the two threads' work, and an attribute list is allocated and
//! freed on one thread.

use crate::diagnostic::Diagnostic;
use crate::validate::batches::{self, Drainer, Filler};
use crate::xml::{Deferred, EventRef, XmlReader};

/// Smallest text worth a second thread (below it, starting one costs more
/// than it saves).
pub const MIN_PIPELINED_BYTES: usize = 256 << 10;

/// Events per batch: enough that the hand-over (a wake-up of the other
/// thread) is rare.
const BATCH_EVENTS: usize = 1024;
/// Text per batch, at most (but for one event): the batches in flight must
/// span less text than the reader keeps mapped behind it
/// ([`crate::xml::mapped`]), or the validator, reading names and values
/// from the text, would bring back pages already handed back, and they
/// would stay.
const BATCH_BYTES: usize = 48 << 10;
/// Batches the reader may be ahead of the validator.
const BATCHES_AHEAD: usize = 4;
/// Batches in flight (sent and not yet back) below which the reader leaves
/// attributes to the validator; from here on the validator is behind.
const DEFER_BELOW_IN_FLIGHT: usize = 3;

/// One item of the event stream.
pub type Item<'a> = Result<EventRef<'a>, Box<Diagnostic>>;

/// The events of `reader` in order, from whichever thread read them.
pub trait Events<'a> {
    fn next_item(&mut self) -> Option<Item<'a>>;
}

impl<'a> Events<'a> for XmlReader<'a> {
    fn next_item(&mut self) -> Option<Item<'a>> {
        self.next_event_ref()
    }
}

/// Runs `consume` on this thread over the events of `reader`, read on a
/// second thread. The reader leaves most attributes to this thread
/// ([`XmlReader::defer_attributes`]): reading them is about the share of
/// the work that makes the two threads even.
pub fn pipelined<'a, T>(
    reader: &mut XmlReader<'a>,
    consume: impl FnOnce(&mut dyn Events<'a>) -> T,
) -> T {
    let deferred = reader.defer_attributes();
    std::thread::scope(|scope| {
        let (filler, drainer) = batches::channel(BATCHES_AHEAD, BATCH_EVENTS);
        scope.spawn(move || read_batches(reader, filler));
        let mut received = Received {
            drainer,
            deferred,
            failed: false,
        };
        consume(&mut received)
    })
}

/// The reader thread: fills batches until the stream ends (or fails, or the
/// validator is gone).
fn read_batches<'a>(reader: &mut XmlReader<'a>, mut filler: Filler<Item<'a>>) {
    loop {
        let mut batch = filler.empty_batch();
        // The validator keeping up takes the attributes; behind, it leaves
        // them to this thread: the two threads even out whatever the file.
        reader.set_deferring(filler.in_flight() < DEFER_BELOW_IN_FLIGHT);
        let mut ended = false;
        let from = reader.bytes_read();
        while batch.len() < BATCH_EVENTS && reader.bytes_read() - from < BATCH_BYTES {
            match reader.next_event_ref() {
                Some(item) => {
                    ended = item.is_err();
                    batch.push_back(item);
                    if ended {
                        break;
                    }
                }
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if !filler.send(batch) || ended {
            return;
        }
    }
}

/// The validator's side: the batches, and the attributes the reader left
/// to this thread.
struct Received<'a> {
    drainer: Drainer<Item<'a>>,
    deferred: Deferred<'a>,
    /// A deferred attribute was malformed: the stream ended there.
    failed: bool,
}

impl<'a> Events<'a> for Received<'a> {
    fn next_item(&mut self) -> Option<Item<'a>> {
        if self.failed {
            return None;
        }
        // The reader's thread ends after the last batch: the channel
        // closes, and the stream with it.
        let mut item = self.drainer.next_item()?;
        if let Ok(event) = &mut item
            && let Err(diagnostic) = self.deferred.complete(event)
        {
            // The first error in the document: the reader's own come later.
            self.failed = true;
            return Some(Err(diagnostic));
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::{TRICKY_ROOT, TRICKY_TAGS};

    /// The events of `text` as the validator receives them, rendered; on a
    /// second thread after the first `read_first` events (as `validate`
    /// reads the root's start tag first) when `threaded`.
    fn received(text: &str, threaded: bool, read_first: usize) -> Vec<String> {
        let render = |events: &mut dyn Events<'_>| {
            let mut out = Vec::new();
            while let Some(item) = events.next_item() {
                out.push(render_item(item));
            }
            out
        };
        let mut reader = XmlReader::new(text);
        if threaded {
            let mut first: Vec<String> = std::iter::from_fn(|| reader.next_event_ref())
                .take(read_first)
                .map(render_item)
                .collect();
            first.extend(pipelined(&mut reader, render));
            first
        } else {
            render(&mut reader)
        }
    }

    fn render_item(item: Item<'_>) -> String {
        crate::xml::borrowed::describe(&item)
    }

    fn check(text: &str) {
        let direct = received(text, false, 0);
        for read_first in [0, 1, 2] {
            assert_eq!(received(text, true, read_first), direct, "{text:.60}");
        }
    }

    #[test]
    fn the_validator_sees_the_events_the_reader_reads_in_order() {
        check("<r/>");
        check("<r>a<?pi x?>b</r>");
        // Many batches, and a well-formedness error in a later one.
        let many: String = (0..5000).map(|i| format!("<e n='{i}'>t{i}</e>")).collect();
        check(&format!("<r>{many}</r>"));
        check(&format!("<r>{many}</x>"));
        check(&format!("<r>{many}"));
        // Attributes the reader leaves to the validator's thread: prefixes
        // declared on the root, further in, or nowhere; duplicates by name
        // and by expanded name; malformed ones; references (read by the
        // reader) — each after many batches, so the reader has run ahead.
        for tag in TRICKY_TAGS {
            check(&format!("{TRICKY_ROOT}{many}{tag}</r>"));
            check(&format!("{TRICKY_ROOT}{tag}{many}</r>"));
        }
    }
}
