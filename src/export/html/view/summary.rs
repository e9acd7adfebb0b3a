//! What the edition-wide pages (contents, registers, chronology, search
//! index) need of one document, taken from it while its page is made: a
//! site exported a document at a time keeps this, not the document.

use serde::Serialize;

use super::document::{DocLink, DocumentView, collect_places};
use super::registers::document_inlines;
use crate::export::facts::{DateRange, date_range, document_date};
use crate::export::html::search::{block_text, index_entry};
use crate::model::{BlockKind, Document, InlineKind, OpenerItem, WitnessKind};

/// One document as the contents, registers, chronology and search index see it.
#[derive(Debug, Serialize)]
pub struct DocumentSummary {
    pub href: String,
    pub label: String,
    pub label_note: Option<String>,
    pub title_text: String,
    pub date_html: Option<String>,
    pub place: Option<String>,
    /// The persons it names (as a name or a speaker), sorted, each once.
    #[serde(skip)]
    pub persons: Vec<String>,
    /// The places of its datelines, sorted, each once.
    #[serde(skip)]
    pub places: Vec<String>,
    /// The archives it holds a witness of (`repository_ref`), sorted, each once.
    #[serde(skip)]
    pub repositories: Vec<String>,
    /// The days its date spans (the chronology).
    #[serde(skip)]
    pub date_range: Option<DateRange>,
    /// Its entry of the search index (script-safe JSON), made with its
    /// page: the index is these joined.
    #[serde(skip)]
    pub search_entry: String,
}

impl DocumentSummary {
    /// How other pages link to the document.
    pub fn link(&self) -> DocLink {
        DocLink {
            href: self.href.clone(),
            label: self.label.clone(),
        }
    }
}

/// The summary of `doc`, whose view is `view`.
pub fn summary(doc: &Document, view: &DocumentView) -> DocumentSummary {
    let date = document_date(doc);
    let paragraphs: Vec<(String, String)> = doc
        .blocks
        .iter()
        .zip(&view.blocks)
        .filter_map(|(block, item)| {
            let text = block_text(&block.kind);
            (!text.trim().is_empty()).then(|| (item.id.clone(), text))
        })
        .collect();
    DocumentSummary {
        href: view.href.clone(),
        label: view.label.clone(),
        label_note: view.label_note.clone(),
        title_text: view.title_text.clone(),
        date_html: view.date_html.clone(),
        place: view.place.clone(),
        persons: sorted(person_ids(doc)),
        places: sorted(dateline_places(doc)),
        repositories: sorted(
            doc.witnesses
                .iter()
                .flat_map(|w| &w.items)
                .filter_map(|w| match &w.kind {
                    WitnessKind::Parsed(p) => Some(p.repository_ref.clone()),
                    _ => None,
                })
                .collect(),
        ),
        date_range: date.and_then(date_range),
        search_entry: index_entry(
            &view.href,
            &view.label,
            &view.title_text,
            date.map(|d| d.text.as_str()),
            &paragraphs,
        ),
    }
}

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort_unstable();
    list.dedup();
    list
}

/// The persons a document names: `persName/@ref` anywhere, and speakers.
fn person_ids(doc: &Document) -> Vec<String> {
    let mut ids: Vec<String> = document_inlines(doc)
        .into_iter()
        .filter_map(|inl| match &inl.kind {
            InlineKind::PersName {
                reference: Some(r), ..
            } => Some(r.trim_start_matches('#').to_string()),
            _ => None,
        })
        .collect();
    for b in &doc.blocks {
        if let BlockKind::Speech { who, .. } = &b.kind {
            ids.push(who.trim_start_matches('#').to_string());
        }
    }
    ids
}

/// The places named in a document's datelines.
fn dateline_places(doc: &Document) -> Vec<String> {
    let mut places = Vec::new();
    for item in doc.opener.iter().flat_map(|o| &o.items) {
        if let OpenerItem::Dateline { content, .. } = item {
            collect_places(content, &mut places, 0);
        }
    }
    places
}
