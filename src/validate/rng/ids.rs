//! The IDs of the document being validated (duplicates and dangling IDREFs
//! are RELAX NG's ID checks), held compactly: an ID written verbatim in the
//! document is remembered as a hash and the place of its attribute — 16
//! bytes, whatever its length — and read back from the document when its
//! hash meets another's. A 1 GB edition has about a million IDs; held as
//! strings they were most of the validator's memory.

use std::hash::Hasher;

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use crate::model::Span;

/// The ID set of one document, whose text is `text`.
pub struct IdSet<'a> {
    text: &'a str,
    /// Hash of the value → its attribute's span, packed (start, length).
    compact: HashMap<u64, u64>,
    /// Values not written verbatim, and the rare ones whose hash another
    /// value already has.
    exact: HashMap<String, Span>,
}

/// Bits of a packed span given to its length (the rest to its start).
const LENGTH_BITS: u32 = 24;

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
        match pack(span) {
            Some(packed) if attribute_value(self.text, span) == Some(value) => {
                let hash = hash(value);
                if self.compact.contains_key(&hash) {
                    self.exact.insert(value.to_string(), span);
                } else {
                    self.compact.insert(hash, packed);
                }
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
        if let Some(&packed) = self.compact.get(&hash(value)) {
            let span = unpack(packed);
            if attribute_value(self.text, span) == Some(value) {
                return Some(span);
            }
        }
        self.exact.get(value).copied()
    }
}

fn hash(value: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(value.as_bytes());
    hasher.finish()
}

fn pack(span: Span) -> Option<u64> {
    let start = u64::try_from(span.start).ok()?;
    let length = u64::try_from(span.end.checked_sub(span.start)?).ok()?;
    (start < 1 << (64 - LENGTH_BITS) && length < 1 << LENGTH_BITS)
        .then_some(start << LENGTH_BITS | length)
}

fn unpack(packed: u64) -> Span {
    let start = (packed >> LENGTH_BITS) as usize;
    Span::new(start, start + (packed & ((1 << LENGTH_BITS) - 1)) as usize)
}

/// The value of the attribute `name="value"` written at `span`, as written.
fn attribute_value(text: &str, span: Span) -> Option<&str> {
    let written = text.get(span.start..span.end)?;
    let (_, quoted) = written.split_once('=')?;
    let quoted = quoted.trim_start();
    let quote = quoted.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    quoted.get(1..)?.strip_suffix(quote)
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
    fn a_hash_collision_is_no_duplicate() {
        let text = r#"<a xml:id="one"/><b xml:id="two"/>"#;
        let mut ids = IdSet::new(text);
        assert_eq!(ids.insert("one", Span::new(3, 15)), None);
        // Force "two" to meet "one"'s slot: it is compared, not trusted.
        let packed = *ids.compact.values().next().unwrap();
        ids.compact.insert(hash("two"), packed);
        assert!(!ids.contains("three"));
        assert!(ids.contains("one"));
        assert_eq!(ids.insert("two", Span::new(20, 32)), None);
        assert!(ids.contains("two"));
        assert_eq!(
            ids.insert("two", Span::new(20, 32)),
            Some(Span::new(20, 32))
        );
    }
}
