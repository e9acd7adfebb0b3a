//! Simplified RELAX NG patterns, hash-consed: every distinct pattern exists
//! once in a [`Store`] and is named by a [`PatId`], so a derivative can be
//! memoised by id and equal patterns are equal ids. Name classes, datatypes
//! and values live in side tables the patterns index.

use rustc_hash::FxHashMap as HashMap;

use super::super::xsd::{NsContext, XsdType};

pub type PatId = u32;
pub type NcId = u32;
pub type ElemId = u32;
pub type DtId = u32;
pub type ValId = u32;

pub const EMPTY: PatId = 0;
pub const NOT_ALLOWED: PatId = 1;
pub const TEXT: PatId = 2;

/// One simplified pattern (RELAX NG §4.20) plus `After`, the derivative
/// algorithm's continuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pat {
    Empty,
    NotAllowed,
    Text,
    Choice(PatId, PatId),
    Interleave(PatId, PatId),
    Group(PatId, PatId),
    OneOrMore(PatId),
    After(PatId, PatId),
    /// An element: its name class and its content (in `Store::elements`,
    /// filled once the content is compiled, so content may refer back).
    Element(NcId, ElemId),
    Attribute(NcId, PatId),
    Data(DtId, Option<PatId>),
    Value(ValId),
    List(PatId),
}

/// A name class.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NameClass {
    AnyName(Option<Box<NameClass>>),
    NsName(String, Option<Box<NameClass>>),
    Name(String, String),
    Choice(Box<NameClass>, Box<NameClass>),
}

impl NameClass {
    pub fn contains(&self, ns: &str, local: &str) -> bool {
        match self {
            NameClass::AnyName(except) => except.as_ref().is_none_or(|e| !e.contains(ns, local)),
            NameClass::NsName(uri, except) => {
                uri == ns && except.as_ref().is_none_or(|e| !e.contains(ns, local))
            }
            NameClass::Name(uri, name) => uri == ns && name == local,
            NameClass::Choice(a, b) => a.contains(ns, local) || b.contains(ns, local),
        }
    }

    /// The names this class lists explicitly (for messages).
    pub fn names(&self, out: &mut Vec<(String, String)>) {
        match self {
            NameClass::Name(ns, local) => out.push((ns.clone(), local.clone())),
            NameClass::Choice(a, b) => {
                a.names(out);
                b.names(out);
            }
            NameClass::AnyName(_) | NameClass::NsName(..) => {}
        }
    }
}

/// A datatype: the builtin library's `string`/`token`, or a compiled XSD type.
#[derive(Debug, Clone)]
pub enum Datatype {
    BuiltinString,
    BuiltinToken,
    Xsd(XsdType),
}

impl Datatype {
    pub fn allows(&self, value: &str, context: &dyn NsContext) -> bool {
        match self {
            Datatype::BuiltinString | Datatype::BuiltinToken => true,
            Datatype::Xsd(t) => t.allows(value, context),
        }
    }

    pub fn equal(
        &self,
        expected: &str,
        expected_context: &dyn NsContext,
        actual: &str,
        actual_context: &dyn NsContext,
    ) -> bool {
        match self {
            Datatype::BuiltinString => expected == actual,
            Datatype::BuiltinToken => {
                expected == actual
                    || ((expected.contains(char::is_whitespace)
                        || actual.contains(char::is_whitespace))
                        && expected.split_whitespace().eq(actual.split_whitespace()))
            }
            Datatype::Xsd(t) => t.equal(expected, expected_context, actual, actual_context),
        }
    }

    /// The XSD type name, if any (ID checks, messages).
    pub fn name(&self) -> &str {
        match self {
            Datatype::BuiltinString => "string",
            Datatype::BuiltinToken => "token",
            Datatype::Xsd(t) => &t.name,
        }
    }
}

/// A `value` pattern: its type, its text and the schema's namespace bindings.
#[derive(Debug, Clone)]
pub struct ValueDef {
    pub datatype: DtId,
    pub value: String,
    pub bindings: Vec<(String, String)>,
}

impl NsContext for ValueDef {
    fn resolve(&self, prefix: &str) -> Option<String> {
        if prefix == "xml" {
            return Some(crate::xml::XML_NS.to_string());
        }
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.clone())
            .or_else(|| prefix.is_empty().then(String::new))
    }
}

/// Facts about a pattern computed once, when it is interned.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub nullable: bool,
    /// A text derivative depends on the text (data, value or list at the top).
    pub reads_text: bool,
}

/// The interner: patterns, their facts, and the side tables.
#[derive(Debug, Clone)]
pub struct Store {
    pats: Vec<Pat>,
    facts: Vec<Facts>,
    ids: HashMap<Pat, PatId>,
    pub name_classes: Vec<NameClass>,
    name_class_ids: HashMap<NameClass, NcId>,
    pub elements: Vec<PatId>,
    pub datatypes: Vec<Datatype>,
    pub values: Vec<ValueDef>,
}

impl Default for Store {
    fn default() -> Self {
        let mut store = Store {
            pats: Vec::new(),
            facts: Vec::new(),
            ids: HashMap::default(),
            name_classes: Vec::new(),
            name_class_ids: HashMap::default(),
            elements: Vec::new(),
            datatypes: Vec::new(),
            values: Vec::new(),
        };
        store.intern(Pat::Empty);
        store.intern(Pat::NotAllowed);
        store.intern(Pat::Text);
        store
    }
}

impl Store {
    /// Makes room for `patterns` more patterns (reading a compiled schema
    /// back interns them all; growing the table as it goes cost more than
    /// the interning itself).
    pub fn reserve(&mut self, patterns: usize) {
        self.pats.reserve(patterns);
        self.facts.reserve(patterns);
        self.ids.reserve(patterns);
    }

    pub fn get(&self, id: PatId) -> Pat {
        self.pats[id as usize]
    }

    /// Visits each pattern at the top of `p` once, in one order: through
    /// choices, groups, interleaves, `oneOrMore` and the left of `After`,
    /// never into an attribute's or element's content. Every question about
    /// "what may come here" (the attributes an element allows, whether text
    /// may, which attribute patterns a name matches) is this walk with its
    /// own visit; the visit returns `true` to stop.
    pub fn walk_top(&self, p: PatId, mut visit: impl FnMut(PatId, Pat) -> bool) {
        let mut stack = vec![p];
        let mut seen = rustc_hash::FxHashSet::default();
        while let Some(q) = stack.pop() {
            if !seen.insert(q) {
                continue;
            }
            match self.get(q) {
                Pat::Choice(x, y) | Pat::Group(x, y) | Pat::Interleave(x, y) => {
                    stack.push(x);
                    stack.push(y);
                }
                Pat::OneOrMore(x) | Pat::After(x, _) => stack.push(x),
                other => {
                    if visit(q, other) {
                        return;
                    }
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.pats.len()
    }

    /// Every pattern, in id order (children before their parents).
    pub fn patterns(&self) -> &[Pat] {
        &self.pats
    }

    pub fn is_empty(&self) -> bool {
        self.pats.is_empty()
    }

    pub fn nullable(&self, id: PatId) -> bool {
        self.facts[id as usize].nullable
    }

    pub fn reads_text(&self, id: PatId) -> bool {
        self.facts[id as usize].reads_text
    }

    pub fn element_content(&self, element: ElemId) -> PatId {
        self.elements[element as usize]
    }

    pub fn intern(&mut self, pat: Pat) -> PatId {
        if let Some(&id) = self.ids.get(&pat) {
            return id;
        }
        let fact = |id: PatId| self.facts[id as usize];
        let facts = match pat {
            Pat::Empty => Facts {
                nullable: true,
                reads_text: false,
            },
            Pat::Text => Facts {
                nullable: true,
                reads_text: false,
            },
            Pat::NotAllowed | Pat::Element(..) | Pat::Attribute(..) => Facts {
                nullable: false,
                reads_text: false,
            },
            Pat::Data(..) | Pat::Value(_) | Pat::List(_) => Facts {
                nullable: false,
                reads_text: true,
            },
            Pat::Choice(a, b) => Facts {
                nullable: fact(a).nullable || fact(b).nullable,
                reads_text: fact(a).reads_text || fact(b).reads_text,
            },
            Pat::Group(a, b) | Pat::Interleave(a, b) => Facts {
                nullable: fact(a).nullable && fact(b).nullable,
                reads_text: fact(a).reads_text || fact(b).reads_text,
            },
            Pat::After(a, _) => Facts {
                nullable: false,
                reads_text: fact(a).reads_text,
            },
            Pat::OneOrMore(a) => fact(a),
        };
        let id = PatId::try_from(self.pats.len()).unwrap_or(PatId::MAX);
        self.pats.push(pat);
        self.facts.push(facts);
        self.ids.insert(pat, id);
        id
    }

    pub fn choice(&mut self, a: PatId, b: PatId) -> PatId {
        if a == NOT_ALLOWED || a == b {
            return b;
        }
        if b == NOT_ALLOWED {
            return a;
        }
        // Keep choices canonical (flattened, sorted, without repeats) so that
        // derivatives of equal languages meet again in the memo tables.
        let mut leaves = Vec::new();
        self.choice_leaves(a, &mut leaves);
        self.choice_leaves(b, &mut leaves);
        leaves.sort_unstable();
        leaves.dedup();
        let mut iter = leaves.into_iter().rev();
        let Some(mut out) = iter.next() else {
            return NOT_ALLOWED;
        };
        for leaf in iter {
            out = self.intern(Pat::Choice(leaf, out));
        }
        out
    }

    fn choice_leaves(&self, p: PatId, out: &mut Vec<PatId>) {
        let mut stack = vec![p];
        while let Some(p) = stack.pop() {
            match self.get(p) {
                Pat::Choice(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Pat::NotAllowed => {}
                _ => out.push(p),
            }
        }
    }

    pub fn group(&mut self, a: PatId, b: PatId) -> PatId {
        if a == NOT_ALLOWED || b == NOT_ALLOWED {
            NOT_ALLOWED
        } else if a == EMPTY {
            b
        } else if b == EMPTY {
            a
        } else {
            self.intern(Pat::Group(a, b))
        }
    }

    pub fn interleave(&mut self, a: PatId, b: PatId) -> PatId {
        if a == NOT_ALLOWED || b == NOT_ALLOWED {
            NOT_ALLOWED
        } else if a == EMPTY {
            b
        } else if b == EMPTY {
            a
        } else {
            self.intern(Pat::Interleave(a, b))
        }
    }

    pub fn after(&mut self, a: PatId, b: PatId) -> PatId {
        if a == NOT_ALLOWED || b == NOT_ALLOWED {
            NOT_ALLOWED
        } else {
            self.intern(Pat::After(a, b))
        }
    }

    pub fn one_or_more(&mut self, a: PatId) -> PatId {
        if a == NOT_ALLOWED || a == EMPTY {
            a
        } else {
            self.intern(Pat::OneOrMore(a))
        }
    }

    pub fn add_name_class(&mut self, nc: NameClass) -> NcId {
        if let Some(&id) = self.name_class_ids.get(&nc) {
            return id;
        }
        let id = NcId::try_from(self.name_classes.len()).unwrap_or(0);
        self.name_classes.push(nc.clone());
        self.name_class_ids.insert(nc, id);
        id
    }
}
