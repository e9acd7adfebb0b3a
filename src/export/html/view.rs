//! The view model of the HTML edition: the document model turned into plain serde
//! values the templates show, inline content already rendered to safe fragments
//! (fields ending in `_html`), links already resolved for one page or many.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use super::HtmlOptions;
use super::inline::{InlineRenderer, Links, escape, explain, html_id, person_anchor};
use crate::config::Authorities;
use crate::export::cite::{Citation, citation_text, document_citation};
use crate::model::{
    BlockKind, Cert, Closer, Document, DocumentKind, Edition, Header, Inline, InlineKind,
    MarkingPlace, NoteKind, NotePlace, OpenerItem, ParsedWitness, SourceDesc, WitnessKind,
};

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub lang: String,
    pub title: String,
    pub editor: Option<String>,
    pub publisher: Option<String>,
    pub licence: Option<LicenceView>,
    pub source_html: String,
    pub editorial_decl: Vec<String>,
    pub documents: Vec<DocumentView>,
    pub persons: Vec<IndexEntry>,
    pub places: Vec<IndexEntry>,
    pub archives: Vec<IndexEntry>,
    pub legend: Vec<LegendEntry>,
    pub links: NavLinks,
}

/// What a document page shows of the edition besides its document: the
/// fields `base.html` and `document.html` read.
#[derive(Debug, Serialize)]
pub struct SiteFrame<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub editor: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub licence: Option<&'a LicenceView>,
    pub source_html: &'a str,
    pub legend: &'a [LegendEntry],
    pub links: &'a NavLinks,
}

impl<'a> SiteFrame<'a> {
    pub fn of(site: &'a SiteView) -> Self {
        SiteFrame {
            lang: &site.lang,
            title: &site.title,
            editor: site.editor.as_deref(),
            publisher: site.publisher.as_deref(),
            licence: site.licence.as_ref(),
            source_html: &site.source_html,
            legend: &site.legend,
            links: &site.links,
        }
    }
}

/// What the contents, register and chronology pages read of the edition:
/// each document's line in the contents, not its text (converting every
/// document's text into a template value for these pages was a tenth of a
/// large site's export).
#[derive(Debug, Serialize)]
pub struct SiteIndex<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub editor: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub licence: Option<&'a LicenceView>,
    pub source_html: &'a str,
    pub editorial_decl: &'a [String],
    pub documents: Vec<ContentsLine<'a>>,
    pub persons: &'a [IndexEntry],
    pub places: &'a [IndexEntry],
    pub archives: &'a [IndexEntry],
    pub legend: &'a [LegendEntry],
    pub links: &'a NavLinks,
}

/// A document as the contents table shows it.
#[derive(Debug, Serialize)]
pub struct ContentsLine<'a> {
    pub href: &'a str,
    pub label: &'a str,
    pub label_note: Option<&'a str>,
    pub title_text: &'a str,
    pub date_html: Option<&'a str>,
    pub place: Option<&'a str>,
}

impl<'a> SiteIndex<'a> {
    pub fn of(site: &'a SiteView) -> Self {
        SiteIndex {
            lang: &site.lang,
            title: &site.title,
            editor: site.editor.as_deref(),
            publisher: site.publisher.as_deref(),
            licence: site.licence.as_ref(),
            source_html: &site.source_html,
            editorial_decl: &site.editorial_decl,
            documents: site
                .documents
                .iter()
                .map(|d| ContentsLine {
                    href: &d.href,
                    label: &d.label,
                    label_note: d.label_note.as_deref(),
                    title_text: &d.title_text,
                    date_html: d.date_html.as_deref(),
                    place: d.place.as_deref(),
                })
                .collect(),
            persons: &site.persons,
            places: &site.places,
            archives: &site.archives,
            legend: &site.legend,
            links: &site.links,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct LicenceView {
    pub text: String,
    pub url: Option<String>,
}

/// Where the navigation points: pages, or sections of the single page.
#[derive(Debug, Clone, Serialize)]
pub struct NavLinks {
    pub contents: String,
    pub chronology: String,
    pub persons: String,
    pub places: String,
    pub archives: String,
}

#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// The `id` of the document's article.
    pub anchor: String,
    /// The page of the document (multi-page edition).
    pub file: String,
    /// Link to the document from any page of the edition.
    pub href: String,
    pub label: String,
    /// Why the number is shown in brackets, if it is.
    pub label_note: Option<String>,
    pub fragment: bool,
    pub title_text: String,
    pub title_html: String,
    pub subtitles_html: Vec<String>,
    pub date_html: Option<String>,
    pub place: Option<String>,
    pub dateline_html: Option<String>,
    pub markings: Vec<MarkingView>,
    pub blocks: Vec<BlockItem>,
    pub closers_html: Vec<String>,
    pub witnesses_parenthesized: bool,
    pub witnesses: Vec<WitnessView>,
    pub publications_html: Vec<String>,
    pub end_notes: Vec<EndNoteView>,
    pub footnotes: Vec<FootnoteView>,
    /// “Cite this document”: the citation line, and the BibTeX and CSL-JSON
    /// files beside the page (multi-page edition only).
    pub cite: CiteView,
    /// The citation the `.bib` and `.csl.json` files are written from.
    #[serde(skip)]
    pub citation: Citation,
    pub prev: Option<DocLink>,
    pub next: Option<DocLink>,
}

#[derive(Debug, Serialize)]
pub struct CiteView {
    pub text: String,
    pub url: Option<String>,
    pub bib: Option<String>,
    pub csl: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MarkingView {
    pub place: &'static str,
    pub text: String,
}

/// A block of the text with its stable id (`d562-p3`: the third block), the
/// target of its visible self-link and of search results.
#[derive(Debug, Serialize)]
pub struct BlockItem {
    pub id: String,
    /// 1-based position among the document's blocks.
    pub number: usize,
    #[serde(flatten)]
    pub view: BlockView,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph {
        html: String,
    },
    List {
        ordered: bool,
        bulleted: bool,
        items: Vec<ListItemView>,
    },
    Speech {
        speaker_html: String,
        speaker_name: Option<String>,
        speaker_href: Option<String>,
        html: String,
        run_in: bool,
    },
    Gap {
        title: &'static str,
    },
    Other {
        name: String,
        html: String,
    },
}

#[derive(Debug, Serialize)]
pub struct ListItemView {
    pub label: Option<String>,
    pub html: String,
}

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

#[derive(Debug, Serialize)]
pub struct EndNoteView {
    pub html: String,
    pub emphasis: bool,
    pub parenthesized: bool,
    pub full_stop: bool,
    pub title: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FootnoteView {
    pub number: usize,
    pub id: String,
    pub kind: &'static str,
    pub printed: Option<String>,
    pub html: String,
    pub backrefs: Vec<BackRef>,
}

#[derive(Debug, Serialize)]
pub struct BackRef {
    pub href: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub href: String,
    pub label: String,
}

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
fn authority_links(authorities: Option<&Authorities>, name: &str) -> Vec<AuthorityLink> {
    let uris = authorities.and_then(|a| a.uris(name)).unwrap_or_default();
    uris.into_iter()
        .map(|uri| AuthorityLink {
            href: uri.to_string(),
            label: authority_label(uri).to_string(),
        })
        .collect()
}

/// `Wikidata`, `VIAF`, `GND`, `GeoNames` from the URI's host; `Authority` otherwise.
fn authority_label(uri: &str) -> &'static str {
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

#[derive(Debug, Serialize)]
pub struct LegendEntry {
    pub sample_html: String,
    pub text: &'static str,
}

/// Builds the view of the whole edition for one page (`single_file`) or many.
pub fn site_view(edition: &Edition, options: &HtmlOptions) -> SiteView {
    let single_file = options.single_file;
    let header = &edition.header;
    let links = nav_links(single_file);
    let inline_links = Links {
        person: if single_file {
            "#".to_string()
        } else {
            "persons.html#".to_string()
        },
    };
    let files = document_files(&edition.documents);
    // One page holds every document's marks, or each page its own: a page
    // reserves the ids of what stands on it (not every document's, which made
    // a large edition quadratic).
    let mut shared_ids = if single_file {
        page_ids(header, &files, &edition.documents)
    } else {
        BTreeSet::new()
    };
    let view_of =
        |doc: &Document, (anchor, file): &(String, String), used: &mut BTreeSet<String>| {
            let citation = document_citation(edition, doc, file, options.site_url);
            let mut view = document_view(
                header,
                &inline_links,
                &links,
                doc,
                (anchor.as_str(), file.as_str()),
                single_file,
                used,
            );
            view.cite = CiteView {
                text: citation_text(&Citation {
                    url: None,
                    ..citation.clone()
                }),
                url: citation.url.clone(),
                bib: (!single_file).then(|| format!("{anchor}.bib")),
                csl: (!single_file).then(|| format!("{anchor}.csl.json")),
            };
            view.citation = citation;
            view
        };
    let mut documents: Vec<DocumentView> = if single_file {
        edition
            .documents
            .iter()
            .zip(&files)
            .map(|(doc, entry)| view_of(doc, entry, &mut shared_ids))
            .collect()
    } else {
        // Each page has its own ids, so the documents are independent:
        // viewed in parallel, collected in the edition's order.
        edition
            .documents
            .par_iter()
            .zip(files.par_iter())
            .map(|(doc, entry)| {
                let mut own_ids = page_ids(
                    header,
                    std::slice::from_ref(entry),
                    std::slice::from_ref(doc),
                );
                view_of(doc, entry, &mut own_ids)
            })
            .collect()
    };
    link_neighbours(&mut documents);
    let doc_links: Vec<DocLink> = documents
        .iter()
        .map(|d| DocLink {
            href: d.href.clone(),
            label: d.label.clone(),
        })
        .collect();
    SiteView {
        lang: if header.language.trim().is_empty() {
            "und".to_string()
        } else {
            header.language.clone()
        },
        title: if header.title.trim().is_empty() {
            "Documentary edition".to_string()
        } else {
            header.title.clone()
        },
        editor: header.editor.as_ref().map(|e| e.name.clone()),
        publisher: header.publisher.clone(),
        licence: header.licence.as_ref().map(|l| LicenceView {
            text: l.text.clone(),
            url: l.url.clone(),
        }),
        source_html: source_html(&header.source),
        editorial_decl: header.editorial_decl.clone(),
        persons: person_index(header, &edition.documents, &doc_links, options.authorities),
        places: place_index(&edition.documents, &doc_links, options.authorities),
        archives: archive_index(header, &edition.documents, &doc_links),
        legend: legend(),
        documents,
        links,
    }
}

/// Ids the templates write, which no mark in a document may take.
fn page_ids(header: &Header, files: &[(String, String)], docs: &[Document]) -> BTreeSet<String> {
    let fixed = [
        "main",
        "contents",
        "principles",
        "documents",
        "legend-title",
        "indexes",
        "index-persons",
        "index-places",
        "index-archives",
        "chronology",
        "chronology-undated",
        "search",
        "search-q",
        "search-results",
        "search-results-title",
    ];
    let mut ids: BTreeSet<String> = fixed.iter().map(|s| s.to_string()).collect();
    for ((anchor, _), doc) in files.iter().zip(docs) {
        for suffix in ["", "-title", "-source", "-notes", "-cite"] {
            ids.insert(format!("{anchor}{suffix}"));
        }
        ids.extend((1..=doc.blocks.len()).map(|k| paragraph_id(anchor, k)));
    }
    ids.extend(header.persons.iter().map(|p| person_anchor(&p.id)));
    ids.extend(header.repositories.iter().map(|r| archive_anchor(&r.id)));
    ids
}

fn nav_links(single_file: bool) -> NavLinks {
    if single_file {
        NavLinks {
            contents: "#contents".into(),
            chronology: "#chronology".into(),
            persons: "#index-persons".into(),
            places: "#index-places".into(),
            archives: "#index-archives".into(),
        }
    } else {
        NavLinks {
            contents: "index.html".into(),
            chronology: "chronology.html".into(),
            persons: "persons.html".into(),
            places: "places.html".into(),
            archives: "archives.html".into(),
        }
    }
}

/// The id of the k-th block (1-based) of the document whose article is `anchor`.
pub fn paragraph_id(anchor: &str, k: usize) -> String {
    format!("{anchor}-p{k}")
}

/// Pages the edition writes besides the documents; no document page may take their name.
const RESERVED: [&str; 7] = [
    "index",
    "persons",
    "places",
    "archives",
    "style",
    "chronology",
    "search",
];

/// The article id and page file of each document, unique within the edition.
pub fn document_files(documents: &[Document]) -> Vec<(String, String)> {
    let mut used: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let base = if doc.id.trim().is_empty() {
                format!("document-{}", i + 1)
            } else {
                html_id(&doc.id)
            };
            let mut anchor = base.clone();
            let mut k = 2;
            while used.iter().any(|u| u.eq_ignore_ascii_case(&anchor)) {
                anchor = format!("{base}-{k}");
                k += 1;
            }
            used.push(anchor.clone());
            let file = format!("{anchor}.html");
            (anchor, file)
        })
        .collect()
}

fn link_neighbours(documents: &mut [DocumentView]) {
    let links: Vec<DocLink> = documents
        .iter()
        .map(|d| DocLink {
            href: d.href.clone(),
            label: d.label.clone(),
        })
        .collect();
    for (i, doc) in documents.iter_mut().enumerate() {
        doc.prev = i.checked_sub(1).and_then(|p| links.get(p)).cloned();
        doc.next = links.get(i + 1).cloned();
    }
}

fn document_label(doc: &Document) -> (String, Option<String>) {
    if doc.kind == DocumentKind::Fragment {
        return (
            "Fragment".to_string(),
            Some("The end of a document that began before this edition starts".to_string()),
        );
    }
    match (&doc.n, doc.cert) {
        (Some(n), None) => (format!("No. {n}"), None),
        (Some(n), Some(Cert::Medium)) => (
            format!("No. [{n}]"),
            Some(
                "Number not printed; inferred by the editor from the neighbouring documents".into(),
            ),
        ),
        (Some(n), Some(Cert::Low)) => (
            format!("No. [{n}?]"),
            Some("Number not printed and uncertain; the lowest possible number is shown".into()),
        ),
        (None, _) => (
            "Unnumbered document".to_string(),
            Some("No number could be assigned to this document".into()),
        ),
    }
}

fn document_view(
    header: &Header,
    inline_links: &Links,
    links: &NavLinks,
    doc: &Document,
    (anchor, file): (&str, &str),
    single_file: bool,
    used_ids: &mut BTreeSet<String>,
) -> DocumentView {
    let mut r = InlineRenderer::new(
        header,
        inline_links,
        anchor,
        &doc.notes,
        std::mem::take(used_ids),
    );
    let (label, label_note) = document_label(doc);
    let main_heads: Vec<&[Inline]> = doc
        .heads
        .iter()
        .filter(|h| !h.sub)
        .map(|h| h.content.as_slice())
        .collect();
    // Line breaks of the head become spaces (`RELIEF<lb/>TO` is two words).
    let title_text = crate::export::facts::document_title(doc);
    let title_html = main_heads
        .iter()
        .map(|c| r.render(c))
        .collect::<Vec<_>>()
        .join(" ");
    let subtitles_html = doc
        .heads
        .iter()
        .filter(|h| h.sub)
        .map(|h| r.render(&h.content))
        .collect();
    let (mut markings, mut dateline_html, mut date_html, mut place) =
        (Vec::new(), None, None, None);
    for item in doc.opener.iter().flat_map(|o| &o.items) {
        match item {
            OpenerItem::Marking(m) => markings.push(MarkingView {
                place: match m.place {
                    MarkingPlace::Title => "title",
                    MarkingPlace::Body => "body",
                },
                text: m.text.clone(),
            }),
            OpenerItem::Dateline { content, .. } => {
                if dateline_html.is_none() {
                    date_html = dateline_date(content).map(|d| r.render(std::slice::from_ref(d)));
                    place = dateline_place(content);
                    dateline_html = Some(r.render(content));
                }
            }
        }
    }
    let blocks = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(k, b)| BlockItem {
            id: paragraph_id(anchor, k + 1),
            number: k + 1,
            view: block_view(header, links, &mut r, &b.kind),
        })
        .collect();
    let closers_html = doc
        .closers
        .iter()
        .map(|c: &Closer| r.render(&c.content))
        .collect();
    let witnesses = doc
        .witnesses
        .iter()
        .flat_map(|w| &w.items)
        .map(|w| witness_view(header, links, &mut r, &w.kind))
        .collect();
    let publications_html = doc
        .publications
        .iter()
        .map(|p| r.render(&p.content))
        .collect();
    let end_notes = doc
        .notes
        .iter()
        .filter(|n| n.place != Some(NotePlace::Foot))
        .map(|n| {
            let emphasis =
                n.kind == NoteKind::Editorial && n.rend.iter().any(|x| x == "parenthesized");
            EndNoteView {
                html: r.render(&n.content),
                emphasis,
                parenthesized: n.rend.iter().any(|x| x == "parenthesized"),
                full_stop: n.rend.iter().any(|x| x == "full-stop"),
                title: if emphasis {
                    explain::EMPHASIS
                } else {
                    "Note by the editor"
                },
            }
        })
        .collect();
    let (footnotes, used) = r.finish();
    *used_ids = used;
    let footnotes = footnotes
        .into_iter()
        .map(|f| FootnoteView {
            number: f.number,
            id: f.id,
            kind: f.kind.as_str(),
            printed: f.printed,
            html: f.html,
            backrefs: back_refs(&f.refs),
        })
        .collect();
    DocumentView {
        anchor: anchor.to_string(),
        file: file.to_string(),
        href: if single_file {
            format!("#{anchor}")
        } else {
            file.to_string()
        },
        label,
        label_note,
        fragment: doc.kind == DocumentKind::Fragment,
        title_text,
        title_html,
        subtitles_html,
        date_html,
        place,
        dateline_html,
        markings,
        blocks,
        closers_html,
        witnesses_parenthesized: doc.witnesses.as_ref().is_some_and(|w| w.parenthesized),
        witnesses,
        publications_html,
        end_notes,
        footnotes,
        cite: CiteView {
            text: String::new(),
            url: None,
            bib: None,
            csl: None,
        },
        citation: Citation::default(),
        prev: None,
        next: None,
    }
}

/// Back-links from a footnote to each reference; several get letters (a, b, …).
fn back_refs(refs: &[String]) -> Vec<BackRef> {
    let several = refs.len() > 1;
    refs.iter()
        .enumerate()
        .map(|(i, id)| BackRef {
            href: format!("#{id}"),
            label: if several { letter(i) } else { String::new() },
        })
        .collect()
}

fn letter(i: usize) -> String {
    let letters = "abcdefghijklmnopqrstuvwxyz";
    match letters.chars().nth(i) {
        Some(c) => c.to_string(),
        None => (i + 1).to_string(),
    }
}

/// The date of a dateline, with the `supplied` around it if the editor supplied it.
fn dateline_date(content: &[Inline]) -> Option<&Inline> {
    content.iter().find(|i| match &i.kind {
        InlineKind::Date(_) => true,
        InlineKind::Supplied(c) => c.iter().any(|x| matches!(x.kind, InlineKind::Date(_))),
        _ => false,
    })
}

fn dateline_place(content: &[Inline]) -> Option<String> {
    let mut places = Vec::new();
    collect_places(content, &mut places, 0);
    places.into_iter().next()
}

fn collect_places(content: &[Inline], out: &mut Vec<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    for i in content {
        match &i.kind {
            InlineKind::PlaceName(p) => out.push(p.clone()),
            InlineKind::Supplied(c) => collect_places(c, out, depth + 1),
            _ => {}
        }
    }
}

fn block_view(
    header: &Header,
    links: &NavLinks,
    r: &mut InlineRenderer,
    kind: &BlockKind,
) -> BlockView {
    match kind {
        BlockKind::Paragraph(content) => BlockView::Paragraph {
            html: r.render(content),
        },
        BlockKind::List { rend, items } => BlockView::List {
            ordered: rend.as_deref() == Some("numbered"),
            bulleted: rend.as_deref() == Some("bulleted"),
            items: items
                .iter()
                .map(|it| ListItemView {
                    label: it.label.clone(),
                    html: r.render(&it.content),
                })
                .collect(),
        },
        BlockKind::Speech {
            who,
            run_in,
            speaker,
            content,
        } => {
            let person = header
                .persons
                .iter()
                .find(|p| p.id == who.trim_start_matches('#'));
            BlockView::Speech {
                speaker_html: r.render(speaker),
                speaker_name: person.map(|p| p.name.clone()),
                speaker_href: person
                    .map(|p| format!("{}#{}", page_of(&links.persons), person_anchor(&p.id))),
                html: r.render(content),
                run_in: *run_in,
            }
        }
        BlockKind::Gap => BlockView::Gap {
            title: explain::GAP,
        },
        BlockKind::Other(e) => BlockView::Other {
            name: html_id(&e.name),
            html: r.render(&e.content),
        },
    }
}

/// The page part of a navigation link (`persons.html` → itself, `#index-persons` → empty).
fn page_of(link: &str) -> &str {
    link.split('#').next().unwrap_or("")
}

fn witness_view(
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

fn parsed_witness_view(
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
fn default_label(kind: crate::model::ShelfmarkKind) -> &'static str {
    use crate::model::ShelfmarkKind::*;
    match kind {
        Fond => "f.",
        Opis => "op.",
        Papka => "p.",
        Delo => "d.",
    }
}

fn archive_anchor(id: &str) -> String {
    format!("archive-{}", html_id(id))
}

fn source_html(source: &SourceDesc) -> String {
    match source {
        SourceDesc::Bibl { author, title } => {
            format!("{} <cite>{}</cite>", escape(author), escape(title))
        }
        SourceDesc::Note(text) => escape(text),
    }
}

/// Every inline of a document, nested ones included, in reading order.
fn document_inlines(doc: &Document) -> Vec<&Inline> {
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
        let children: &[Inline] = match &i.kind {
            InlineKind::Supplied(c)
            | InlineKind::RoleName(c)
            | InlineKind::Signed(c)
            | InlineKind::Hi { content: c, .. }
            | InlineKind::PersName { content: c, .. } => c,
            InlineKind::Note(n) => &n.content,
            InlineKind::Element(e) => &e.content,
            _ => &[],
        };
        stack.extend(children.iter().rev());
    }
    out
}

/// Persons of the header, each with the documents naming them (as a name or a speaker).
fn person_index(
    header: &Header,
    documents: &[Document],
    docs: &[DocLink],
    authorities: Option<&Authorities>,
) -> Vec<IndexEntry> {
    let mut mentions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
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
        for id in ids {
            let list = mentions.entry(id).or_default();
            if list.last() != Some(&i) && !list.contains(&i) {
                list.push(i);
            }
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
            documents: links_of(mentions.get(&p.id), docs),
            authority: authority_links(authorities, &p.name),
        })
        .collect();
    sort_entries(&mut entries);
    entries
}

/// Places of the datelines, each with its documents.
fn place_index(
    documents: &[Document],
    docs: &[DocLink],
    authorities: Option<&Authorities>,
) -> Vec<IndexEntry> {
    let mut places: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, doc) in documents.iter().enumerate() {
        for item in doc.opener.iter().flat_map(|o| &o.items) {
            if let OpenerItem::Dateline { content, .. } = item {
                let mut found = Vec::new();
                collect_places(content, &mut found, 0);
                for p in found {
                    let list = places.entry(p).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    let mut entries: Vec<IndexEntry> = places
        .iter()
        .enumerate()
        .map(|(k, (name, list))| IndexEntry {
            anchor: format!("place-{}", k + 1),
            name: name.clone(),
            detail: None,
            is_role: false,
            documents: links_of(Some(list), docs),
            authority: authority_links(authorities, name),
        })
        .collect();
    sort_entries(&mut entries);
    entries
}

/// Archives of the header, each with the documents it holds a witness of.
fn archive_index(header: &Header, documents: &[Document], docs: &[DocLink]) -> Vec<IndexEntry> {
    let mut entries: Vec<IndexEntry> = header
        .repositories
        .iter()
        .map(|repo| {
            let held: Vec<usize> = documents
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    d.witnesses.iter().flat_map(|w| &w.items).any(|w| {
                        matches!(&w.kind, WitnessKind::Parsed(p) if p.repository_ref == repo.id)
                    })
                })
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
                documents: links_of(Some(&held), docs),
                authority: Vec::new(),
            }
        })
        .collect();
    sort_entries(&mut entries);
    entries
}

/// Links to the documents at these indices (index pages sit beside the document pages).
fn links_of(indices: Option<&Vec<usize>>, docs: &[DocLink]) -> Vec<DocLink> {
    indices
        .into_iter()
        .flatten()
        .filter_map(|i| docs.get(*i).cloned())
        .collect()
}

/// Alphabetical, case folded, ties broken by the exact name and anchor: deterministic.
fn sort_entries(entries: &mut [IndexEntry]) {
    entries.sort_by(|a, b| {
        (a.name.to_lowercase(), &a.name, &a.anchor).cmp(&(
            b.name.to_lowercase(),
            &b.name,
            &b.anchor,
        ))
    });
}

/// The legend: a sample of each mark, styled as in the text, and what it means.
fn legend() -> Vec<LegendEntry> {
    let mark = |class: &str, title: &str, text: &str| {
        format!(
            "<span class=\"mark {class}\" title=\"{}\">{}</span>",
            escape(title),
            escape(text)
        )
    };
    vec![
        LegendEntry {
            sample_html: mark("mark-gap", explain::GAP, "<…>"),
            text: "Omission: the editor left out part of the text.",
        },
        LegendEntry {
            sample_html: mark("mark-supplied", explain::SUPPLIED, "[word]"),
            text: "Supplied text: words the editor added, in square brackets.",
        },
        LegendEntry {
            sample_html: mark("mark-gloss", explain::GLOSS, "[explanation]"),
            text: "Gloss: an explanation the editor added, in square brackets.",
        },
        LegendEntry {
            sample_html: format!(
                "<span class=\"expan\">L{}</span>",
                mark("mark-ex", explain::EXPANSION, "[egran]")
            ),
            text: "Expansion: the editor completed an abbreviated name.",
        },
        LegendEntry {
            sample_html: mark("mark-underline", explain::UNDERLINE, "underlined"),
            text: "Underlined in the original document.",
        },
        LegendEntry {
            sample_html: mark("mark-ellipsis", explain::ELLIPSIS, "…"),
            text: "Ellipsis that stands in the original document.",
        },
        LegendEntry {
            sample_html: mark(
                "mark-corr",
                &format!("{} misspelling", explain::CORR),
                "correction",
            ),
            text: "Correction: the editor corrected an error of the original; hover to see the original reading.",
        },
        LegendEntry {
            sample_html: mark("mark-emphasis-note", explain::EMPHASIS, "(Emphasis added)"),
            text: "Emphasis added by the editor: the edition’s note is kept, the emphasised words are not marked.",
        },
        LegendEntry {
            sample_html: "<sup class=\"fn-ref\">1</sup>".to_string(),
            text: "Footnote by the editor: follow the number to the note and back.",
        },
        LegendEntry {
            sample_html: mark("mark-anchor", explain::ANCHOR, "*"),
            text: "Note anchor of the original whose note is missing.",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn document_files_are_unique_and_avoid_edition_pages() {
        let doc = |id: &str| Document {
            id: id.into(),
            ..Document::default()
        };
        let files = document_files(&[doc("d1"), doc("d1"), doc("index"), doc("")]);
        let names: Vec<&str> = files.iter().map(|(_, f)| f.as_str()).collect();
        assert_eq!(
            names,
            ["d1.html", "d1-2.html", "index-2.html", "document-4.html"]
        );
    }

    #[test]
    fn back_refs_get_letters_only_when_shared() {
        assert_eq!(back_refs(&["a".into()])[0].label, "");
        let two = back_refs(&["a".into(), "b".into()]);
        assert_eq!((two[0].label.as_str(), two[1].href.as_str()), ("a", "#b"));
    }

    #[test]
    fn supplied_date_is_found_in_dateline() {
        let date = Inline::new(
            Span::default(),
            InlineKind::Date(crate::model::DateValue {
                text: "28 September 1920".into(),
                ..Default::default()
            }),
        );
        let supplied = Inline::new(Span::default(), InlineKind::Supplied(vec![date]));
        assert!(matches!(
            dateline_date(std::slice::from_ref(&supplied)).map(|i| &i.kind),
            Some(InlineKind::Supplied(_))
        ));
    }
}
