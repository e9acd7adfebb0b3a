//! Phrase-level content: text, the compiler's marks, names, dates, notes, and
//! markup kept as it was read. Everything here is written on the current line.

use std::io;

use crate::model::{DateValue, Element, Inline, InlineKind, Note};

use super::Ctx;
use super::text::pointer;
use super::xml::{Out, Tag, is_xml_name};

/// Writes inline content in order.
pub(crate) fn write_inlines(out: &mut Out, ctx: &Ctx, content: &[Inline]) -> io::Result<()> {
    for inline in content {
        write_inline(out, ctx, inline)?;
    }
    Ok(())
}

/// `<tag>content</tag>` in place (`<tag/>` when there is no content).
pub(crate) fn inline_element(
    out: &mut Out,
    ctx: &Ctx,
    tag: Tag<'_>,
    content: &[Inline],
) -> io::Result<()> {
    if content.is_empty() {
        return out.empty(&tag);
    }
    out.start(&tag)?;
    write_inlines(out, ctx, content)?;
    out.end(tag.name())
}

/// A one-line element with inline content, on its own line.
pub(crate) fn inline_line(
    out: &mut Out,
    ctx: &Ctx,
    tag: Tag<'_>,
    content: &[Inline],
) -> io::Result<()> {
    out.newline()?;
    inline_element(out, ctx, tag, content)
}

/// The compiler's omission: `<gap reason="editorial" resp="#YB"/>`.
pub(crate) fn write_gap(out: &mut Out, ctx: &Ctx) -> io::Result<()> {
    out.empty(
        &Tag::new("gap")
            .attr("reason", "editorial")
            .opt("resp", ctx.resp()),
    )
}

fn write_inline(out: &mut Out, ctx: &Ctx, inline: &Inline) -> io::Result<()> {
    match &inline.kind {
        InlineKind::Text(text) => out.text(text),
        InlineKind::Gap => write_gap(out, ctx),
        InlineKind::Supplied(content) => inline_element(
            out,
            ctx,
            Tag::new("supplied").opt("resp", ctx.resp()),
            content,
        ),
        InlineKind::Hi { rend, content } => {
            inline_element(out, ctx, Tag::new("hi").attr("rend", rend), content)
        }
        InlineKind::Anchor { n, id } => {
            out.empty(&Tag::new("anchor").attr("n", n).attr("xml:id", id))
        }
        InlineKind::Note(note) => write_note(out, ctx, note),
        InlineKind::Choice { sic, corr } => write_choice(out, ctx, sic, corr),
        InlineKind::Expan { abbr, ex } => write_expan(out, ctx, abbr, ex),
        InlineKind::PersName { reference, content } => inline_element(
            out,
            ctx,
            Tag::new("persName").opt("ref", reference.as_deref().and_then(pointer)),
            content,
        ),
        InlineKind::RoleName(content) => inline_element(out, ctx, Tag::new("roleName"), content),
        InlineKind::PlaceName(text) => {
            out.text_element(Tag::new("placeName").opt("ref", ctx.authority(text)), text)
        }
        InlineKind::Date(date) => write_date(out, date),
        InlineKind::Idno { kind, text } => {
            out.text_element(Tag::new("idno").attr("type", kind), text)
        }
        InlineKind::Signed(content) => inline_element(out, ctx, Tag::new("signed"), content),
        InlineKind::Lb => out.empty(&Tag::new("lb")),
        InlineKind::PageBreak(n) => out.empty(&Tag::new("pb").attr("n", n)),
        InlineKind::Title(text) => out.text_element(Tag::new("title"), text),
        InlineKind::PubPlace(text) => out.text_element(Tag::new("pubPlace"), text),
        InlineKind::BiblScope {
            unit,
            from,
            to,
            text,
        } => out.text_element(
            Tag::new("biblScope")
                .attr("unit", unit)
                .attr("from", from)
                .attr("to", to),
            text,
        ),
        InlineKind::Element(element) => write_element(out, ctx, element),
    }
}

/// A misspelling and its correction:
/// `<choice><sic>begins</sic><corr resp="#YB">requires</corr></choice>`.
fn write_choice(out: &mut Out, ctx: &Ctx, sic: &str, corr: &str) -> io::Result<()> {
    out.start(&Tag::new("choice"))?;
    out.text_element(Tag::new("sic"), sic)?;
    out.text_element(Tag::new("corr").opt("resp", ctx.resp()), corr)?;
    out.end("choice")
}

/// An abbreviation and its expansion: `<expan>L<ex resp="#YB">egran</ex></expan>`.
fn write_expan(out: &mut Out, ctx: &Ctx, abbr: &str, ex: &str) -> io::Result<()> {
    out.start(&Tag::new("expan"))?;
    out.text(abbr)?;
    out.text_element(Tag::new("ex").opt("resp", ctx.resp()), ex)?;
    out.end("expan")
}

/// `<date when notBefore notAfter>text</date>`.
pub(crate) fn write_date(out: &mut Out, date: &DateValue) -> io::Result<()> {
    out.text_element(
        Tag::new("date")
            .opt("when", date.when.as_deref())
            .opt("notBefore", date.not_before.as_deref())
            .opt("notAfter", date.not_after.as_deref()),
        &date.text,
    )
}

/// The tag of a note: footnote, emphasis note or gloss.
pub(crate) fn note_tag<'a>(ctx: &'a Ctx, note: &'a Note) -> Tag<'a> {
    let rend = note.rend.join(" ");
    let target = note
        .target
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(" ");
    Tag::new("note")
        .attr("type", note.kind.as_str())
        .opt("n", note.n.as_deref())
        .opt("xml:id", note.id.as_deref())
        .opt("place", note.place.map(|p| p.as_str()))
        .opt("resp", ctx.resp().filter(|_| note.by_editor))
        .attr("rend", rend)
        .attr("target", target)
}

/// A note in place.
pub(crate) fn write_note(out: &mut Out, ctx: &Ctx, note: &Note) -> io::Result<()> {
    inline_element(out, ctx, note_tag(ctx, note), &note.content)
}

/// Markup teikit has no model for, written back as it was read. A name that
/// cannot be an XML name cannot be written as markup: its content stays, as text.
pub(crate) fn write_element(out: &mut Out, ctx: &Ctx, element: &Element) -> io::Result<()> {
    if !is_xml_name(&element.name) {
        return write_inlines(out, ctx, &element.content);
    }
    inline_element(
        out,
        ctx,
        Tag::as_is(&element.name, &element.attributes),
        &element.content,
    )
}
