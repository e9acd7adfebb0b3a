//! The site exported from a TEI file a document at a time: each document's
//! page (and its `.bib` and `.csl.json`) is rendered on the thread pool as
//! soon as the reader hands the document on, while the file is still being
//! read; only what the edition-wide pages need of it (a
//! [`DocumentSummary`]) is kept. The bytes are those of [`export_html`]
//! (a test holds them equal); a file whose header is read after its first
//! document is left to the whole model ([`SiteStreamed::WholeModel`]).
//!
//! [`export_html`]: super::export_html

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use minijinja::value::{Serde, Value};

use super::page::DocumentPages;
use super::view::{
    DocLink, DocumentSummary, FileNames, Registers, SiteFrame, SiteHead, SiteIndex, ViewContext,
    page_link, summary,
};
use super::{HtmlOptions, environment, write_document, write_index_pages, write_search_index};
use crate::diagnostic::Diagnostic;
use crate::model::{Document, Edition, Header};
use crate::tei::read::read_tei_with;

/// What became of a site exported a document at a time.
#[derive(Debug)]
pub enum SiteStreamed {
    /// Every file was handed on: how many documents, and the reader's warnings.
    Written {
        documents: usize,
        diagnostics: Vec<Diagnostic>,
    },
    /// The TEI could not be read (an error among the diagnostics): what was
    /// handed on is not the site; discard it.
    Refused { diagnostics: Vec<Diagnostic> },
    /// The site needs the whole model (one page, no document, or a header
    /// read after a document): what was handed on is not the site; discard
    /// it and export the whole model instead.
    WholeModel,
}

/// Where [`export_html_streamed`] hands each file (relative path, bytes);
/// called from several threads at once.
pub type SiteSink<'s> = dyn Fn(&str, &[u8]) -> io::Result<()> + Sync + 's;

/// Reads the TEI `xml` and hands the files of its site (those of
/// [`export_html`](super::export_html), in no fixed order) to `sink`, a
/// document's as soon as it and the next one are read. Unless the result is
/// [`SiteStreamed::Written`], what `sink` got must be discarded.
pub fn export_html_streamed(
    xml: &str,
    options: &HtmlOptions,
    sink: &SiteSink,
) -> io::Result<SiteStreamed> {
    if options.single_file {
        return Ok(SiteStreamed::WholeModel);
    }
    let env = environment();
    // Set from the header as it is when the first document arrives.
    let edition: OnceLock<Edition> = OnceLock::new();
    let head: OnceLock<SiteHead> = OnceLock::new();
    let started: OnceLock<Started> = OnceLock::new();
    let summaries: Mutex<Vec<(usize, DocumentSummary)>> = Mutex::new(Vec::new());
    let failed: Mutex<Option<io::Error>> = Mutex::new(None);
    let backlog = AtomicUsize::new(0);
    let shared = Shared {
        summaries: &summaries,
        failed: &failed,
        backlog: &backlog,
        sink,
    };
    let mut names = FileNames::default();
    let mut held: Option<Held> = None;
    let mut count = 0;
    let read = rayon::scope(|scope| {
        let read = read_tei_with(xml, &mut |header, document, _| {
            if let Some(error) = shared.take_failure() {
                return Err(error);
            }
            let started = started.get_or_init(|| {
                let edition = edition.get_or_init(|| Edition {
                    header: header.clone(),
                    documents: Vec::new(),
                });
                let head = head.get_or_init(|| SiteHead::of(header, false));
                Started {
                    context: ViewContext::new(edition, options),
                    pages: DocumentPages::new(&env, Value::from(Serde(SiteFrame::of_head(head)))),
                }
            });
            let entry = names.next(&document);
            let link = page_link(&document, &entry);
            let prev = held.as_ref().map(|h| h.link.clone());
            // A page links to the next document: it is rendered once that is read.
            if let Some(before) = held.take() {
                let next = Some(link.clone());
                if backlog.load(Ordering::Relaxed) < MAX_BACKLOG {
                    spawn_page(scope, started, shared, before, next);
                } else {
                    // The pool is behind: the reader renders this page
                    // itself, so that the documents waiting stay few.
                    write_page(started, shared, before, next);
                }
            }
            held = Some(Held {
                index: count,
                document,
                entry,
                link,
                prev,
            });
            count += 1;
            Ok(())
        });
        if let (Some(last), Some(started)) = (held.take(), started.get()) {
            spawn_page(scope, started, shared, last, None);
        }
        read
    });
    let read = read?;
    if let Some(error) = shared.take_failure() {
        return Err(error);
    }
    if read.diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(SiteStreamed::Refused {
            diagnostics: read.diagnostics,
        });
    }
    let (Some(edition), Some(head)) = (edition.get(), head.get()) else {
        return Ok(SiteStreamed::WholeModel);
    };
    let unframed = |h: &Header| Header {
        frame: None,
        ..h.clone()
    };
    if unframed(&edition.header) != unframed(&read.header) {
        return Ok(SiteStreamed::WholeModel);
    }
    let mut summaries = summaries
        .into_inner()
        .map_err(|_| io::Error::other("a page thread panicked"))?;
    summaries.sort_unstable_by_key(|(index, _)| *index);
    let summaries: Vec<DocumentSummary> = summaries.into_iter().map(|(_, s)| s).collect();
    let edition_sink = |_: usize, name: &str, bytes: &[u8]| sink(name, bytes);
    // The search index needs only the summaries: it is joined and written
    // while the registers and the other pages are made.
    let (search_index, pages) = rayon::join(
        || write_search_index(&summaries, &edition_sink),
        || {
            let registers = Registers::of(&edition.header, &summaries, options);
            let index = SiteIndex::of_parts(head, &summaries, &registers);
            write_index_pages(&env, &index, &edition_sink)
        },
    );
    search_index.and(pages)?;
    Ok(SiteStreamed::Written {
        documents: read.documents,
        diagnostics: read.diagnostics,
    })
}

/// How many pages may wait for the pool before the reader renders one
/// itself: enough to keep every thread busy, few enough that the documents
/// read but not yet rendered hold little memory.
const MAX_BACKLOG: usize = 32;

/// What every page task needs, set when the first document arrives.
struct Started<'a> {
    context: ViewContext<'a>,
    pages: DocumentPages<'a>,
}

/// What the page tasks share with the reader.
#[derive(Clone, Copy)]
struct Shared<'a> {
    summaries: &'a Mutex<Vec<(usize, DocumentSummary)>>,
    /// The first error of a page task; the reader stops at it.
    failed: &'a Mutex<Option<io::Error>>,
    /// How many pages were handed to the pool and not rendered yet.
    backlog: &'a AtomicUsize,
    sink: &'a SiteSink<'a>,
}

impl Shared<'_> {
    fn take_failure(&self) -> Option<io::Error> {
        self.failed.lock().ok().and_then(|mut f| f.take())
    }
}

/// A document read, waiting for the next one (its page links to it).
struct Held {
    /// Its place in the edition.
    index: usize,
    document: Document,
    /// Its article id and page file.
    entry: (String, String),
    /// How its neighbours link to it.
    link: DocLink,
    /// The link to the document before it.
    prev: Option<DocLink>,
}

/// Renders and hands on the page of `held` on the pool, and keeps its summary.
fn spawn_page<'scope>(
    scope: &rayon::Scope<'scope>,
    started: &'scope Started<'scope>,
    shared: Shared<'scope>,
    held: Held,
    next: Option<DocLink>,
) {
    shared.backlog.fetch_add(1, Ordering::Relaxed);
    scope.spawn(move |_| {
        write_page(started, shared, held, next);
        shared.backlog.fetch_sub(1, Ordering::Relaxed);
    });
}

/// Renders and hands on the page of `held`, and keeps its summary.
fn write_page(started: &Started, shared: Shared, held: Held, next: Option<DocLink>) {
    let mut view = started.context.page_view(&held.document, &held.entry);
    view.prev = held.prev;
    view.next = next;
    let written = write_document(&started.pages, &view, &|_, name, bytes| {
        (shared.sink)(name, bytes)
    });
    // A poisoned lock means another task panicked; the scope reports it.
    match written {
        Ok(()) => {
            if let Ok(mut summaries) = shared.summaries.lock() {
                summaries.push((held.index, summary(&held.document, &view)));
            }
        }
        Err(error) => {
            if let Ok(mut failed) = shared.failed.lock() {
                failed.get_or_insert(error);
            }
        }
    }
}
