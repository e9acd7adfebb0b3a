//! What the schema allows at a point of the document, for messages: the
//! elements, text and end tag the derivative allows, the attributes a start
//! tag may still take or must have, an attribute's values and datatypes,
//! and the ID type of an attribute (RELAX NG's ID checks). Read from the
//! [`Engine`]'s patterns; none of it is on the path of a valid document.

use rustc_hash::FxHashSet as HashSet;

use super::derive::{Engine, NameId};
use super::pattern::{NOT_ALLOWED, NameClass, Pat, PatId};

impl Engine {
    /// The content part of `p` (the first halves of its `After`s): what the
    /// current element may still contain.
    fn content_of(&mut self, p: PatId) -> Vec<PatId> {
        let mut out = Vec::new();
        let mut stack = vec![p];
        while let Some(q) = stack.pop() {
            match self.store.get(q) {
                Pat::Choice(a, b) => {
                    stack.push(a);
                    stack.push(b);
                }
                Pat::After(a, _) => out.push(a),
                _ => out.push(q),
            }
        }
        out
    }

    /// What may come next at `p`: element names, whether text may, whether
    /// the end tag may; names as (namespace, local), sorted.
    pub fn expected(&mut self, p: PatId) -> Expected {
        let mut expected = Expected::default();
        let mut seen = HashSet::default();
        let mut stack = self.content_of(p);
        expected.end_tag = self.end_tag(p) != NOT_ALLOWED;
        while let Some(q) = stack.pop() {
            if !seen.insert(q) {
                continue;
            }
            match self.store.get(q) {
                Pat::Choice(a, b) | Pat::Interleave(a, b) => {
                    stack.push(a);
                    stack.push(b);
                }
                Pat::Group(a, b) => {
                    stack.push(a);
                    if self.store.nullable(a) {
                        stack.push(b);
                    }
                }
                Pat::OneOrMore(a) => stack.push(a),
                Pat::Element(nc, _) => {
                    let nc = &self.store.name_classes[nc as usize];
                    if matches!(nc, NameClass::AnyName(_) | NameClass::NsName(..)) {
                        expected.any_element = true;
                    }
                    nc.names(&mut expected.elements);
                }
                Pat::Text | Pat::Data(..) | Pat::Value(_) | Pat::List(_) => expected.text = true,
                _ => {}
            }
        }
        expected.elements.sort();
        expected.elements.dedup();
        expected
    }

    /// Whether any element pattern of the schema accepts `name`.
    pub fn names_element(&self, name: NameId) -> bool {
        (0..self.store.len()).any(|i| match self.store.get(i as PatId) {
            Pat::Element(nc, _) => self.contains(nc, name),
            _ => false,
        })
    }

    /// Attributes `p` still requires (when the start tag closes too early).
    pub fn required_attributes(&self, p: PatId) -> Vec<(String, String)> {
        let mut out = self.required(p);
        out.sort();
        out.dedup();
        out
    }

    fn required(&self, p: PatId) -> Vec<(String, String)> {
        match self.store.get(p) {
            Pat::Choice(a, b) => {
                let ra = self.required(a);
                let rb = self.required(b);
                ra.into_iter().filter(|n| rb.contains(n)).collect()
            }
            Pat::Group(a, b) | Pat::Interleave(a, b) => {
                let mut out = self.required(a);
                out.extend(self.required(b));
                out
            }
            Pat::OneOrMore(a) | Pat::After(a, _) => self.required(a),
            Pat::Attribute(nc, _) => {
                let mut out = Vec::new();
                self.store.name_classes[nc as usize].names(&mut out);
                out
            }
            _ => Vec::new(),
        }
    }

    /// The attribute names `p` allows at the top (for messages).
    pub fn allowed_attributes(&self, p: PatId) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.store.walk_top(p, |_, pat| {
            if let Pat::Attribute(nc, _) = pat {
                self.store.name_classes[nc as usize].names(&mut out);
            }
            false
        });
        out.sort();
        out.dedup();
        out
    }

    /// The values an attribute pattern enumerates, and its datatypes.
    pub fn attribute_values(&self, leaf: PatId) -> (Vec<String>, Vec<String>) {
        let mut values = Vec::new();
        let mut types = Vec::new();
        let Pat::Attribute(_, content) = self.store.get(leaf) else {
            return (values, types);
        };
        let mut stack = vec![content];
        while let Some(q) = stack.pop() {
            match self.store.get(q) {
                Pat::Choice(a, b) | Pat::Group(a, b) | Pat::Interleave(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Pat::OneOrMore(a) | Pat::List(a) => stack.push(a),
                Pat::Value(v) => values.push(self.store.values[v as usize].value.clone()),
                Pat::Data(dt, _) => {
                    types.push(self.store.datatypes[dt as usize].name().to_string())
                }
                _ => {}
            }
        }
        values.dedup();
        types.sort();
        types.dedup();
        (values, types)
    }

    /// The XSD type of an attribute pattern's content when it is ID,
    /// IDREF or IDREFS (jing's ID/IDREF checks).
    pub fn id_type(&self, leaf: PatId) -> Option<IdType> {
        let Pat::Attribute(_, content) = self.store.get(leaf) else {
            return None;
        };
        let Pat::Data(dt, _) = self.store.get(content) else {
            return None;
        };
        match self.store.datatypes[dt as usize].name() {
            "ID" => Some(IdType::Id),
            "IDREF" => Some(IdType::IdRef),
            "IDREFS" => Some(IdType::IdRefs),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    Id,
    IdRef,
    IdRefs,
}

/// What the schema allows at a point of the document.
#[derive(Debug, Default, Clone)]
pub struct Expected {
    pub elements: Vec<(String, String)>,
    pub any_element: bool,
    pub text: bool,
    pub end_tag: bool,
}
