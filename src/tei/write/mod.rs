//! The TEI writer: serialises the model as TEI P5 with quick-xml events, in the
//! exact form of docs/encoding.md §2.4 so that the same edition always gives the same bytes.
//!
//! The layout is written by hand as text events: the containers of §2.4 put each
//! child on its own line, indented two spaces per level; every other element is
//! written on one line with its content and no added whitespace. Attributes are
//! put in the one order §2.4 fixes, whatever order a call site names them in.

mod frame;
mod header;
mod inline;
mod split;
mod text;
pub(crate) mod xml;

use std::io;

use crate::config::Authorities;
use crate::model::{Document, Edition, Frame, Header, HeaderPart, ParsedWitness};

/// The URIs `[authorities]` gives a name, space-separated (a `@ref` value).
pub(crate) fn authority_ref(authorities: &Authorities, name: &str) -> Option<String> {
    authorities.uris(name).map(|uris| uris.join(" "))
}

use xml::{Out, Tag};

/// How a TEI file is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeiOptions {
    /// A schema to associate with the file through an `<?xml-model?>` processing
    /// instruction after the XML declaration (its `href`); none by default.
    pub xml_model: Option<String>,
    /// `[authorities]` of the config: places get their URIs as `placeName/@ref`,
    /// listed persons as `person/persName/@ref`.
    pub authorities: Authorities,
}

/// The `href` of teikit's edition profile in the `xml-model` instruction of the
/// files `teikit convert` writes; `teikit validate` recognises it by this file
/// name and checks the file against its built-in copy of `schemas/teikit-edition.rng`.
pub const PROFILE_HREF: &str = "teikit-edition.rng";

impl TeiOptions {
    /// The options of `teikit convert`: the file declares teikit's edition profile.
    pub fn edition() -> Self {
        TeiOptions {
            xml_model: Some(PROFILE_HREF.to_string()),
            authorities: Authorities::default(),
        }
    }
}

/// The whole edition as one TEI file: `teiHeader`, `standOff`, and `text/body`
/// with one `div type="document"` per document, in order; an edition read from
/// TEI of another shape is written in that shape (its [`Frame`]).
pub fn write_tei(edition: &Edition, options: &TeiOptions) -> String {
    let documents: Vec<_> = edition.documents.iter().collect();
    match &edition.header.frame {
        Some(frame) if frame::fits(frame, documents.len()) => {
            finish(render_frame(&edition.header, frame, &documents, options))
        }
        _ => finish(render(&edition.header, &documents, &[], options)),
    }
}

/// [`write_tei`] into `sink`, a document at a time (the whole file is never
/// held in memory).
pub fn write_tei_to(
    edition: &Edition,
    options: &TeiOptions,
    sink: &mut dyn io::Write,
) -> io::Result<()> {
    let documents: Vec<_> = edition.documents.iter().collect();
    let mut out = Out::to_sink(sink);
    match &edition.header.frame {
        Some(frame) if frame::fits(frame, documents.len()) => {
            render_frame_into(&mut out, &edition.header, frame, &documents, options)?
        }
        _ => render_into(&mut out, &edition.header, &documents, &[], options)?,
    }
    out.into_bytes().map(drop)
}

/// One part of the header written alone, as the reader compares it with the
/// part it read (a part that writes back the same is held by the model).
pub(crate) fn header_part_xml(header: &Header, part: HeaderPart) -> String {
    let mut out = Out::new();
    let written = header::write_header_part(&mut out, header, part, &Authorities::default());
    finish(written.and_then(|()| out.into_bytes()))
}

fn render_frame(
    header: &Header,
    frame: &Frame,
    documents: &[&Document],
    options: &TeiOptions,
) -> io::Result<Vec<u8>> {
    let mut out = Out::new();
    render_frame_into(&mut out, header, frame, documents, options)?;
    out.into_bytes()
}

fn render_frame_into(
    out: &mut Out,
    header: &Header,
    frame: &Frame,
    documents: &[&Document],
    options: &TeiOptions,
) -> io::Result<()> {
    out.declaration()?;
    if let Some(href) = &options.xml_model {
        out.xml_model(href)?;
    }
    let ctx = Ctx::new(header, &options.authorities);
    let parts = frame::FrameParts {
        ctx: &ctx,
        header,
        documents,
        authorities: &options.authorities,
    };
    frame::write_frame(out, &parts, frame)
}

/// One document as a standalone TEI file (`convert --split`, docs/encoding.md §2.3):
/// the header parts of the edition restricted to the persons, repositories and
/// categories the document references, and in `sourceDesc`, after the source,
/// one `msDesc` per parsed witness with its `@ana` and a copy of its
/// `msIdentifier`. An `index` past the last document gives a file whose body
/// holds no document.
pub fn write_document_tei(edition: &Edition, index: usize, options: &TeiOptions) -> String {
    let document = edition.documents.get(index);
    let header = match document {
        Some(d) => split::header_for(&edition.header, d),
        None => split::header_for_nothing(&edition.header),
    };
    let witnesses = document.map(split::parsed_witnesses).unwrap_or_default();
    let documents: Vec<_> = document.into_iter().collect();
    finish(render(&header, &documents, &witnesses, options))
}

/// Writes into a `Vec`, which cannot fail; the bytes are UTF-8 because every
/// piece written comes from a `&str`.
fn finish(result: io::Result<Vec<u8>>) -> String {
    let bytes = result.expect("writing into a Vec<u8> cannot fail");
    // No copy: the bytes are UTF-8 (a lossy copy only were they not).
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn render(
    header: &Header,
    documents: &[&Document],
    witnesses: &[&ParsedWitness],
    options: &TeiOptions,
) -> io::Result<Vec<u8>> {
    let mut out = Out::new();
    render_into(&mut out, header, documents, witnesses, options)?;
    out.into_bytes()
}

fn render_into(
    out: &mut Out,
    header: &Header,
    documents: &[&Document],
    witnesses: &[&ParsedWitness],
    options: &TeiOptions,
) -> io::Result<()> {
    out.declaration()?;
    if let Some(href) = &options.xml_model {
        out.xml_model(href)?;
    }
    let ctx = Ctx::new(header, &options.authorities);
    out.open(
        Tag::new("TEI")
            .attr("xmlns", "http://www.tei-c.org/ns/1.0")
            .attr("xml:lang", &header.language),
    )?;
    header::write_header(out, header, witnesses, &options.authorities)?;
    header::write_stand_off(out, header)?;
    out.open(Tag::new("text"))?;
    out.open(Tag::new("body"))?;
    for document in documents {
        text::write_document(out, &ctx, document)?;
        out.drain()?;
    }
    out.close("body")?;
    out.close("text")?;
    out.close("TEI")
}

/// What every part of the writer needs to know about the edition.
pub(crate) struct Ctx {
    /// `@resp` of the compiler's marks: `#` + the editor's `xml:id`.
    resp: Option<String>,
    authorities: Authorities,
}

impl Ctx {
    fn new(header: &Header, authorities: &Authorities) -> Self {
        Ctx {
            resp: header.editor_id().map(|id| format!("#{id}")),
            authorities: authorities.clone(),
        }
    }

    /// The authority URIs of a name as printed, as one `@ref` value.
    fn authority(&self, name: &str) -> Option<String> {
        authority_ref(&self.authorities, name)
    }

    fn resp(&self) -> Option<&str> {
        self.resp.as_deref()
    }
}
