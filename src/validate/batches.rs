//! Items handed from one thread to another in batches, in order, with the
//! spent batches travelling back to be refilled: the hand-over is rare (a
//! batch, not an item, at a time), memory stays bounded (a few batches in
//! flight) and the steady state allocates no batches. The RELAX NG pass
//! reads its events this way (`rng::pipe`), and the Schematron tree is
//! built from them this way (`schematron::alongside`).

use std::collections::VecDeque;
use std::sync::mpsc;

/// A batch of items, taken from the front.
pub type Batch<T> = VecDeque<T>;

/// A channel of batches of `capacity` items, the filling side at most
/// `ahead` batches ahead of the draining side.
pub fn channel<T>(ahead: usize, capacity: usize) -> (Filler<T>, Drainer<T>) {
    let (full_tx, full_rx) = mpsc::sync_channel(ahead);
    let (empty_tx, empty_rx) = mpsc::channel();
    (
        Filler {
            full: full_tx,
            empty: empty_rx,
            spare: Vec::new(),
            in_flight: 0,
            capacity,
        },
        Drainer {
            full: full_rx,
            empty: empty_tx,
            batch: VecDeque::new(),
        },
    )
}

/// The side that fills batches and sends them.
pub struct Filler<T> {
    full: mpsc::SyncSender<Batch<T>>,
    empty: mpsc::Receiver<Batch<T>>,
    /// Spent batches back from the drainer, not yet refilled.
    spare: Vec<Batch<T>>,
    /// Batches sent and not yet back.
    in_flight: usize,
    capacity: usize,
}

impl<T> Filler<T> {
    /// An empty batch to fill: a spent one if any came back.
    pub fn empty_batch(&mut self) -> Batch<T> {
        while let Ok(back) = self.empty.try_recv() {
            self.in_flight = self.in_flight.saturating_sub(1);
            self.spare.push(back);
        }
        self.spare
            .pop()
            .unwrap_or_else(|| VecDeque::with_capacity(self.capacity))
    }

    /// Sends a filled batch, waiting while `ahead` are in the channel;
    /// false once the drainer is gone.
    pub fn send(&mut self, batch: Batch<T>) -> bool {
        let sent = self.full.send(batch).is_ok();
        self.in_flight += usize::from(sent);
        sent
    }

    /// Batches sent whose spent batch has not come back (as of the last
    /// [`Filler::empty_batch`]): how far the drainer is behind.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }
}

/// The side that takes the items, in the order they were sent.
pub struct Drainer<T> {
    full: mpsc::Receiver<Batch<T>>,
    empty: mpsc::Sender<Batch<T>>,
    batch: Batch<T>,
}

impl<T> Drainer<T> {
    /// The next item; `None` once the filler is gone and every batch taken.
    pub fn next_item(&mut self) -> Option<T> {
        loop {
            if let Some(item) = self.batch.pop_front() {
                return Some(item);
            }
            let next = self.full.recv().ok()?;
            let spent = std::mem::replace(&mut self.batch, next);
            // The filler may have stopped already; the batch is then dropped.
            let _ = self.empty.send(spent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item arrives once and in order, across many batches and with
    /// the filler running ahead on its own thread.
    #[test]
    fn items_arrive_once_and_in_order() {
        let (mut filler, mut drainer) = channel::<u32>(2, 8);
        let received = std::thread::scope(|scope| {
            scope.spawn(move || {
                for start in (0..1000).step_by(8) {
                    let mut batch = filler.empty_batch();
                    assert!(batch.is_empty());
                    batch.extend(start..(start + 8).min(1000));
                    assert!(filler.send(batch));
                }
            });
            std::iter::from_fn(|| drainer.next_item()).collect::<Vec<u32>>()
        });
        assert_eq!(received, (0..1000).collect::<Vec<_>>());
    }

    /// A filler whose drainer is gone is told so and does not wait.
    #[test]
    fn sending_after_the_drainer_is_gone_fails() {
        let (mut filler, drainer) = channel::<u32>(1, 4);
        drop(drainer);
        let batch = filler.empty_batch();
        assert!(!filler.send(batch));
        assert_eq!(filler.in_flight(), 0);
    }
}
