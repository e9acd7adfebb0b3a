//! The layout model: reads where documents start and what each line of a
//! source is (page matter, number, title, dateline, text, citation) as the
//! best-scoring reading of the whole file, not the first rule that fires
//! (docs/encoding.md §2.1).
//!
//! [`features`] says what each line shows, [`parse`] finds the best reading
//! by dynamic programming over a small grammar of document parts and keeps
//! each line's runner-up, [`build`] turns the reading into documents.

pub mod build;
pub mod cited_title;
pub mod features;
pub mod number;
pub mod parse;

use super::conventions::Conventions;
use super::lines::Line;
use super::segment::Segmented;

/// Cuts `all` (every line of the source, blank ones included) into documents.
pub fn segment<'a>(all: &[Line<'a>], conv: &Conventions) -> Segmented<'a> {
    let lines: Vec<Line<'a>> = all.iter().copied().filter(|l| !l.is_blank()).collect();
    let features = features::features(all, &lines, conv);
    let reading = parse::best_reading(&features);
    build::build(&lines, &features, &reading, conv)
}
