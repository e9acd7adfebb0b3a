//! BibTeX entries of citations, written field by field into one string:
//! each value is escaped piece by piece as it is written, not joined first.

use super::Citation;
use crate::export::scan;

/// These citations as BibTeX entries, written into one string.
pub fn bibtex(citations: &[Citation]) -> String {
    let mut out = String::with_capacity(512 * citations.len());
    for c in citations {
        push_bibtex_entry(c, &mut out);
    }
    out
}

/// Appends the `@misc` entry of `c` to `out`: one `  name = {value},` line
/// per field, the value given in pieces that are escaped one after the
/// other (escaping goes character by character, so the pieces need not be
/// joined first).
fn push_bibtex_entry(c: &Citation, out: &mut String) {
    out.push_str("@misc{");
    out.push_str(&c.key);
    out.push_str(",\n");
    // `opening` is the line up to the value: `  name = {`.
    let mut field = |opening: &str, pieces: &[&str]| {
        out.push_str(opening);
        for piece in pieces {
            push_bibtex_escaped(piece, out);
        }
        out.push_str("},\n");
    };
    field("  title = {", &c.title_pieces());
    if let Some(n) = &c.number {
        field("  number = {", &[n]);
    }
    if let Some(first) = c.date_parts.first() {
        match c.date_parts.get(1) {
            Some(last) => field("  date = {", &[first, "/", last]),
            None => field("  date = {", &[first]),
        }
        // The first four characters: the year of an ISO date.
        let year_end = first
            .char_indices()
            .nth(4)
            .map_or(first.len(), |(at, _)| at);
        field("  year = {", &[&first[..year_end]]);
    }
    match &c.editor {
        Some(e) => field("  howpublished = {", &["In: ", &c.edition, ", ed. by ", e]),
        None => field("  howpublished = {", &["In: ", &c.edition]),
    }
    field("  booktitle = {", &[&c.edition]);
    let optional = [
        ("  editor = {", &c.editor),
        ("  publisher = {", &c.publisher),
        ("  note = {", &c.shelfmark),
        ("  langid = {", &c.language),
        ("  url = {", &c.url),
    ];
    for (opening, value) in optional {
        if let Some(value) = value {
            field(opening, &[value]);
        }
    }
    out.push_str("}\n");
}

/// Appends `s` to `out` with the characters TeX treats specially escaped,
/// so a value stays one balanced group.
pub(super) fn push_bibtex_escaped(s: &str, out: &mut String) {
    scan::push_escaped(s, out, is_bibtex_special, |byte| match byte {
        b'\\' => "\\textbackslash{}",
        b'{' => "\\{",
        b'}' => "\\}",
        b'%' => "\\%",
        b'&' => "\\&",
        b'$' => "\\$",
        b'#' => "\\#",
        b'_' => "\\_",
        b'^' => "\\^{}",
        b'~' => "\\~{}",
        // `\n`, `\r`: a line break is a space.
        _ => " ",
    });
}

/// Whether TeX treats the byte `b` specially in a value: `\ { } % & $ # _
/// ^ ~`, or it breaks the line.
#[inline(always)]
fn is_bibtex_special(b: u8) -> bool {
    (b == b'\\')
        | (b == b'{')
        | (b == b'}')
        | (b == b'%')
        | (b == b'&')
        | (b == b'$')
        | (b == b'#')
        | (b == b'_')
        | (b == b'^')
        | (b == b'~')
        | (b == b'\n')
        | (b == b'\r')
}
