//! The IDs of the document being validated (duplicates and dangling IDREFs
//! are RELAX NG's ID checks), held compactly: an ID written verbatim in the
//! document is remembered as 32 bits of its hash and the place of its
//! attribute — 8 bytes, whatever its length — and read back from the
//! document only when its hash meets another's. A 1 GB edition has about
//! 800 000 IDs; held as strings they were most of the validator's memory.

use std::hash::{DefaultHasher, Hasher};

use rustc_hash::FxHashMap as HashMap;

use crate::model::Span;

/// The ID set of one document, whose text is `text`.
pub struct IdSet<'a> {
    text: &'a str,
    /// 32 bits of the value's hash → its attribute's start: 8 bytes an
    /// entry (the table is most of the validator's memory at 1 GB). The
    /// document is read back (a page of a released file paged in again)
    /// for a true duplicate, and for the one new ID in some thousands whose
    /// 32 bits an earlier one has (a 1 GB edition: a few dozen reads).
    compact: HashMap<u32, u32>,
    /// Values not written verbatim, and the rare ones whose 32 bits another
    /// value already has.
    exact: HashMap<String, Span>,
}

impl<'a> IdSet<'a> {
    pub fn new(text: &'a str) -> Self {
        IdSet {
            text,
            compact: HashMap::default(),
            exact: HashMap::default(),
        }
    }

    /// Records `value`, given by the attribute at `span`; if it was recorded
    /// before, returns the span of its first use instead.
    pub fn insert(&mut self, value: &str, span: Span) -> Option<Span> {
        if let Some(first) = self.find(value) {
            return Some(first);
        }
        let hash = hash(value);
        match u32::try_from(span.start) {
            Ok(start)
                if !self.compact.contains_key(&key(hash))
                    && attribute_value(self.text, span.start) == Some(value) =>
            {
                self.compact.insert(key(hash), start);
            }
            _ => {
                self.exact.insert(value.to_string(), span);
            }
        }
        None
    }

    pub fn contains(&self, value: &str) -> bool {
        self.find(value).is_some()
    }

    /// The span of the attribute that recorded `value`.
    fn find(&self, value: &str) -> Option<Span> {
        let hash = hash(value);
        if let Some(&start) = self.compact.get(&key(hash))
            && let Some(written) = attribute_value(self.text, start as usize)
            && written == value
        {
            let start = start as usize;
            // From the name to the closing quote, as the attribute's span.
            let end = written.as_ptr() as usize - self.text.as_ptr() as usize + written.len() + 1;
            return Some(Span::new(start, end));
        }
        self.exact.get(value).copied()
    }
}

/// The hash of an ID: SipHash (std's, fixed keys), uniform over every bit
/// whatever the IDs look like.
fn hash(value: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(value.as_bytes());
    hasher.finish()
}

fn key(hash: u64) -> u32 {
    hash as u32
}

/// The value of the attribute `name="value"` written from `start` on, as
/// written (a slice of `text`).
fn attribute_value(text: &str, start: usize) -> Option<&str> {
    let written = text.get(start..)?;
    let (_, quoted) = written.split_once('=')?;
    let quoted = quoted.trim_start();
    let quote = quoted.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let value = quoted.get(1..)?;
    value.find(quote).map(|end| &value[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inserts every `xml:id` of `text` in order: the first-use span (as
    /// text) of each duplicate.
    fn check(text: &str, expect: &[&str]) {
        let mut ids = IdSet::new(text);
        let mut duplicates = Vec::new();
        let mut from = 0;
        while let Some(at) = text[from..].find("xml:id=") {
            let start = from + at;
            let quote = &text[start + 7..start + 8];
            let close = text[start + 8..].find(quote).unwrap() + start + 9;
            let span = Span::new(start, close);
            let raw = &text[start + 8..close - 1];
            // Values are compared after the whitespace processing of ID.
            if let Some(first) = ids.insert(raw.trim(), span) {
                duplicates.push(&text[first.start..first.end]);
            }
            from = close;
        }
        assert_eq!(duplicates, expect, "{text}");
    }

    #[test]
    fn duplicates_name_their_first_use() {
        check(r#"<a xml:id="x"/><b xml:id="y"/>"#, &[]);
        check(
            r#"<a xml:id="x"/><b xml:id='x'/><c xml:id="x"/>"#,
            &[r#"xml:id="x""#, r#"xml:id="x""#],
        );
        // Not verbatim (spaces around it): held exactly, still a duplicate.
        check(r#"<a xml:id=" x "/><b xml:id="x"/>"#, &[r#"xml:id=" x ""#]);
        check(r#"<a xml:id="x"/><b xml:id=" x"/>"#, &[r#"xml:id="x""#]);
        check(r#"<a xml:id="xy"/><b xml:id="x"/><c xml:id="y"/>"#, &[]);
    }

    #[test]
    fn ids_like_an_edition_s_are_held_compactly() {
        // 300 000 IDs in the shapes teikit writes (`d12-n3`, `d12-p4`…):
        // only the rare 32-bit hash collisions may fall back to strings.
        let mut text = String::new();
        let mut spans = Vec::new();
        for d in 0..50_000 {
            for kind in ["n1", "n2", "p1", "p2", "head", "date"] {
                let start = text.len() + 3;
                text.push_str(&format!("<a xml:id=\"d{d}-{kind}\"/>"));
                spans.push((format!("d{d}-{kind}"), Span::new(start, text.len() - 2)));
            }
        }
        let mut ids = IdSet::new(&text);
        for (value, span) in &spans {
            assert_eq!(ids.insert(value, *span), None, "{value}");
        }
        assert!(ids.exact.len() < 100, "{} held as strings", ids.exact.len());
        assert_eq!(ids.insert("d7-p2", spans[0].1), Some(spans[7 * 6 + 3].1));
    }

    #[test]
    fn a_hash_collision_is_no_duplicate() {
        let text = r#"<a xml:id="one"/><b xml:id="two"/>"#;
        let (one, two) = (Span::new(3, 15), Span::new(20, 32));
        let mut ids = IdSet::new(text);
        assert_eq!(ids.insert("one", one), None);
        // Make "two" meet "one"'s entry, all 32 bits alike: the text tells
        // them apart.
        let start = ids.compact[&key(hash("one"))];
        ids.compact.insert(key(hash("two")), start);
        assert!(!ids.contains("three"));
        assert!(ids.contains("one"));
        assert_eq!(ids.insert("two", two), None);
        assert!(ids.contains("two"));
        assert_eq!(ids.insert("two", two), Some(two));
    }
}
