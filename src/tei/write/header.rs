//! `teiHeader` and `standOff` (docs/encoding.md §2.3): who made the edition, where its
//! text comes from, how it was encoded, who speaks and signs, which archives hold
//! the originals. A part that would be empty where the schema forbids emptiness
//! is left out.

use std::io;

use crate::model::{
    Category, Header, HeaderPart, Licence, ParsedWitness, Person, Repository, SourceDesc, Taxonomy,
};

use super::authority_ref;
use super::text::{ana, write_ms_identifier};
use super::xml::{Out, Tag};
use crate::config::Authorities;

/// `teiHeader`; `witnesses` become `msDesc`s after the source (split files only).
pub(crate) fn write_header(
    out: &mut Out,
    header: &Header,
    witnesses: &[&ParsedWitness],
    authorities: &Authorities,
) -> io::Result<()> {
    out.open(Tag::new("teiHeader"))?;
    out.open(Tag::new("fileDesc"))?;
    write_title_stmt(out, header)?;
    write_publication_stmt(out, header)?;
    write_source_desc(out, &header.source, witnesses)?;
    out.close("fileDesc")?;
    write_encoding_desc(out, header)?;
    write_profile_desc(out, &header.persons, authorities)?;
    out.close("teiHeader")
}

/// One part of the header, alone (a frame names the parts it writes).
pub(crate) fn write_header_part(
    out: &mut Out,
    header: &Header,
    part: HeaderPart,
    authorities: &Authorities,
) -> io::Result<()> {
    match part {
        HeaderPart::TitleStmt => write_title_stmt(out, header),
        HeaderPart::PublicationStmt => write_publication_stmt(out, header),
        HeaderPart::SourceDesc => write_source_desc(out, &header.source, &[]),
        HeaderPart::EncodingDesc => write_encoding_desc(out, header),
        HeaderPart::ProfileDesc => write_profile_desc(out, &header.persons, authorities),
        HeaderPart::StandOff => write_stand_off(out, header),
    }
}

fn write_title_stmt(out: &mut Out, header: &Header) -> io::Result<()> {
    out.open(Tag::new("titleStmt"))?;
    out.text_line(Tag::new("title"), &header.title)?;
    if let Some(editor) = &header.editor {
        out.text_line(
            Tag::new("editor").attr("xml:id", &editor.xml_id),
            &editor.name,
        )?;
    }
    out.close("titleStmt")
}

/// Publisher and licence; with neither, `<p>Unpublished.</p>`. TEI lets an
/// `availability` only follow a publisher (or distributor, authority), so a
/// licence without publisher is stated in a paragraph instead
/// (`<p><ref target="url">licence</ref></p>`).
fn write_publication_stmt(out: &mut Out, header: &Header) -> io::Result<()> {
    out.open(Tag::new("publicationStmt"))?;
    match (&header.publisher, &header.licence) {
        (Some(publisher), licence) => {
            out.text_line(Tag::new("publisher"), publisher)?;
            if let Some(licence) = licence {
                out.newline()?;
                out.start(&Tag::new("availability"))?;
                out.text_element(
                    Tag::new("licence").opt("target", licence.url.as_deref()),
                    &licence.text,
                )?;
                out.end("availability")?;
            }
        }
        (None, Some(licence)) => write_licence_paragraph(out, licence)?,
        (None, None) => out.text_line(Tag::new("p"), "Unpublished.")?,
    }
    out.close("publicationStmt")
}

fn write_licence_paragraph(out: &mut Out, licence: &Licence) -> io::Result<()> {
    match &licence.url {
        Some(url) => {
            out.newline()?;
            out.start(&Tag::new("p"))?;
            out.text_element(Tag::new("ref").attr("target", url), &licence.text)?;
            out.end("p")
        }
        None => out.text_line(Tag::new("p"), &licence.text),
    }
}

fn write_source_desc(
    out: &mut Out,
    source: &SourceDesc,
    witnesses: &[&ParsedWitness],
) -> io::Result<()> {
    out.open(Tag::new("sourceDesc"))?;
    match source {
        SourceDesc::Bibl { author, title } => {
            out.newline()?;
            out.start(&Tag::new("bibl"))?;
            out.text_element(Tag::new("author"), author)?;
            out.text(" ")?;
            out.text_element(Tag::new("title"), title)?;
            out.end("bibl")?;
        }
        // A `sourceDesc` holds paragraphs or bibliographic elements, never both:
        // before the `msDesc`s of a split file the note becomes a `bibl`.
        SourceDesc::Note(text) if !witnesses.is_empty() => out.text_line(Tag::new("bibl"), text)?,
        SourceDesc::Note(text) => out.text_line(Tag::new("p"), text)?,
    }
    for witness in witnesses {
        out.open(Tag::new("msDesc").attr("ana", ana(&witness.categories)))?;
        write_ms_identifier(out, witness)?;
        out.close("msDesc")?;
    }
    out.close("sourceDesc")
}

/// `editorialDecl` and `classDecl`; left out when both would be empty.
fn write_encoding_desc(out: &mut Out, header: &Header) -> io::Result<()> {
    let taxonomies: Vec<&Taxonomy> = header
        .taxonomies
        .iter()
        .filter(|t| !t.categories.is_empty())
        .collect();
    if header.editorial_decl.is_empty() && taxonomies.is_empty() {
        return Ok(());
    }
    out.open(Tag::new("encodingDesc"))?;
    if !header.editorial_decl.is_empty() {
        out.open(Tag::new("editorialDecl"))?;
        for paragraph in &header.editorial_decl {
            out.text_line(Tag::new("p"), paragraph)?;
        }
        out.close("editorialDecl")?;
    }
    if !taxonomies.is_empty() {
        out.open(Tag::new("classDecl"))?;
        for taxonomy in taxonomies {
            out.open(Tag::new("taxonomy").attr("xml:id", &taxonomy.id))?;
            for category in &taxonomy.categories {
                out.newline()?;
                write_category(out, category)?;
            }
            out.close("taxonomy")?;
        }
        out.close("classDecl")?;
    }
    out.close("encodingDesc")
}

/// `<category xml:id><catDesc>label</catDesc>…label variants…</category>`, one line.
fn write_category(out: &mut Out, category: &Category) -> io::Result<()> {
    out.start(&Tag::new("category").attr("xml:id", &category.id))?;
    out.text_element(Tag::new("catDesc"), &category.label)?;
    for child in &category.children {
        write_category(out, child)?;
    }
    out.end("category")
}

/// `profileDesc/particDesc/listPerson`; left out when nobody speaks or signs.
fn write_profile_desc(
    out: &mut Out,
    persons: &[Person],
    authorities: &Authorities,
) -> io::Result<()> {
    if persons.is_empty() {
        return Ok(());
    }
    out.open(Tag::new("profileDesc"))?;
    out.open(Tag::new("particDesc"))?;
    out.open(Tag::new("listPerson"))?;
    for person in persons {
        out.newline()?;
        write_person(out, person, authority_ref(authorities, &person.name))?;
    }
    out.close("listPerson")?;
    out.close("particDesc")?;
    out.close("profileDesc")
}

/// `<person xml:id><persName>…</persName><affiliation>…</affiliation></person>`;
/// a role is `persName/roleName`.
fn write_person(out: &mut Out, person: &Person, reference: Option<String>) -> io::Result<()> {
    out.start(&Tag::new("person").attr("xml:id", &person.id))?;
    let pers_name = Tag::new("persName").opt("ref", reference);
    if person.is_role {
        out.start(&pers_name)?;
        out.text_element(Tag::new("roleName"), &person.name)?;
        out.end("persName")?;
    } else {
        out.text_element(pers_name, &person.name)?;
    }
    if let Some(affiliation) = &person.affiliation {
        out.text_element(Tag::new("affiliation"), affiliation)?;
    }
    out.end("person")
}

/// `standOff/listOrg type="repositories"`; left out when no archive is cited.
pub(crate) fn write_stand_off(out: &mut Out, header: &Header) -> io::Result<()> {
    if header.repositories.is_empty() {
        return Ok(());
    }
    out.open(Tag::new("standOff"))?;
    out.open(Tag::new("listOrg").attr("type", "repositories"))?;
    for repository in &header.repositories {
        out.newline()?;
        write_org(out, repository)?;
    }
    out.close("listOrg")?;
    out.close("standOff")
}

fn write_org(out: &mut Out, repository: &Repository) -> io::Result<()> {
    out.start(&Tag::new("org").attr("xml:id", &repository.id))?;
    out.text_element(Tag::new("orgName").attr("type", "short"), &repository.short)?;
    if let Some(full) = &repository.full {
        out.text_element(Tag::new("orgName").attr("type", "full"), full)?;
    }
    if let Some(place) = &repository.place {
        out.text_element(Tag::new("placeName"), place)?;
    }
    out.end("org")
}
