//! Export of a TEI file a document at a time: each document is written as
//! soon as the reader hands it on and then dropped, so memory is bounded by
//! the largest document, not the file (issue 13: a 670 MB TEI took 17.5 GB
//! through the whole model).
//!
//! Text and Markdown are written straight into the output. JSON and TEI
//! put the header (with the [`Frame`](crate::model::Frame), known only at
//! the end of the file) before the documents, so their documents go to an
//! unnamed temporary file beside the output first and are copied into
//! place once the rest is known. The bytes are those of the whole-model
//! export; a file whose header is read after its first document is left to
//! the whole model ([`Streamed::WholeModel`]). The output is written
//! atomically: a file that turns out not to be well-formed leaves it as it was.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::export::json::{write_json_around, write_json_document};
use crate::export::markdown::MarkdownStream;
use crate::export::text::{TextOptions, TextWriter};
use crate::model::{Document, Header};
use crate::output::write_atomic_with;
use crate::tei::read::{TeiRead, read_tei_with};
use crate::tei::write::{TeiDocuments, TeiOptions, write_tei_around};

/// The formats that can be written a document at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    Text,
    Markdown,
    Json,
    Tei,
}

/// How a TEI file is exported a document at a time.
pub struct StreamOptions<'a> {
    pub format: StreamFormat,
    /// The labels of the text and Markdown exports.
    pub text: TextOptions<'a>,
    /// The TEI export's options.
    pub tei: TeiOptions,
}

/// What became of an export a document at a time.
#[derive(Debug)]
pub enum Streamed {
    /// The output is written: how many documents, and the reader's warnings.
    Written {
        documents: usize,
        diagnostics: Vec<Diagnostic>,
    },
    /// The TEI could not be read (an error among the diagnostics): nothing
    /// was written, an existing output is as it was.
    Refused { diagnostics: Vec<Diagnostic> },
    /// The header of this file is read after a document, which was then
    /// written with too little of it: nothing was written; export the whole
    /// model instead.
    WholeModel,
}

/// Exports the TEI `xml` to the file `output` a document at a time (see the
/// module's documentation); `output` is replaced atomically, never touched
/// unless the export is [`Streamed::Written`].
pub fn export_tei_streamed(
    xml: &str,
    output: &Path,
    options: &StreamOptions,
) -> io::Result<Streamed> {
    let spool_dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut result = None;
    let written = write_atomic_with(output, |file| {
        let mut out = BufWriter::new(file);
        let streamed = stream_into(xml, options, &mut out, spool_dir)?;
        let wrote = matches!(streamed, Streamed::Written { .. });
        result = Some(streamed);
        if !wrote {
            // Dropping the temporary file leaves `output` as it was.
            return Err(io::Error::other("nothing to write"));
        }
        out.flush()
    });
    match (written, result) {
        (Ok(()), Some(streamed)) => Ok(streamed),
        (Err(_), Some(streamed)) if !matches!(streamed, Streamed::Written { .. }) => Ok(streamed),
        (Err(error), _) => Err(error),
        (Ok(()), None) => Err(io::Error::other("the export wrote nothing")),
    }
}

/// Reads `xml` and writes its export into `out`, documents through an
/// unnamed temporary file in `spool_dir` where the format needs one.
pub fn stream_into(
    xml: &str,
    options: &StreamOptions,
    out: &mut dyn Write,
    spool_dir: &Path,
) -> io::Result<Streamed> {
    match options.format {
        StreamFormat::Text => straight(xml, TextWriter::new(&options.text, out)),
        StreamFormat::Markdown => straight(xml, MarkdownStream::new(&options.text, out)),
        StreamFormat::Json => json(xml, out, spool_dir),
        StreamFormat::Tei => tei(xml, &options.tei, out, spool_dir),
    }
}

/// A writer of an export's documents as they come.
trait DocumentWriter {
    fn document(&mut self, document: &Document, header: &Header) -> io::Result<()>;
    /// What follows the last document.
    fn finish(self, header: &Header) -> io::Result<()>;
}

impl DocumentWriter for TextWriter<'_, '_> {
    fn document(&mut self, document: &Document, header: &Header) -> io::Result<()> {
        TextWriter::document(self, document, header)
    }

    fn finish(self, _: &Header) -> io::Result<()> {
        TextWriter::finish(self)
    }
}

impl DocumentWriter for MarkdownStream<'_, '_> {
    fn document(&mut self, document: &Document, header: &Header) -> io::Result<()> {
        MarkdownStream::document(self, document, header)
    }

    fn finish(self, header: &Header) -> io::Result<()> {
        MarkdownStream::finish(self, header)
    }
}

/// Text and Markdown: each document straight into the output.
fn straight(xml: &str, mut writer: impl DocumentWriter) -> io::Result<Streamed> {
    let mut first = FirstHeader::default();
    let read = read_tei_with(xml, &mut |header, document, _| {
        first.remember(header);
        writer.document(&document, header)
    })?;
    if let Some(refused) = first.refused(&read) {
        return Ok(refused);
    }
    writer.finish(&read.header)?;
    Ok(written(read))
}

/// JSON: the header comes first, so the documents wait in a spool.
fn json(xml: &str, out: &mut dyn Write, spool_dir: &Path) -> io::Result<Streamed> {
    let mut first = FirstHeader::default();
    let mut spool = Spool::new(spool_dir)?;
    let read = read_tei_with(xml, &mut |header, document, _| {
        first.remember(header);
        spool.add(|w, first| {
            if !first {
                w.write_all(b",\n")?;
            }
            write_json_document(&document, w)
        })
    })?;
    if let Some(refused) = first.refused(&read) {
        return Ok(refused);
    }
    let (mut file, _) = spool.finish()?;
    write_json_around(&read.header, read.documents, out, &mut |o| {
        io::copy(&mut file, o).map(drop)
    })?;
    Ok(written(read))
}

/// TEI: the frame around the documents is known at the end, so the
/// documents (written where they stand) wait in a spool.
fn tei(
    xml: &str,
    options: &TeiOptions,
    out: &mut dyn Write,
    spool_dir: &Path,
) -> io::Result<Streamed> {
    let mut first = FirstHeader::default();
    let mut spool = Spool::new(spool_dir)?;
    let mut writer: Option<TeiDocuments> = None;
    let read = read_tei_with(xml, &mut |header, document, placement| {
        first.remember(header);
        let writer = writer.get_or_insert_with(|| TeiDocuments::new(header, options));
        spool.add(|w, _| writer.write(&document, placement, w))
    })?;
    if let Some(refused) = first.refused(&read) {
        return Ok(refused);
    }
    let (mut file, offsets) = spool.finish()?;
    write_tei_around(
        &read.header,
        read.documents,
        options,
        out,
        &mut |o, range| {
            let (Some(&start), Some(&end)) = (offsets.get(range.start), offsets.get(range.end))
            else {
                return Ok(());
            };
            file.seek(SeekFrom::Start(start))?;
            io::copy(&mut (&mut file).take(end.saturating_sub(start)), o).map(drop)
        },
    )?;
    Ok(written(read))
}

fn written(read: TeiRead) -> Streamed {
    Streamed::Written {
        documents: read.documents,
        diagnostics: read.diagnostics,
    }
}

/// The header as it was when the first document was written.
#[derive(Default)]
struct FirstHeader(Option<Header>);

impl FirstHeader {
    fn remember(&mut self, header: &Header) {
        if self.0.is_none() {
            self.0 = Some(header.clone());
        }
    }

    /// Why what was written is not the export, if it is not: the TEI could
    /// not be read, or the header changed after the first document.
    fn refused(&self, read: &TeiRead) -> Option<Streamed> {
        if read.diagnostics.iter().any(Diagnostic::is_error) {
            return Some(Streamed::Refused {
                diagnostics: read.diagnostics.clone(),
            });
        }
        let unframed = |h: &Header| Header {
            frame: None,
            ..h.clone()
        };
        match &self.0 {
            Some(first) if unframed(first) != unframed(&read.header) => Some(Streamed::WholeModel),
            _ => None,
        }
    }
}

/// The documents written so far, in an unnamed temporary file (gone when
/// it is closed, whatever ends the process), with where each one starts.
struct Spool {
    file: BufWriter<File>,
    /// The start of each document, and the end of the last one.
    offsets: Vec<u64>,
}

impl Spool {
    fn new(dir: &Path) -> io::Result<Self> {
        Ok(Spool {
            file: BufWriter::new(tempfile::tempfile_in(dir)?),
            offsets: vec![0],
        })
    }

    /// Writes the next document (`first`: the first one).
    fn add(
        &mut self,
        write: impl FnOnce(&mut dyn Write, bool) -> io::Result<()>,
    ) -> io::Result<()> {
        let first = self.offsets.len() == 1;
        let mut counted = Counted {
            inner: &mut self.file,
            written: 0,
        };
        write(&mut counted, first)?;
        let written = counted.written;
        let last = self.offsets.last().copied().unwrap_or(0);
        self.offsets.push(last + written);
        Ok(())
    }

    /// The file, read from its start, and where each document starts.
    fn finish(self) -> io::Result<(File, Vec<u64>)> {
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        Ok((file, self.offsets))
    }
}

/// A writer that counts the bytes it passes on.
struct Counted<'a> {
    inner: &'a mut dyn Write,
    written: u64,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
