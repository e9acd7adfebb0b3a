//! A large document's events read on one thread and validated on another:
//! parsing (quick-xml and the XML layer's checks) costs about as much as
//! matching, so two cores take a file in little more than half the time.
//!
//! The reader hands over batches of events through a bounded channel, so
//! memory stays bounded (a few batches in flight) and the validator sees
//! the events in document order: its diagnostics are the same as when it
//! reads the events itself. Empty batches travel back to be refilled, so
//! the steady state allocates no batches.

use std::sync::mpsc;

use crate::diagnostic::Diagnostic;
use crate::xml::{EventRef, XmlReader};

/// Smallest text worth a second thread (below it, starting one costs more
/// than it saves).
pub const MIN_PIPELINED_BYTES: usize = 256 << 10;

/// Events per batch: enough that the hand-over is rare.
const BATCH_EVENTS: usize = 512;
/// Text per batch, at most (but for one event): the batches in flight must
/// span less text than the reader keeps mapped behind it
/// ([`crate::xml::mapped`]), or the validator, reading names and values
/// from the text, would bring back pages already handed back, and they
/// would stay.
const BATCH_BYTES: usize = 48 << 10;
/// Batches the reader may be ahead of the validator.
const BATCHES_AHEAD: usize = 4;

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
/// second thread.
pub fn pipelined<'a, T>(
    reader: &mut XmlReader<'a>,
    consume: impl FnOnce(&mut dyn Events<'a>) -> T,
) -> T {
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Vec<Item<'a>>>(BATCHES_AHEAD);
        let (empty_tx, empty_rx) = mpsc::channel::<Vec<Item<'a>>>();
        scope.spawn(move || read_batches(reader, &full_tx, &empty_rx));
        let mut received = Received {
            full: full_rx,
            empty: empty_tx,
            batch: Vec::new(),
        };
        consume(&mut received)
    })
}

/// The reader thread: fills batches until the stream ends (or fails, or the
/// validator is gone).
fn read_batches<'a>(
    reader: &mut XmlReader<'a>,
    full: &mpsc::SyncSender<Vec<Item<'a>>>,
    empty: &mpsc::Receiver<Vec<Item<'a>>>,
) {
    loop {
        let mut batch = empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(BATCH_EVENTS));
        let mut ended = false;
        let from = reader.bytes_read();
        while batch.len() < BATCH_EVENTS && reader.bytes_read() - from < BATCH_BYTES {
            match reader.next_event_ref() {
                Some(item) => {
                    ended = item.is_err();
                    batch.push(item);
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
        // Taken from the end by the validator.
        batch.reverse();
        if full.send(batch).is_err() || ended {
            return;
        }
    }
}

/// The validator's side: the batch in hand, in reverse order.
struct Received<'a> {
    full: mpsc::Receiver<Vec<Item<'a>>>,
    empty: mpsc::Sender<Vec<Item<'a>>>,
    batch: Vec<Item<'a>>,
}

impl<'a> Events<'a> for Received<'a> {
    fn next_item(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some(item) = self.batch.pop() {
                return Some(item);
            }
            // The reader's thread ends after the last batch: the channel
            // closes, and the stream with it.
            let next = self.full.recv().ok()?;
            let spent = std::mem::replace(&mut self.batch, next);
            // The reader may have stopped already; the batch is then dropped.
            let _ = self.empty.send(spent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `text` as the validator receives them, rendered.
    fn received(text: &str, threaded: bool) -> Vec<String> {
        let render = |events: &mut dyn Events<'_>| {
            let mut out = Vec::new();
            while let Some(item) = events.next_item() {
                out.push(match item {
                    Ok(EventRef::Start(tag)) => format!("<{}", tag.name.qname),
                    Ok(EventRef::End { span }) => format!(">{}", span.start),
                    Ok(EventRef::Text { text, .. }) => format!("{text:?}"),
                    Ok(EventRef::Pi { target, .. }) => format!("?{target}"),
                    Err(diagnostic) => format!("error {}", diagnostic.span.start),
                });
            }
            out
        };
        let mut reader = XmlReader::new(text);
        if threaded {
            pipelined(&mut reader, render)
        } else {
            render(&mut reader)
        }
    }

    fn check(text: &str) {
        let direct = received(text, false);
        assert_eq!(received(text, true), direct, "{text:.60}");
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
    }
}
