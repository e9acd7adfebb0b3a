//! The header of one document written alone (`convert --split`): the edition's
//! header restricted to what the document references, so a split file carries no
//! person, archive or category it never points to.

use std::collections::BTreeSet;

use crate::model::{
    BlockKind, Category, Document, Header, Inline, InlineKind, OpenerItem, ParsedWitness, Taxonomy,
    WitnessKind,
};

/// The edition's header with only the persons, repositories and categories
/// `document` references.
pub(crate) fn header_for(header: &Header, document: &Document) -> Header {
    let refs = References::of(document);
    restrict(header, &refs)
}

/// The edition's header with no person, repository or category.
pub(crate) fn header_for_nothing(header: &Header) -> Header {
    restrict(header, &References::default())
}

/// The parsed witnesses of a document, in order: each becomes an `msDesc`.
pub(crate) fn parsed_witnesses(document: &Document) -> Vec<&ParsedWitness> {
    document
        .witnesses
        .iter()
        .flat_map(|w| &w.items)
        .filter_map(|w| match &w.kind {
            WitnessKind::Parsed(parsed) => Some(parsed),
            WitnessKind::Unparsed(_) => None,
        })
        .collect()
}

fn restrict(header: &Header, refs: &References) -> Header {
    Header {
        persons: header
            .persons
            .iter()
            .filter(|p| refs.persons.contains(&p.id))
            .cloned()
            .collect(),
        repositories: header
            .repositories
            .iter()
            .filter(|r| refs.repositories.contains(&r.id))
            .cloned()
            .collect(),
        taxonomies: header
            .taxonomies
            .iter()
            .map(|t| Taxonomy {
                id: t.id.clone(),
                categories: used_categories(&t.categories, &refs.categories),
            })
            .collect(),
        ..header.clone()
    }
}

/// The categories referenced, with the parents of referenced label variants.
fn used_categories(categories: &[Category], used: &BTreeSet<String>) -> Vec<Category> {
    categories
        .iter()
        .filter_map(|c| {
            let children = used_categories(&c.children, used);
            (used.contains(&c.id) || !children.is_empty()).then(|| Category {
                id: c.id.clone(),
                label: c.label.clone(),
                children,
            })
        })
        .collect()
}

/// The ids a document points to.
#[derive(Debug, Default)]
struct References {
    persons: BTreeSet<String>,
    repositories: BTreeSet<String>,
    categories: BTreeSet<String>,
}

impl References {
    fn of(document: &Document) -> Self {
        let mut refs = References::default();
        for head in &document.heads {
            refs.inlines(&head.content);
        }
        for item in document.opener.iter().flat_map(|o| &o.items) {
            if let OpenerItem::Dateline { content, .. } = item {
                refs.inlines(content);
            }
        }
        for block in &document.blocks {
            refs.block(&block.kind);
        }
        for witness in parsed_witnesses(document) {
            refs.repositories.insert(witness.repository_ref.clone());
            refs.categories.extend(witness.categories.iter().cloned());
            if let Some(certification) = &witness.certification {
                refs.inlines(certification);
            }
        }
        for publication in &document.publications {
            refs.inlines(&publication.content);
        }
        for closer in &document.closers {
            refs.inlines(&closer.content);
        }
        for note in &document.notes {
            refs.inlines(&note.content);
        }
        refs
    }

    fn block(&mut self, block: &BlockKind) {
        match block {
            BlockKind::Paragraph(content) => self.inlines(content),
            BlockKind::List { items, .. } => {
                for item in items {
                    self.inlines(&item.content);
                }
            }
            BlockKind::Speech {
                who,
                speaker,
                content,
                ..
            } => {
                self.persons.insert(who.clone());
                self.inlines(speaker);
                self.inlines(content);
            }
            BlockKind::Gap => {}
            BlockKind::Other(element) => self.inlines(&element.content),
        }
    }

    fn inlines(&mut self, content: &[Inline]) {
        for inline in content {
            match &inline.kind {
                InlineKind::PersName { reference, content } => {
                    self.persons.extend(reference.iter().cloned());
                    self.inlines(content);
                }
                InlineKind::Supplied(content)
                | InlineKind::RoleName(content)
                | InlineKind::Signed(content)
                | InlineKind::Hi { content, .. } => self.inlines(content),
                InlineKind::Note(note) => self.inlines(&note.content),
                InlineKind::Element(element) => self.inlines(&element.content),
                InlineKind::Text(_)
                | InlineKind::Gap
                | InlineKind::Anchor { .. }
                | InlineKind::Choice { .. }
                | InlineKind::Expan { .. }
                | InlineKind::PlaceName(_)
                | InlineKind::Date(_)
                | InlineKind::Idno { .. }
                | InlineKind::Lb
                | InlineKind::PageBreak(_)
                | InlineKind::Title(_)
                | InlineKind::PubPlace(_)
                | InlineKind::BiblScope { .. } => {}
            }
        }
    }
}
