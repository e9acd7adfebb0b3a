//! The IDs of the document being validated (duplicates and dangling IDREFs
//! are RELAX NG's ID checks), held compactly: an ID written verbatim in the
//! document is remembered as 56 bits of its hash and the place of its
//! attribute — 12 bytes, whatever its length — and read back from the
//! document only when its hash meets another's. A 1 GB edition has about
//! 800 000 IDs; held as strings they were most of the validator's memory.

use std::hash::{DefaultHasher, Hasher};

use rustc_hash::FxHashMap as HashMap;

use crate::model::Span;

/// The ID set of one document, whose text is `text`.
pub struct IdSet<'a> {
    text: &'a str,
    /// 32 bits of the value's hash → its attribute's start and, packed, its
    /// length (8 bits) and 24 more bits of the hash: 12 bytes an entry, and
    /// 56 bits of hash, so the document is read back only for a true
    /// duplicate (a page of a released file paged in again brings back the
    /// whole folio around it, and it stays). Grown by [`Self::grow`].
    compact: HashMap<u32, [u32; 2]>,
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
        match entry(span, hash) {
            Some(entry)
                if !self.compact.contains_key(&key(hash))
                    && attribute_value(self.text, span) == Some(value) =>
            {
                self.grow(span.start);
                self.compact.insert(key(hash), entry);
            }
            _ => {
                self.exact.insert(value.to_string(), span);
            }
        }
        None
    }

    /// Makes room for one more entry, the ID at `position` of the text. A
    /// table that grows holds its old and its new buckets at once (a
    /// 1 GB edition's table doubling to 14 MB held 21 MB), so a full table
    /// grows to what the rest of the document will need at the rate of the
    /// part read, by 2× at least and 8× at most: its last growth comes
    /// early, when the old table is small.
    fn grow(&mut self, position: usize) {
        let len = self.compact.len();
        if len < self.compact.capacity() {
            return;
        }
        let rate = self.text.len() as f64 / position.max(1) as f64;
        let projected = (len as f64 * rate * 1.125) as usize;
        let wanted = projected.clamp(2 * len, 8 * len).max(16);
        self.compact.reserve(wanted - len);
    }

    pub fn contains(&self, value: &str) -> bool {
        self.find(value).is_some()
    }

    /// The span of the attribute that recorded `value`.
    fn find(&self, value: &str) -> Option<Span> {
        let hash = hash(value);
        if let Some(&[start, tail]) = self.compact.get(&key(hash))
            && tail >> 8 == rest(hash)
        {
            let start = start as usize;
            let span = Span::new(start, start + (tail & 0xFF) as usize);
            if attribute_value(self.text, span) == Some(value) {
                return Some(span);
            }
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

/// The 24 bits of the hash kept beside the span.
fn rest(hash: u64) -> u32 {
    (hash >> 32) as u32 & 0x00FF_FFFF
}

/// The entry of an attribute at `span`, if its start fits 32 bits and its
/// length 8 (IDs beyond 4 GB into a file, or of over 240 characters, are
/// held as strings).
fn entry(span: Span, hash: u64) -> Option<[u32; 2]> {
    let start = u32::try_from(span.start).ok()?;
    let length = u8::try_from(span.end.checked_sub(span.start)?).ok()?;
    Some([start, u32::from(length) | rest(hash) << 8])
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
    fn the_table_grows_early_to_what_the_document_needs() {
        // IDs spread evenly over a text: by the half of it the table has
        // room for all, without eight times too much.
        let text: String = (0..100_000)
            .map(|i| format!("<a xml:id=\"i{i}\">some text between</a>"))
            .collect();
        let spans: Vec<(String, Span)> = text
            .match_indices("xml:id=")
            .enumerate()
            .map(|(i, (at, _))| {
                let value = format!("i{i}");
                let end = at + "xml:id=\"\"".len() + value.len();
                (value, Span::new(at, end))
            })
            .collect();
        let mut ids = IdSet::new(&text);
        let mut at_half = 0;
        for (i, (value, span)) in spans.iter().enumerate() {
            assert_eq!(ids.insert(value, *span), None);
            if i == spans.len() / 2 {
                at_half = ids.compact.capacity();
            }
        }
        let capacity = ids.compact.capacity();
        assert_eq!(at_half, capacity, "no growth in the second half");
        assert!(capacity < 4 * spans.len(), "{capacity}");
        assert!(ids.contains("i99999") && !ids.contains("i100000"));
    }

    #[test]
    fn a_hash_collision_is_no_duplicate() {
        let text = r#"<a xml:id="one"/><b xml:id="two"/>"#;
        let (one, two) = (Span::new(3, 15), Span::new(20, 32));
        let mut ids = IdSet::new(text);
        assert_eq!(ids.insert("one", one), None);
        // Make "two" meet "one"'s entry, all 56 bits alike: the text tells
        // them apart.
        let [start, _] = ids.compact[&key(hash("one"))];
        let [_, tail] = entry(one, hash("two")).unwrap();
        ids.compact.insert(key(hash("two")), [start, tail]);
        assert!(!ids.contains("three"));
        assert!(ids.contains("one"));
        assert_eq!(ids.insert("two", two), None);
        assert!(ids.contains("two"));
        assert_eq!(ids.insert("two", two), Some(two));
    }
}
