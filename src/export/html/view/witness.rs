//! The view of a document's witnesses: archive, shelfmark, cited range,
//! categories and certification, each linked to the register of archives.

use serde::Serialize;

use super::{NavLinks, archive_anchor, page_of};
use crate::export::html::inline::InlineRenderer;
use crate::model::{Header, ParsedWitness, WitnessKind};

#[derive(Debug, Serialize)]
pub struct WitnessView {
    pub unparsed: Option<String>,
    pub repository: String,
    pub repository_full: Option<String>,
    pub repository_place: Option<String>,
    pub repository_href: Option<String>,
    pub inherited: bool,
    pub shelfmark: Vec<ShelfmarkView>,
    pub range: String,
    /// The citation needs a period after the range (`ob.` already ends in one).
    pub stop: bool,
    pub categories: Vec<CategoryView>,
    pub certification_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ShelfmarkView {
    /// `fond`, `opis`, `papka`, `delo`.
    pub kind: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub label: String,
}

pub(super) fn witness_view(
    header: &Header,
    links: &NavLinks,
    r: &mut InlineRenderer,
    kind: &WitnessKind,
) -> WitnessView {
    match kind {
        WitnessKind::Unparsed(text) => WitnessView {
            unparsed: Some(text.clone()),
            repository: String::new(),
            repository_full: None,
            repository_place: None,
            repository_href: None,
            inherited: false,
            shelfmark: Vec::new(),
            range: String::new(),
            stop: false,
            categories: Vec::new(),
            certification_html: None,
        },
        WitnessKind::Parsed(w) => parsed_witness_view(header, links, r, w),
    }
}

pub(super) fn parsed_witness_view(
    header: &Header,
    links: &NavLinks,
    r: &mut InlineRenderer,
    w: &ParsedWitness,
) -> WitnessView {
    let repo = header.repository(&w.repository_ref);
    WitnessView {
        unparsed: None,
        repository: w.repository.clone(),
        repository_full: repo.and_then(|x| x.full.clone()),
        repository_place: repo.and_then(|x| x.place.clone()),
        repository_href: repo
            .map(|x| format!("{}#{}", page_of(&links.archives), archive_anchor(&x.id))),
        inherited: w.inherited,
        shelfmark: w
            .shelfmark
            .iter()
            .map(|p| ShelfmarkView {
                kind: p.kind.as_str(),
                label: p
                    .label
                    .clone()
                    .unwrap_or_else(|| default_label(p.kind).to_string()),
                value: p.value.clone(),
            })
            .collect(),
        range: w.range.text.clone(),
        stop: !w.range.text.ends_with('.'),
        categories: w
            .categories
            .iter()
            .map(|id| CategoryView {
                id: id.clone(),
                label: header
                    .category(id)
                    .map(|c| c.label.clone())
                    .unwrap_or_else(|| id.clone()),
            })
            .collect(),
        certification_html: w.certification.as_ref().map(|c| r.render(c)),
    }
}

/// The first configured label of each shelfmark part (docs/encoding.md §6).
pub(super) fn default_label(kind: crate::model::ShelfmarkKind) -> &'static str {
    use crate::model::ShelfmarkKind::*;
    match kind {
        Fond => "f.",
        Opis => "op.",
        Papka => "p.",
        Delo => "d.",
    }
}
