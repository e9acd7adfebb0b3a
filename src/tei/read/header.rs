//! The TEI header read back into the model's `Header`.

use super::Mapper;
use super::frame::{header_part, shell, verbatim};
use super::xml::{XmlElement, XmlNode, is_blank};
use crate::model::{
    Category, Editor, FrameElement, FrameNode, Header, HeaderPart, Licence, Person, Repository,
    SourceDesc, Taxonomy,
};

impl Mapper<'_> {
    /// The frame of a `teiHeader` read into `header`: each part the model
    /// writes back the same named by its slot, every other kept as it is.
    pub(super) fn header_frame(&self, element: &XmlElement, header: &Header) -> FrameNode {
        let part = |e: &XmlElement| match e.local() {
            "fileDesc" => {
                FrameNode::Element(header_children(e, &|d: &XmlElement| match d.local() {
                    "titleStmt" => header_part(d, header, HeaderPart::TitleStmt),
                    "publicationStmt" => header_part(d, header, HeaderPart::PublicationStmt),
                    "sourceDesc" => header_part(d, header, HeaderPart::SourceDesc),
                    _ => FrameNode::Element(verbatim(d)),
                }))
            }
            "encodingDesc" => header_part(e, header, HeaderPart::EncodingDesc),
            "profileDesc" => header_part(e, header, HeaderPart::ProfileDesc),
            _ => FrameNode::Element(verbatim(e)),
        };
        FrameNode::Element(header_children(element, &part))
    }

    pub(super) fn header(&mut self, element: &XmlElement, header: &mut Header) {
        for child in element.elements() {
            match child.local() {
                "fileDesc" => self.file_desc(child, header),
                "encodingDesc" => self.encoding_desc(child, header),
                "profileDesc" => {
                    let people = child
                        .child("particDesc")
                        .and_then(|p| p.child("listPerson"));
                    for person in people.iter().flat_map(|l| l.elements()) {
                        header.persons.push(person_of(person));
                    }
                }
                _ => self.unkept(child, "in <teiHeader>"),
            }
        }
    }

    pub(super) fn file_desc(&mut self, element: &XmlElement, header: &mut Header) {
        for child in element.elements() {
            match child.local() {
                "titleStmt" => {
                    for part in child.elements() {
                        match part.local() {
                            // The first title is the edition's; a subtitle never replaces it.
                            "title" if header.title.is_empty() => header.title = part.text(),
                            "title" => self.unkept(part, "after the first <title>"),
                            "editor" => {
                                header.editor = Some(Editor {
                                    name: part.text(),
                                    xml_id: part.attr("xml:id").unwrap_or_default().to_string(),
                                    initials: Vec::new(),
                                })
                            }
                            _ => self.unkept(part, "in <titleStmt>"),
                        }
                    }
                }
                "publicationStmt" => publication_stmt(child, header),
                "sourceDesc" => header.source = source_desc(child),
                _ => self.unkept(child, "in <fileDesc>"),
            }
        }
    }

    pub(super) fn encoding_desc(&mut self, element: &XmlElement, header: &mut Header) {
        for child in element.elements() {
            match child.local() {
                "editorialDecl" => header
                    .editorial_decl
                    .extend(child.elements().map(XmlElement::text)),
                "classDecl" => header.taxonomies.extend(
                    child
                        .elements()
                        .filter(|t| t.local() == "taxonomy")
                        .map(taxonomy_of),
                ),
                _ => self.unkept(child, "in <encodingDesc>"),
            }
        }
    }

    pub(super) fn stand_off(&mut self, element: &XmlElement, header: &mut Header) {
        for list in element.elements() {
            if list.local() != "listOrg" {
                self.unkept(list, "in <standOff>");
                continue;
            }
            for org in list.elements() {
                header.repositories.push(repository_of(org));
            }
        }
    }
}

/// Publisher and licence. Without a publisher TEI allows no `availability`, so
/// the licence then stands in a paragraph (`<p><ref target="url">…</ref></p>`);
/// `<p>Unpublished.</p>` states there is neither.
fn publication_stmt(element: &XmlElement, header: &mut Header) {
    for child in element.elements() {
        match child.local() {
            "publisher" => header.publisher = Some(child.text()),
            "availability" => {
                if let Some(licence) = child.child("licence") {
                    header.licence = Some(Licence {
                        text: licence.text(),
                        url: licence.attr("target").map(String::from),
                    });
                }
            }
            "p" => header.licence = licence_paragraph(child).or(header.licence.take()),
            _ => {}
        }
    }
}

fn licence_paragraph(p: &XmlElement) -> Option<Licence> {
    if let Some(reference) = p.child("ref") {
        return Some(Licence {
            text: reference.text(),
            url: reference.attr("target").map(String::from),
        });
    }
    let text = p.text();
    (text != UNPUBLISHED && !text.is_empty()).then_some(Licence { text, url: None })
}

/// The paragraph of a publication statement with neither publisher nor licence.
const UNPUBLISHED: &str = "Unpublished.";

/// The printed source, or a note on the source (`<p>`; in a split file, where
/// `msDesc` follows, a `<bibl>` without author and title). `msDesc` copies
/// witnesses of the body and is not read.
fn source_desc(element: &XmlElement) -> SourceDesc {
    if let Some(bibl) = element.child("bibl") {
        if bibl.child("author").is_none() && bibl.child("title").is_none() {
            return SourceDesc::Note(bibl.text());
        }
        let part = |name: &str| bibl.child(name).map(XmlElement::text).unwrap_or_default();
        return SourceDesc::Bibl {
            author: part("author"),
            title: part("title"),
        };
    }
    SourceDesc::Note(element.child("p").map(XmlElement::text).unwrap_or_default())
}

fn taxonomy_of(element: &XmlElement) -> Taxonomy {
    Taxonomy {
        id: element.attr("xml:id").unwrap_or_default().to_string(),
        categories: categories_of(element),
    }
}

fn categories_of(element: &XmlElement) -> Vec<Category> {
    element
        .elements()
        .filter(|c| c.local() == "category")
        .map(|c| Category {
            id: c.attr("xml:id").unwrap_or_default().to_string(),
            label: c.child("catDesc").map(XmlElement::text).unwrap_or_default(),
            children: categories_of(c),
        })
        .collect()
}

fn person_of(element: &XmlElement) -> Person {
    let pers_name = element.child("persName");
    let role = pers_name.and_then(|p| p.child("roleName"));
    Person {
        id: element.attr("xml:id").unwrap_or_default().to_string(),
        name: role.or(pers_name).map(XmlElement::text).unwrap_or_default(),
        is_role: role.is_some(),
        affiliation: element.child("affiliation").map(XmlElement::text),
    }
}

fn repository_of(org: &XmlElement) -> Repository {
    let org_name = |kind: &str| {
        org.elements()
            .find(|e| e.local() == "orgName" && e.attr("type") == Some(kind))
            .map(XmlElement::text)
    };
    Repository {
        id: org.attr("xml:id").unwrap_or_default().to_string(),
        short: org_name("short").unwrap_or_default(),
        full: org_name("full"),
        place: org.child("placeName").map(XmlElement::text),
    }
}

/// `element` with each child element framed by `part`; text that is not
/// layout kept as it is.
fn header_children(element: &XmlElement, part: &dyn Fn(&XmlElement) -> FrameNode) -> FrameElement {
    let mut frame = shell(element);
    for child in &element.children {
        match child {
            XmlNode::Element(e) => frame.children.push(part(e)),
            XmlNode::Text { text, .. } if !is_blank(text) => {
                frame.children.push(FrameNode::Text(text.to_string()))
            }
            XmlNode::Text { .. } => {}
        }
    }
    frame
}
