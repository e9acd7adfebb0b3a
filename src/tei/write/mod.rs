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
use std::ops::Range;

use crate::config::Authorities;
use crate::model::{Document, Edition, Header, HeaderPart, ParsedWitness};
use crate::tei::read::Placement;

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
/// TEI of another shape is written in that shape (its [`Frame`](crate::model::Frame)).
pub fn write_tei(edition: &Edition, options: &TeiOptions) -> String {
    let mut bytes = Vec::new();
    let written = write_tei_to(edition, options, &mut bytes);
    finish(written.map(|()| bytes))
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
    let mut source = DocumentSource::InModel(&documents);
    write_file(&mut out, &edition.header, &mut source, &[], options)?;
    out.into_bytes().map(drop)
}

/// The TEI file of an edition whose `count` documents were written before
/// (by [`TeiDocuments`], each where its [`Placement`] says): the markup
/// around them, `documents` writing the bytes of documents `range` where
/// they stand. Gives the bytes of [`write_tei_to`] for the same edition.
pub fn write_tei_around(
    header: &Header,
    count: usize,
    options: &TeiOptions,
    sink: &mut dyn io::Write,
    documents: &mut WriteDocuments<'_>,
) -> io::Result<()> {
    let mut out = Out::to_sink(sink);
    let mut source = DocumentSource::Written { count, documents };
    write_file(&mut out, header, &mut source, &[], options)?;
    out.into_bytes().map(drop)
}

/// Writes the bytes of documents `range`, written before, into the sink.
pub type WriteDocuments<'a> = dyn FnMut(&mut dyn io::Write, Range<usize>) -> io::Result<()> + 'a;

/// Each document of an edition as TEI where it stands in the file, written
/// as it comes (a TEI read a document at a time); [`write_tei_around`]
/// writes the file around them.
pub struct TeiDocuments {
    ctx: Ctx,
}

impl TeiDocuments {
    /// `header`: the edition's (its editor is the `@resp` of the compiler's marks).
    pub fn new(header: &Header, options: &TeiOptions) -> Self {
        TeiDocuments {
            ctx: Ctx::new(header, &options.authorities),
        }
    }

    /// `document` as it stands at `placement`: a `div type="document"`, or
    /// its blocks alone.
    pub fn write(
        &self,
        document: &Document,
        placement: Placement,
        sink: &mut dyn io::Write,
    ) -> io::Result<()> {
        let mut out = Out::to_sink(sink).at_depth(placement.depth);
        write_in_place(&mut out, &self.ctx, document, placement.blocks_only)?;
        out.drain()
    }
}

/// A document where the file holds it: a `div`, or (`blocks_only`) its
/// blocks in the element it was read from.
fn write_in_place(
    out: &mut Out,
    ctx: &Ctx,
    document: &Document,
    blocks_only: bool,
) -> io::Result<()> {
    if blocks_only {
        for block in &document.blocks {
            text::write_block(out, ctx, block)?;
        }
        return Ok(());
    }
    text::write_document(out, ctx, document)?;
    out.drain()
}

/// Where the documents of the file come from.
pub(crate) enum DocumentSource<'a> {
    /// The documents of the model.
    InModel(&'a [&'a Document]),
    /// Documents written before, their bytes copied into place.
    Written {
        count: usize,
        documents: &'a mut WriteDocuments<'a>,
    },
}

impl DocumentSource<'_> {
    fn count(&self) -> usize {
        match self {
            DocumentSource::InModel(documents) => documents.len(),
            DocumentSource::Written { count, .. } => *count,
        }
    }

    /// Writes documents `range` (`blocks_only`: the blocks of one).
    pub(crate) fn write(
        &mut self,
        out: &mut Out,
        ctx: &Ctx,
        range: Range<usize>,
        blocks_only: bool,
    ) -> io::Result<()> {
        match self {
            DocumentSource::InModel(documents) => {
                for document in documents.get(range).unwrap_or_default() {
                    write_in_place(out, ctx, document, blocks_only)?;
                }
                Ok(())
            }
            DocumentSource::Written { documents, .. } => {
                out.drain()?;
                match out.sink() {
                    Some(sink) => documents(sink, range),
                    None => Ok(()),
                }
            }
        }
    }
}

/// One part of the header written alone, as the reader compares it with the
/// part it read (a part that writes back the same is held by the model).
pub(crate) fn header_part_xml(header: &Header, part: HeaderPart) -> String {
    let mut out = Out::new();
    let written = header::write_header_part(&mut out, header, part, &Authorities::default());
    finish(written.and_then(|()| out.into_bytes()))
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
    let mut out = Out::new();
    let written = write_file(
        &mut out,
        &Header {
            frame: None,
            ..header
        },
        &mut DocumentSource::InModel(&documents),
        &witnesses,
        options,
    );
    finish(written.and_then(|()| out.into_bytes()))
}

/// Writes into a `Vec`, which cannot fail; the bytes are UTF-8 because every
/// piece written comes from a `&str`.
fn finish(result: io::Result<Vec<u8>>) -> String {
    let bytes = result.expect("writing into a Vec<u8> cannot fail");
    // No copy: the bytes are UTF-8 (a lossy copy only were they not).
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The file: the declaration, then the header's frame when it places every
/// document (a TEI read in another shape), else teikit's own layout.
fn write_file(
    out: &mut Out,
    header: &Header,
    documents: &mut DocumentSource<'_>,
    witnesses: &[&ParsedWitness],
    options: &TeiOptions,
) -> io::Result<()> {
    out.declaration()?;
    if let Some(href) = &options.xml_model {
        out.xml_model(href)?;
    }
    let ctx = Ctx::new(header, &options.authorities);
    if let Some(frame) = &header.frame
        && frame::fits(frame, documents.count())
    {
        let mut parts = frame::FrameParts {
            ctx: &ctx,
            header,
            documents,
            authorities: &options.authorities,
        };
        return frame::write_frame(out, &mut parts, frame);
    }
    out.open(
        Tag::new("TEI")
            .attr("xmlns", "http://www.tei-c.org/ns/1.0")
            .attr("xml:lang", &header.language),
    )?;
    header::write_header(out, header, witnesses, &options.authorities)?;
    header::write_stand_off(out, header)?;
    out.open(Tag::new("text"))?;
    out.open(Tag::new("body"))?;
    documents.write(out, &ctx, 0..documents.count(), false)?;
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
