//! Builds the header of an edition read from plain text: title, editor,
//! source, taxonomies, persons and repositories (docs/encoding.md §2.3, §7.3).

use super::citation::witness_categories;
use super::conventions::Conventions;
use super::title::Piece;
use crate::config::Config;
use crate::model::{
    Category, Document, DocumentKind, Editor, Header, Licence, Person, Repository, SourceDesc,
    Taxonomy, WitnessKind,
};

const OMISSIONS: &str = "Converted from the plain text of the edition. Omissions marked “<…>” by the compiler are encoded as gap, words the compiler supplied in square brackets as supplied, and expansions of abbreviated speaker names as ex.";
const GLOSSES: &str =
    " Explanations the compiler added in square brackets are encoded as notes of type gloss.";
const EMPHASIS: &str = "Emphasis added by the compiler is recorded by the compiler’s note in each document, but the emphasised spans are not recoverable from the plain text and are not encoded.";
const ORIGINAL: &str = "Underlining, ellipses and errors of the original documents are encoded as the compiler’s footnotes describe them; matter after the last document is not part of the edition.";

/// What the documents told the header.
pub struct Gathered<'a> {
    pub persons: Vec<Person>,
    /// Initials found in the first emphasis note.
    pub note_initials: Option<String>,
    pub glosses: bool,
    /// Author, title and line of the source line found in the trailing matter.
    pub source_line: Option<(String, String, usize)>,
    pub file_name: &'a str,
}

/// The author and title named by a source line in the trailing matter, and its line.
pub fn source_line(trailing: &[Piece], conv: &Conventions) -> Option<(String, String, usize)> {
    let pattern = conv.source_line.as_ref()?;
    trailing.iter().find_map(|p| {
        let m = pattern.match_whole(p.text)?;
        let author = m.get("text")?.0.to_string();
        let title = m.get("text2")?.0.to_string();
        Some((author, title, p.line))
    })
}

fn initials_of(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{c}."))
        .collect()
}

fn editor(config: &Config, note_initials: Option<&str>, author: Option<&str>) -> Option<Editor> {
    let configured = config.editor.clone().unwrap_or_default();
    let initials: Vec<String> = if configured.initials.is_empty() {
        note_initials
            .map(|i| vec![i.to_string()])
            .unwrap_or_default()
    } else {
        configured.initials.clone()
    };
    let canonical = initials.first().cloned();
    let name = configured.name.clone().or_else(|| {
        let canonical = canonical.as_deref()?;
        author
            .filter(|a| {
                initials.iter().any(|i| initials_of(a) == *i) || initials_of(a) == canonical
            })
            .map(str::to_string)
            .or_else(|| Some(canonical.to_string()))
    })?;
    let xml_id = configured
        .xml_id
        .clone()
        .or_else(|| {
            canonical
                .as_ref()
                .map(|i| i.chars().filter(|c| c.is_alphanumeric()).collect())
        })
        .unwrap_or_else(|| "editor".to_string());
    Some(Editor {
        name,
        xml_id,
        initials,
    })
}

fn numbers_title(documents: &[Document]) -> Option<String> {
    let numbers: Vec<&str> = documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Document)
        .filter_map(|d| d.n.as_deref())
        .collect();
    match numbers.as_slice() {
        [] => None,
        [one] => Some(format!("Document No. {one}")),
        [first, .., last] => Some(format!("Documents No. {first}–{last}")),
    }
}

fn repositories(documents: &[Document], config: &Config) -> Vec<Repository> {
    let mut out: Vec<Repository> = Vec::new();
    for d in documents {
        for w in d.witnesses.iter().flat_map(|w| &w.items) {
            let WitnessKind::Parsed(p) = &w.kind else {
                continue;
            };
            if out.iter().any(|r| r.id == p.repository_ref) {
                continue;
            }
            let archive = config.archives.get(&p.repository);
            out.push(Repository {
                id: p.repository_ref.clone(),
                short: p.repository.clone(),
                full: archive.map(|a| a.name.clone()),
                place: archive.and_then(|a| a.place.clone()),
            });
        }
    }
    out
}

/// Taxonomies of the categories the witnesses use, in config order; a used
/// label variant brings its parent.
fn taxonomies(documents: &[Document], config: &Config) -> Vec<Taxonomy> {
    let used: Vec<&str> = documents
        .iter()
        .flat_map(|d| d.witnesses.iter().flat_map(|w| &w.items))
        .filter_map(|w| match &w.kind {
            WitnessKind::Parsed(p) => Some(p.categories.iter().map(String::as_str)),
            WitnessKind::Unparsed(_) => None,
        })
        .flatten()
        .collect();
    let all = witness_categories(config);
    let mut out = Vec::new();
    for (taxonomy, list) in [
        ("witness-status", &config.witnesses.status),
        ("witness-form", &config.witnesses.form),
    ] {
        let mut categories: Vec<Category> = Vec::new();
        for entry in list.iter() {
            if let Some(parent) = categories.iter_mut().find(|c| c.id == entry.id) {
                // A label variant of an earlier category.
                let id = all
                    .iter()
                    .find(|(label, _)| *label == entry.label)
                    .map(|(_, id)| id.clone())
                    .unwrap_or_else(|| {
                        format!(
                            "{}-{}",
                            entry.id,
                            entry.label.to_lowercase().replace(' ', "-")
                        )
                    });
                parent.children.push(Category {
                    id,
                    label: entry.label.clone(),
                    children: Vec::new(),
                });
            } else {
                categories.push(Category {
                    id: entry.id.clone(),
                    label: entry.label.clone(),
                    children: Vec::new(),
                });
            }
        }
        for c in categories.iter_mut() {
            c.children.retain(|v| used.contains(&v.id.as_str()));
        }
        categories.retain(|c| used.contains(&c.id.as_str()) || !c.children.is_empty());
        if !categories.is_empty() {
            out.push(Taxonomy {
                id: taxonomy.to_string(),
                categories,
            });
        }
    }
    out
}

pub fn build(documents: &[Document], gathered: Gathered, conv: &Conventions) -> Header {
    let config = conv.config;
    let source = match (&config.source, &gathered.source_line) {
        (Some(s), _) => SourceDesc::Bibl {
            author: s.author.clone(),
            title: s.title.clone(),
        },
        (None, Some((author, title, _))) => SourceDesc::Bibl {
            author: author.clone(),
            title: title.clone(),
        },
        (None, None) => SourceDesc::Note(format!("Plain-text source {}.", gathered.file_name)),
    };
    let (author, source_title) = match &source {
        SourceDesc::Bibl { author, title } => (Some(author.as_str()), Some(title.as_str())),
        SourceDesc::Note(_) => (None, None),
    };
    let numbers = numbers_title(documents);
    let title = config
        .edition
        .title
        .clone()
        .unwrap_or_else(|| match (source_title, &numbers) {
            (Some(t), Some(n)) => format!("{t}: {n}"),
            (Some(t), None) => t.to_string(),
            (None, Some(n)) => n.clone(),
            (None, None) => format!("Edition of {}", gathered.file_name),
        });
    let mut first = OMISSIONS.to_string();
    if gathered.glosses {
        first.push_str(GLOSSES);
    }
    Header {
        title,
        language: config
            .edition
            .language
            .clone()
            .unwrap_or_else(|| "en".to_string()),
        editor: editor(config, gathered.note_initials.as_deref(), author),
        publisher: config.edition.publisher.clone(),
        licence: config.edition.licence.clone().map(|text| Licence {
            text,
            url: config.edition.licence_url.clone(),
        }),
        source,
        editorial_decl: vec![first, EMPHASIS.to_string(), ORIGINAL.to_string()],
        taxonomies: taxonomies(documents, config),
        persons: gathered.persons,
        repositories: repositories(documents, config),
        frame: None,
    }
}
