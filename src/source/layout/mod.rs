//! The layout model: reads where documents start and what each line of a
//! source is (page matter, number, title, dateline, text, citation) as the
//! best-scoring reading of the whole file, not the first rule that fires
//! (docs/encoding.md §2.1).
//!
//! [`features`] says what each line shows, [`parse`] finds the best reading
//! by dynamic programming over a small grammar of document parts and keeps
//! each line's runner-up, [`build`] turns the reading into documents.
//! The features come from `wording` (genre words, salutations, markings),
//! `dating` (date labels, place lines), `page_matter` (site evidence),
//! `echo` (headings repeating one another), [`number`] and [`cited_title`].

pub mod build;
pub mod cited_title;
mod dating;
mod echo;
pub mod features;
pub mod number;
mod page_matter;
pub mod parse;
mod wording;

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
