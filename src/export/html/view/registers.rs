//! The registers of the edition: persons, places and archives, each entry with
//! the documents naming it and its authority records.

use std::collections::BTreeMap;

use serde::Serialize;

use super::archive_anchor;
use super::document::DocLink;
use super::summary::DocumentSummary;
use crate::config::Authorities;
use crate::export::html::inline::person_anchor;
use crate::model::{BlockKind, Document, Header, Inline, InlineKind, OpenerItem, WitnessKind};

/// One entry of an index: a person, a place or an archive, and where it occurs.
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub anchor: String,
    pub name: String,
    pub detail: Option<String>,
    pub is_role: bool,
    pub documents: Vec<DocLink>,
    /// Authority records of the name (`[authorities]`): Wikidata, VIAF, GND, GeoNames.
    pub authority: Vec<AuthorityLink>,
}

#[derive(Debug, Serialize)]
pub struct AuthorityLink {
    pub href: String,
    pub label: String,
}

/// The links `[authorities]` gives a name, each labelled by its authority file.
pub(super) fn authority_links(authorities: Option<&Authorities>, name: &str) -> Vec<AuthorityLink> {
    let uris = authorities.and_then(|a| a.uris(name)).unwrap_or_default();
    uris.into_iter()
        .map(|uri| AuthorityLink {
            href: uri.to_string(),
            label: authority_label(uri).to_string(),
        })
        .collect()
}

/// `Wikidata`, `VIAF`, `GND`, `GeoNames` from the URI's host; `Authority` otherwise.
pub(super) fn authority_label(uri: &str) -> &'static str {
    let host = uri
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("");
    match host.trim_start_matches("www.") {
        "wikidata.org" => "Wikidata",
        "viaf.org" => "VIAF",
        "d-nb.info" => "GND",
        "geonames.org" | "sws.geonames.org" => "GeoNames",
        _ => "Authority",
    }
}

/// Every inline of a document, nested ones included, in reading order.
pub(super) fn document_inlines(doc: &Document) -> Vec<&Inline> {
    let mut roots: Vec<&[Inline]> = Vec::new();
    roots.extend(doc.heads.iter().map(|h| h.content.as_slice()));
    for item in doc.opener.iter().flat_map(|o| &o.items) {
        if let OpenerItem::Dateline { content, .. } = item {
            roots.push(content);
        }
    }
    for b in &doc.blocks {
        match &b.kind {
            BlockKind::Paragraph(c) => roots.push(c),
            BlockKind::List { items, .. } => {
                roots.extend(items.iter().map(|i| i.content.as_slice()))
            }
            BlockKind::Speech {
                speaker, content, ..
            } => {
                roots.push(speaker);
                roots.push(content);
            }
            BlockKind::Other(e) => roots.push(&e.content),
            BlockKind::Gap => {}
        }
    }
    roots.extend(doc.closers.iter().map(|c| c.content.as_slice()));
    for w in doc.witnesses.iter().flat_map(|w| &w.items) {
        if let WitnessKind::Parsed(p) = &w.kind {
            roots.extend(p.certification.as_deref());
        }
    }
    roots.extend(doc.publications.iter().map(|p| p.content.as_slice()));
    roots.extend(doc.notes.iter().map(|n| n.content.as_slice()));
    let mut out = Vec::new();
    let mut stack: Vec<&Inline> = roots.iter().rev().flat_map(|c| c.iter().rev()).collect();
    while let Some(i) = stack.pop() {
        out.push(i);
        let children = match &i.kind {
            InlineKind::Note(n) => &n.content,
            _ => i.wrapped(),
        };
        stack.extend(children.iter().rev());
    }
    out
}

/// Persons of the header, each with the documents naming them (as a name or a speaker).
pub(super) fn person_index(
    header: &Header,
    documents: &[DocumentSummary],
    authorities: Option<&Authorities>,
) -> Vec<IndexEntry> {
    let mut mentions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
        for id in &doc.persons {
            mentions.entry(id).or_default().push(i);
        }
    }
    let mut entries: Vec<IndexEntry> = header
        .persons
        .iter()
        .map(|p| IndexEntry {
            anchor: person_anchor(&p.id),
            name: p.name.clone(),
            detail: p.affiliation.clone(),
            is_role: p.is_role,
            documents: links_of(mentions.get(p.id.as_str()), documents),
            authority: authority_links(authorities, &p.name),
        })
        .collect();
    sort_entries(&mut entries);
    entries
}

/// Places of the datelines, each with its documents.
pub(super) fn place_index(
    documents: &[DocumentSummary],
    authorities: Option<&Authorities>,
) -> Vec<IndexEntry> {
    let mut places: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
        for p in &doc.places {
            places.entry(p).or_default().push(i);
        }
    }
    let mut entries: Vec<IndexEntry> = places
        .iter()
        .enumerate()
        .map(|(k, (name, list))| IndexEntry {
            anchor: format!("place-{}", k + 1),
            name: name.to_string(),
            detail: None,
            is_role: false,
            documents: links_of(Some(list), documents),
            authority: authority_links(authorities, name),
        })
        .collect();
    sort_entries(&mut entries);
    entries
}

/// Archives of the header, each with the documents it holds a witness of.
pub(super) fn archive_index(header: &Header, documents: &[DocumentSummary]) -> Vec<IndexEntry> {
    let mut entries: Vec<IndexEntry> = header
        .repositories
        .iter()
        .map(|repo| {
            let held: Vec<usize> = documents
                .iter()
                .enumerate()
                .filter(|(_, d)| d.repositories.binary_search(&repo.id).is_ok())
                .map(|(i, _)| i)
                .collect();
            let detail = match (&repo.full, &repo.place) {
                (Some(f), Some(p)) => Some(format!("{f}, {p}")),
                (Some(f), None) => Some(f.clone()),
                (None, Some(p)) => Some(p.clone()),
                (None, None) => None,
            };
            IndexEntry {
                anchor: archive_anchor(&repo.id),
                name: repo.short.clone(),
                detail,
                is_role: false,
                documents: links_of(Some(&held), documents),
                authority: Vec::new(),
            }
        })
        .collect();
    sort_entries(&mut entries);
    entries
}

/// Links to the documents at these indices (index pages sit beside the document pages).
pub(super) fn links_of(indices: Option<&Vec<usize>>, docs: &[DocumentSummary]) -> Vec<DocLink> {
    indices
        .into_iter()
        .flatten()
        .filter_map(|i| docs.get(*i).map(DocumentSummary::link))
        .collect()
}

/// Alphabetical, case folded, ties broken by the exact name and anchor: deterministic.
pub(super) fn sort_entries(entries: &mut [IndexEntry]) {
    entries.sort_by(|a, b| {
        (a.name.to_lowercase(), &a.name, &a.anchor).cmp(&(
            b.name.to_lowercase(),
            &b.name,
            &b.anchor,
        ))
    });
}
