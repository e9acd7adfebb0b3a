//! The body of the edition: one `div type="document"` per document, its
//! children in the order of docs/encoding.md §2.2 (notes on the table) and §7.3.

use std::io;

use crate::model::{
    Block, BlockKind, CitedRange, Document, DocumentKind, Layout, ListItem, OpenerItem,
    ParsedWitness, Publication, Witness, WitnessKind, Witnesses,
};

use super::Ctx;
use super::inline::{inline_element, inline_line, write_element, write_gap, write_note};
use super::xml::{Out, Tag};

/// `div type="document"`: heads, opener, blocks, witnesses, publications,
/// closers, div-level notes.
pub(crate) fn write_document(out: &mut Out, ctx: &Ctx, document: &Document) -> io::Result<()> {
    let tag = Tag::new("div")
        .attr("type", "document")
        .flag(
            "subtype",
            "fragment",
            document.kind == DocumentKind::Fragment,
        )
        .opt("n", document.n.as_deref())
        .attr("xml:id", &document.id)
        .opt("cert", document.cert.map(|c| c.as_str()))
        .flag("rend", "blocks", document.layout == Layout::Blocks);
    out.open(tag)?;
    for head in &document.heads {
        let tag = Tag::new("head").flag("type", "sub", head.sub);
        inline_line(out, ctx, tag, &head.content)?;
    }
    if let Some(opener) = &document.opener {
        out.newline()?;
        if opener.items.is_empty() {
            out.empty(&Tag::new("opener"))?;
        } else {
            out.start(&Tag::new("opener"))?;
            for item in &opener.items {
                write_opener_item(out, ctx, item)?;
            }
            out.end("opener")?;
        }
    }
    for block in &document.blocks {
        write_block(out, ctx, block)?;
    }
    if let Some(witnesses) = &document.witnesses {
        write_witnesses(out, ctx, witnesses)?;
    }
    write_publications(out, ctx, &document.publications)?;
    for closer in &document.closers {
        inline_line(out, ctx, Tag::new("closer"), &closer.content)?;
    }
    for note in &document.notes {
        out.newline()?;
        write_note(out, ctx, note)?;
    }
    out.close("div")
}

fn write_opener_item(out: &mut Out, ctx: &Ctx, item: &OpenerItem) -> io::Result<()> {
    match item {
        OpenerItem::Marking(marking) => {
            let subtype = match marking.place {
                crate::model::MarkingPlace::Title => "title",
                crate::model::MarkingPlace::Body => "body",
            };
            out.text_element(
                Tag::new("note")
                    .attr("type", "marking")
                    .attr("subtype", subtype),
                &marking.text,
            )
        }
        OpenerItem::Dateline { content, .. } => {
            inline_element(out, ctx, Tag::new("dateline"), content)
        }
    }
}

pub(crate) fn write_block(out: &mut Out, ctx: &Ctx, block: &Block) -> io::Result<()> {
    match &block.kind {
        BlockKind::Paragraph(content) => inline_line(out, ctx, Tag::new("p"), content),
        BlockKind::List { rend, items } => write_list(out, ctx, rend.as_deref(), items),
        BlockKind::Speech {
            who,
            run_in,
            speaker,
            content,
        } => {
            let tag = Tag::new("sp")
                .opt("who", pointer(who))
                .flag("rend", "run-in", *run_in);
            out.open(tag)?;
            inline_line(out, ctx, Tag::new("speaker"), speaker)?;
            inline_line(out, ctx, Tag::new("p"), content)?;
            out.close("sp")
        }
        BlockKind::Gap => {
            out.newline()?;
            write_gap(out, ctx)
        }
        BlockKind::Other(element) => {
            out.newline()?;
            write_element(out, ctx, element)
        }
    }
}

/// `<list rend>`: each item on its own line, its printed label before it.
fn write_list(out: &mut Out, ctx: &Ctx, rend: Option<&str>, items: &[ListItem]) -> io::Result<()> {
    out.open(Tag::new("list").opt("rend", rend))?;
    for item in items {
        if let Some(label) = &item.label {
            out.text_line(Tag::new("label"), label)?;
        }
        inline_line(out, ctx, Tag::new("item"), &item.content)?;
    }
    out.close("list")
}

/// `listBibl type="witnesses"`; a list with no witness is not written (a
/// `listBibl` must hold one).
fn write_witnesses(out: &mut Out, ctx: &Ctx, witnesses: &Witnesses) -> io::Result<()> {
    if witnesses.items.is_empty() {
        return Ok(());
    }
    let tag = Tag::new("listBibl").attr("type", "witnesses").flag(
        "rend",
        "parenthesized",
        witnesses.parenthesized,
    );
    out.open(tag)?;
    for witness in &witnesses.items {
        write_witness(out, ctx, witness)?;
    }
    out.close("listBibl")
}

fn write_witness(out: &mut Out, ctx: &Ctx, witness: &Witness) -> io::Result<()> {
    match &witness.kind {
        WitnessKind::Unparsed(text) => out.text_line(
            Tag::new("bibl")
                .attr("type", "witness")
                .attr("subtype", "unparsed"),
            text,
        ),
        WitnessKind::Parsed(parsed) => {
            out.open(
                Tag::new("bibl")
                    .attr("type", "witness")
                    .attr("ana", ana(&parsed.categories)),
            )?;
            write_ms_identifier(out, parsed)?;
            let range = &parsed.range;
            // Every range the source reader parses has a unit: an empty one
            // is a witness read from TEI that cites no range.
            if *range != CitedRange::default() {
                out.text_line(
                    Tag::new("citedRange")
                        .attr("unit", &range.unit)
                        .attr("from", &range.from)
                        .attr("to", &range.to),
                    &range.text,
                )?;
            }
            if let Some(certification) = &parsed.certification {
                let tag = Tag::new("note").attr("type", "certification");
                inline_line(out, ctx, tag, certification)?;
            }
            out.close("bibl")
        }
    }
}

/// `#id`, or nothing for an empty id (an attribute pointing nowhere is left out).
pub(crate) fn pointer(id: &str) -> Option<String> {
    (!id.is_empty()).then(|| format!("#{id}"))
}

/// `@ana`: the category ids as pointers.
pub(crate) fn ana(categories: &[String]) -> String {
    categories
        .iter()
        .map(|id| format!("#{id}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `msIdentifier`: the repository (always first), then fond, opis, papka, delo.
pub(crate) fn write_ms_identifier(out: &mut Out, witness: &ParsedWitness) -> io::Result<()> {
    out.open(Tag::new("msIdentifier"))?;
    let reference = pointer(&witness.repository_ref);

    out.text_line(
        Tag::new("repository")
            .opt("ref", reference)
            .flag("rend", "inherited", witness.inherited),
        &witness.repository,
    )?;
    for part in &witness.shelfmark {
        out.text_line(
            Tag::new("idno")
                .attr("type", part.kind.as_str())
                .opt("rend", part.label.as_deref()),
            &part.value,
        )?;
    }
    out.close("msIdentifier")
}

/// `listBibl type="publications"`, after the witnesses.
fn write_publications(out: &mut Out, ctx: &Ctx, publications: &[Publication]) -> io::Result<()> {
    if publications.is_empty() {
        return Ok(());
    }
    out.open(Tag::new("listBibl").attr("type", "publications"))?;
    for publication in publications {
        let tag = Tag::new("bibl").attr("type", "publication");
        inline_line(out, ctx, tag, &publication.content)?;
    }
    out.close("listBibl")
}
