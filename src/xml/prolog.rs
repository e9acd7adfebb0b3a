//! The prolog of an XML document (declaration, comments, processing
//! instructions, document type), found without parsing the document: what
//! is asked of the prolog alone, such as whether an `xml-model` instruction
//! names a schema, need not search a file of megabytes.

/// The text before the root element's start tag (all of `text` if it has
/// none). Comments are skipped whole, so a `<` inside one does not end the
/// prolog; a processing instruction or a declaration (`<?`, `<!`) does not
/// end it either.
pub fn prolog(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let tag = at + lt;
        let rest = &bytes[tag + 1..];
        if rest.starts_with(b"!--") {
            match memchr::memmem::find(&rest[3..], b"-->") {
                Some(end) => at = tag + 1 + 3 + end + 3,
                None => return text,
            }
        } else {
            match rest.first() {
                Some(b'?' | b'!') => at = tag + 1,
                Some(_) => return &text[..tag],
                None => return text,
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::prolog;

    #[test]
    fn prolog_ends_at_the_root_start_tag() {
        for (text, expect) in [
            ("<TEI/>", ""),
            (
                "<?xml version=\"1.0\"?>\n<TEI>",
                "<?xml version=\"1.0\"?>\n",
            ),
            (
                "<?xml-model href=\"a.rng\"?><!-- <b> --><TEI><p>",
                "<?xml-model href=\"a.rng\"?><!-- <b> -->",
            ),
            (
                "<!DOCTYPE TEI [<!ENTITY a \"x\">]><TEI>",
                "<!DOCTYPE TEI [<!ENTITY a \"x\">]>",
            ),
            ("<!-- unclosed <TEI>", "<!-- unclosed <TEI>"),
            ("no markup", "no markup"),
            ("", ""),
            ("<!-- a --><!-- b --><r/>", "<!-- a --><!-- b -->"),
            ("<!---->x<r/>", "<!---->x"),
            ("<", "<"),
        ] {
            assert_eq!(prolog(text), expect, "{text:?}");
        }
    }
}
