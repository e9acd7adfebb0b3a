//! ISO Schematron embedded in a RELAX NG schema (`sch:pattern` in tei_all
//! and in ODD-generated schemas), run after RELAX NG on a tree that is
//! built only when the schema has rules; RELAX NG itself stays streaming.
//!
//! [`extract`] reads the rules from the schema when it loads, [`tree`]
//! builds the document for XPath from the XML layer's events (those of the
//! RELAX NG pass, when `validate` runs both), `eval` runs
//! the rules in one walk over it with the xee XPath 3.1 engine
//! (docs/validator-decision.md says why), `dispatch` says how a node is
//! found to match a rule context, `xpath_text` reads and rewrites the
//! schema's XPath text, `findings` makes the diagnostics, `precondition`
//! tells which reports cannot fire at a node, and [`codes`] holds the diagnostic codes.

mod alongside;
pub mod codes;
mod compile;
mod dispatch;
mod eval;
pub mod extract;
mod findings;
mod precondition;
pub mod tree;
mod xpath_text;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diagnostic::Diagnostic;
pub use alongside::build_alongside;

/// Smallest text whose Schematron tree is built on a thread of its own
/// while RELAX NG validates it (below it, a thread costs more than it
/// saves).
pub const TREE_THREAD_BYTES: usize = 256 << 10;

/// The Schematron rules of one schema (plain text, shared across threads;
/// each thread compiles the XPath once, as xee's compiled programs are not
/// `Send`).
#[derive(Debug, Clone, PartialEq)]
pub struct Schematron {
    extracted: extract::Extracted,
    /// Names this set of rules in each thread's cache of compiled XPath.
    id: u64,
}

/// The next [`Schematron`] id.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

impl Schematron {
    /// The Schematron of the schema `text` at `base` (and its includes), or
    /// `None` when it has none.
    pub fn from_schema(text: &str, base: &Path) -> Option<Schematron> {
        let extracted = extract::extract(text, base);
        if extracted.patterns.is_empty() && extracted.unsupported.is_empty() {
            return None;
        }
        Some(Schematron {
            extracted,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// What was read.
    pub fn extracted(&self) -> &extract::Extracted {
        &self.extracted
    }

    /// How many rules there are.
    pub fn rule_count(&self) -> usize {
        self.extracted.patterns.iter().map(|p| p.rules.len()).sum()
    }

    /// Runs every rule on a well-formed document; diagnostics point into
    /// `text`. The XPath is compiled once per thread and reused.
    pub fn check(&self, text: &str) -> Vec<Diagnostic> {
        self.run(text, false)
    }

    /// [`Schematron::check`] with every rule context selected over the
    /// whole document (one XPath per context, as the rules read) instead
    /// of matched at each node of one walk: slower, and the reference the
    /// tests compare the walk with.
    #[doc(hidden)]
    pub fn check_selecting_each_context(&self, text: &str) -> Vec<Diagnostic> {
        self.run(text, true)
    }

    /// Runs every rule on a tree already built (by a
    /// [`tree::TreeBuilder`] fed the events of the RELAX NG pass), or gives
    /// the reason it could not be built.
    pub fn check_tree(&self, built: Result<tree::Document, Diagnostic>) -> Vec<Diagnostic> {
        self.run_on(built, false)
    }

    fn run(&self, text: &str, select_each: bool) -> Vec<Diagnostic> {
        self.run_on(tree::build(text), select_each)
    }

    fn run_on(
        &self,
        built: Result<tree::Document, Diagnostic>,
        select_each: bool,
    ) -> Vec<Diagnostic> {
        match built {
            Ok(mut document) => {
                let found = eval::run(self.id, &self.extracted, &mut document, select_each);
                tree::dispose(document);
                found
            }
            Err(diagnostic) => vec![diagnostic],
        }
    }
}
