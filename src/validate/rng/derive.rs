//! Derivatives of patterns (James Clark, "An algorithm for RELAX NG
//! validation"): start-tag-open, attribute, start-tag-close, text and
//! end-tag. Each is memoised by pattern id (and name id), so once a schema's
//! states have been seen, validating an event is a table lookup.
//!
//! Attribute derivatives depend on the value only through which attribute
//! patterns accept it; the value is checked against those patterns first and
//! the derivative is memoised by (pattern, name, accepted set).

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::super::xsd::NsContext;
use super::pattern::{EMPTY, NOT_ALLOWED, Pat, PatId, Store, TEXT};

pub type NameId = u32;

/// The function an `After` continuation is rewritten with (`applyAfter`).
#[derive(Clone, Copy)]
enum Rewrite {
    /// `interleave(x, right)`
    InterleaveLeft(PatId),
    /// `interleave(left, x)`
    InterleaveRight(PatId),
    /// `group(x, right)`
    GroupLeft(PatId),
    /// `after(x, right)`
    AfterLeft(PatId),
}

/// Name ids of one namespace, by local name.
type NamesIn = HashMap<Box<str>, NameId>;

/// A compiled schema's patterns plus the memo tables of one validating
/// thread (cloned from the schema's base, so threads never share a lock).
#[derive(Clone)]
pub struct Engine {
    pub store: Store,
    pub start: PatId,
    /// Name ids by namespace, then local name: a document uses a handful of
    /// namespaces, found by a comparison with the last one used rather than
    /// by hashing the URI per name.
    names: Vec<(Box<str>, NamesIn)>,
    last_namespace: usize,
    /// Namespaces of the XML layer seen lately, with their slot in `names`.
    shared_namespaces: Vec<(Arc<str>, usize)>,
    /// The slot of the empty namespace, once made.
    no_namespace_slot: Option<usize>,
    name_list: Vec<(String, String)>,
    open_memo: HashMap<(PatId, NameId), PatId>,
    close_memo: HashMap<PatId, PatId>,
    end_memo: HashMap<PatId, PatId>,
    text_memo: HashMap<PatId, PatId>,
    whitespace_memo: HashMap<PatId, PatId>,
    leaves_memo: HashMap<(PatId, NameId), Box<[PatId]>>,
    att_memo: HashMap<(PatId, NameId, u64), PatId>,
    value_memo: HashMap<PatId, HashMap<Box<str>, bool>>,
    value_memo_size: usize,
    /// The schema has a datatype whose values depend on namespace context.
    context_types: bool,
}

/// Longest attribute value whose verdict is remembered, and how many are.
const MAX_CACHED_VALUE: usize = 32;
const MAX_CACHED_VALUES: usize = 16_384;

/// Most names a thread remembers before its memo tables start afresh (a
/// file of a million distinct names must not grow memory without bound).
const MAX_NAMES: usize = 100_000;

/// Shared namespaces remembered by pointer (a document declares a handful).
const MAX_SHARED_NAMESPACES: usize = 16;

impl Engine {
    pub fn new(store: Store, start: PatId) -> Self {
        let context_types = store
            .datatypes
            .iter()
            .any(|d| matches!(d.name(), "QName" | "NOTATION"));
        Engine {
            value_memo: HashMap::default(),
            value_memo_size: 0,
            context_types,
            store,
            start,
            names: Vec::new(),
            last_namespace: 0,
            shared_namespaces: Vec::new(),
            no_namespace_slot: None,
            name_list: Vec::new(),
            open_memo: HashMap::default(),
            close_memo: HashMap::default(),
            end_memo: HashMap::default(),
            text_memo: HashMap::default(),
            whitespace_memo: HashMap::default(),
            leaves_memo: HashMap::default(),
            att_memo: HashMap::default(),
        }
    }

    /// Memo entries held (to decide whether a pooled engine is worth keeping).
    pub fn weight(&self) -> usize {
        self.store.len() + self.open_memo.len() + self.att_memo.len() + self.name_list.len()
    }

    pub fn name_id(&mut self, ns: &str, local: &str) -> NameId {
        let slot = self.slot_of(ns);
        self.name_in(slot, ns, local)
    }

    /// As [`Self::name_id`], for a namespace the XML layer shares between
    /// the names it declares: known by pointer, so its URI is compared once
    /// per declaration rather than once per name. The engine holds the
    /// namespaces it knows (a freed one's address cannot come back).
    pub fn name_id_shared(&mut self, ns: Option<&Arc<str>>, local: &str) -> NameId {
        let Some(uri) = ns else {
            // Most attributes are in no namespace: their slot is kept.
            let slot = match self.no_namespace_slot {
                Some(slot) => slot,
                None => {
                    let slot = self.slot_of("");
                    self.no_namespace_slot = Some(slot);
                    slot
                }
            };
            return self.name_in(slot, "", local);
        };
        let slot = match self
            .shared_namespaces
            .iter()
            .find(|(a, _)| Arc::ptr_eq(a, uri))
        {
            Some(&(_, slot)) => slot,
            None => {
                let slot = self.slot_of(uri);
                if self.shared_namespaces.len() >= MAX_SHARED_NAMESPACES {
                    self.shared_namespaces.remove(0);
                }
                self.shared_namespaces.push((uri.clone(), slot));
                slot
            }
        };
        self.name_in(slot, uri, local)
    }

    /// The slot of `ns` in [`Self::names`], made if new.
    fn slot_of(&mut self, ns: &str) -> usize {
        if let Some((uri, _)) = self.names.get(self.last_namespace)
            && &**uri == ns
        {
            return self.last_namespace;
        }
        let slot = match self.names.iter().position(|(uri, _)| &**uri == ns) {
            Some(slot) => slot,
            None => {
                self.names.push((Box::from(ns), HashMap::default()));
                self.names.len() - 1
            }
        };
        self.last_namespace = slot;
        slot
    }

    fn name_in(&mut self, slot: usize, ns: &str, local: &str) -> NameId {
        if let Some(&id) = self.names[slot].1.get(local) {
            return id;
        }
        let slot = if self.name_list.len() >= MAX_NAMES {
            self.names.clear();
            self.shared_namespaces.clear();
            self.no_namespace_slot = None;
            self.last_namespace = 0;
            self.name_list.clear();
            self.open_memo.clear();
            self.leaves_memo.clear();
            self.att_memo.clear();
            self.slot_of(ns)
        } else {
            slot
        };
        let id = NameId::try_from(self.name_list.len()).unwrap_or(NameId::MAX);
        self.name_list.push((ns.to_string(), local.to_string()));
        self.names[slot].1.insert(Box::from(local), id);
        id
    }

    pub(super) fn contains(&self, nc: u32, name: NameId) -> bool {
        let (ns, local) = &self.name_list[name as usize];
        self.store.name_classes[nc as usize].contains(ns, local)
    }

    fn apply_after(&mut self, p: PatId, f: Rewrite) -> PatId {
        match self.store.get(p) {
            Pat::After(a, b) => {
                let b2 = match f {
                    Rewrite::InterleaveLeft(r) => self.store.interleave(b, r),
                    Rewrite::InterleaveRight(l) => self.store.interleave(l, b),
                    Rewrite::GroupLeft(r) => self.store.group(b, r),
                    Rewrite::AfterLeft(r) => self.store.after(b, r),
                };
                self.store.after(a, b2)
            }
            Pat::Choice(a, b) => {
                let a2 = self.apply_after(a, f);
                let b2 = self.apply_after(b, f);
                self.store.choice(a2, b2)
            }
            _ => NOT_ALLOWED,
        }
    }

    /// Derivative by the opening of a start tag named `name`.
    pub fn start_tag_open(&mut self, p: PatId, name: NameId) -> PatId {
        if let Some(&r) = self.open_memo.get(&(p, name)) {
            return r;
        }
        let r = match self.store.get(p) {
            Pat::Choice(a, b) => {
                let a2 = self.start_tag_open(a, name);
                let b2 = self.start_tag_open(b, name);
                self.store.choice(a2, b2)
            }
            Pat::Element(nc, element) => {
                if self.contains(nc, name) {
                    let content = self.store.element_content(element);
                    self.store.after(content, EMPTY)
                } else {
                    NOT_ALLOWED
                }
            }
            Pat::Interleave(a, b) => {
                let da = self.start_tag_open(a, name);
                let x = self.apply_after(da, Rewrite::InterleaveLeft(b));
                let db = self.start_tag_open(b, name);
                let y = self.apply_after(db, Rewrite::InterleaveRight(a));
                self.store.choice(x, y)
            }
            Pat::OneOrMore(a) => {
                let da = self.start_tag_open(a, name);
                let rest = self.store.choice(p, EMPTY);
                self.apply_after(da, Rewrite::GroupLeft(rest))
            }
            Pat::Group(a, b) => {
                let da = self.start_tag_open(a, name);
                let x = self.apply_after(da, Rewrite::GroupLeft(b));
                if self.store.nullable(a) {
                    let db = self.start_tag_open(b, name);
                    self.store.choice(x, db)
                } else {
                    x
                }
            }
            Pat::After(a, b) => {
                let da = self.start_tag_open(a, name);
                self.apply_after(da, Rewrite::AfterLeft(b))
            }
            _ => NOT_ALLOWED,
        };
        self.open_memo.insert((p, name), r);
        r
    }

    /// The attribute patterns at the top of `p` whose name class holds
    /// `name`, in `out` (the caller's, kept between attributes: a list
    /// shared by reference count cost two atomic operations an attribute).
    pub fn attribute_leaves(&mut self, p: PatId, name: NameId, out: &mut Vec<PatId>) {
        out.clear();
        if let Some(leaves) = self.leaves_memo.get(&(p, name)) {
            out.extend_from_slice(leaves);
            return;
        }
        self.store.walk_top(p, |q, pat| {
            if let Pat::Attribute(nc, _) = pat
                && self.contains(nc, name)
            {
                out.push(q);
            }
            false
        });
        out.sort_unstable();
        self.leaves_memo.insert((p, name), out.as_slice().into());
    }

    /// Whether the attribute pattern `leaf` accepts `value`.
    pub fn attribute_value_matches(
        &mut self,
        leaf: PatId,
        value: &str,
        cx: &dyn NsContext,
    ) -> bool {
        let Pat::Attribute(_, content) = self.store.get(leaf) else {
            return false;
        };
        // Short values repeat (`n`, `type`, `unit`…): their verdict is
        // remembered unless a QName-like type makes it depend on the context.
        let cacheable = value.len() <= MAX_CACHED_VALUE && !self.context_types;
        if cacheable && let Some(&known) = self.value_memo.get(&leaf).and_then(|m| m.get(value)) {
            return known;
        }
        let matches = (self.store.nullable(content) && is_whitespace(value)) || {
            let d = self.text(content, value, cx);
            self.store.nullable(d)
        };
        if cacheable {
            if self.value_memo_size >= MAX_CACHED_VALUES {
                self.value_memo.clear();
                self.value_memo_size = 0;
            }
            self.value_memo
                .entry(leaf)
                .or_default()
                .insert(value.into(), matches);
            self.value_memo_size += 1;
        }
        matches
    }

    /// Derivative by an attribute whose accepting leaves (of
    /// [`Self::attribute_leaves`]) are the bits set in `accepted`.
    pub fn attribute(&mut self, p: PatId, name: NameId, leaves: &[PatId], accepted: u64) -> PatId {
        if leaves.len() <= 64
            && let Some(&r) = self.att_memo.get(&(p, name, accepted))
        {
            return r;
        }
        let r = self.attribute_inner(p, leaves, accepted);
        if leaves.len() <= 64 {
            self.att_memo.insert((p, name, accepted), r);
        }
        r
    }

    fn attribute_inner(&mut self, p: PatId, leaves: &[PatId], accepted: u64) -> PatId {
        match self.store.get(p) {
            Pat::After(a, b) => {
                let da = self.attribute_inner(a, leaves, accepted);
                self.store.after(da, b)
            }
            Pat::Choice(a, b) => {
                let da = self.attribute_inner(a, leaves, accepted);
                let db = self.attribute_inner(b, leaves, accepted);
                self.store.choice(da, db)
            }
            Pat::Group(a, b) => {
                let da = self.attribute_inner(a, leaves, accepted);
                let x = self.store.group(da, b);
                let db = self.attribute_inner(b, leaves, accepted);
                let y = self.store.group(a, db);
                self.store.choice(x, y)
            }
            Pat::Interleave(a, b) => {
                let da = self.attribute_inner(a, leaves, accepted);
                let x = self.store.interleave(da, b);
                let db = self.attribute_inner(b, leaves, accepted);
                let y = self.store.interleave(a, db);
                self.store.choice(x, y)
            }
            Pat::OneOrMore(a) => {
                let da = self.attribute_inner(a, leaves, accepted);
                let rest = self.store.choice(p, EMPTY);
                self.store.group(da, rest)
            }
            Pat::Attribute(..) => match leaves.iter().position(|&l| l == p) {
                Some(i) if i >= 64 || accepted & (1 << i) != 0 => EMPTY,
                _ => NOT_ALLOWED,
            },
            _ => NOT_ALLOWED,
        }
    }

    /// Derivative by the end of the start tag: attributes not given fail.
    pub fn start_tag_close(&mut self, p: PatId) -> PatId {
        self.close(p, false)
    }

    /// As [`Self::start_tag_close`], but missing attributes are forgiven
    /// (recovery after reporting them).
    pub fn start_tag_close_forgiving(&mut self, p: PatId) -> PatId {
        self.close(p, true)
    }

    fn close(&mut self, p: PatId, forgive: bool) -> PatId {
        if !forgive && let Some(&r) = self.close_memo.get(&p) {
            return r;
        }
        let r = match self.store.get(p) {
            Pat::After(a, b) => {
                let ca = self.close(a, forgive);
                self.store.after(ca, b)
            }
            Pat::Choice(a, b) => {
                let ca = self.close(a, forgive);
                let cb = self.close(b, forgive);
                self.store.choice(ca, cb)
            }
            Pat::Group(a, b) => {
                let ca = self.close(a, forgive);
                let cb = self.close(b, forgive);
                self.store.group(ca, cb)
            }
            Pat::Interleave(a, b) => {
                let ca = self.close(a, forgive);
                let cb = self.close(b, forgive);
                self.store.interleave(ca, cb)
            }
            Pat::OneOrMore(a) => {
                let ca = self.close(a, forgive);
                self.store.one_or_more(ca)
            }
            Pat::Attribute(..) if forgive => EMPTY,
            Pat::Attribute(..) => NOT_ALLOWED,
            _ => p,
        };
        if !forgive {
            self.close_memo.insert(p, r);
        }
        r
    }

    /// Derivative by text `s` (its context resolves QName prefixes).
    pub fn text(&mut self, p: PatId, s: &str, cx: &dyn NsContext) -> PatId {
        let memo = !self.store.reads_text(p);
        if memo && let Some(&r) = self.text_memo.get(&p) {
            return r;
        }
        let r = match self.store.get(p) {
            Pat::Choice(a, b) => {
                let da = self.text(a, s, cx);
                let db = self.text(b, s, cx);
                self.store.choice(da, db)
            }
            Pat::Interleave(a, b) => {
                let da = self.text(a, s, cx);
                let x = self.store.interleave(da, b);
                let db = self.text(b, s, cx);
                let y = self.store.interleave(a, db);
                self.store.choice(x, y)
            }
            Pat::Group(a, b) => {
                let da = self.text(a, s, cx);
                let x = self.store.group(da, b);
                if self.store.nullable(a) {
                    let db = self.text(b, s, cx);
                    self.store.choice(x, db)
                } else {
                    x
                }
            }
            Pat::After(a, b) => {
                let da = self.text(a, s, cx);
                self.store.after(da, b)
            }
            Pat::OneOrMore(a) => {
                let da = self.text(a, s, cx);
                let rest = self.store.choice(p, EMPTY);
                self.store.group(da, rest)
            }
            Pat::Text => TEXT,
            Pat::Value(v) => {
                let def = &self.store.values[v as usize];
                let datatype = &self.store.datatypes[def.datatype as usize];
                if datatype.equal(&def.value, def, s, cx) {
                    EMPTY
                } else {
                    NOT_ALLOWED
                }
            }
            Pat::Data(dt, except) => {
                let allowed = self.store.datatypes[dt as usize].allows(s, cx)
                    && except.is_none_or(|e| {
                        let de = self.text(e, s, cx);
                        !self.store.nullable(de)
                    });
                if allowed { EMPTY } else { NOT_ALLOWED }
            }
            Pat::List(a) => {
                let mut q = a;
                for token in s.split_ascii_whitespace() {
                    q = self.text(q, token, cx);
                    if q == NOT_ALLOWED {
                        break;
                    }
                }
                if self.store.nullable(q) {
                    EMPTY
                } else {
                    NOT_ALLOWED
                }
            }
            _ => NOT_ALLOWED,
        };
        if memo {
            self.text_memo.insert(p, r);
        }
        r
    }

    /// Derivative by whitespace-only text `s` (or an element's empty
    /// content): it may be skipped or matched (Clark's `childrenDeriv`).
    pub fn whitespace(&mut self, p: PatId, s: &str, cx: &dyn NsContext) -> PatId {
        let memo = !self.store.reads_text(p);
        if memo && let Some(&r) = self.whitespace_memo.get(&p) {
            return r;
        }
        let derived = self.text(p, s, cx);
        let r = self.store.choice(p, derived);
        if memo {
            self.whitespace_memo.insert(p, r);
        }
        r
    }

    /// Derivative by an end tag.
    pub fn end_tag(&mut self, p: PatId) -> PatId {
        if let Some(&r) = self.end_memo.get(&p) {
            return r;
        }
        let r = match self.store.get(p) {
            Pat::Choice(a, b) => {
                let da = self.end_tag(a);
                let db = self.end_tag(b);
                self.store.choice(da, db)
            }
            Pat::After(a, b) if self.store.nullable(a) => b,
            _ => NOT_ALLOWED,
        };
        self.end_memo.insert(p, r);
        r
    }

    /// The continuation after an end tag whatever the content still lacks
    /// (recovery after reporting incomplete content).
    pub fn end_tag_forgiving(&mut self, p: PatId) -> PatId {
        match self.store.get(p) {
            Pat::Choice(a, b) => {
                let da = self.end_tag_forgiving(a);
                let db = self.end_tag_forgiving(b);
                self.store.choice(da, db)
            }
            Pat::After(_, b) => b,
            _ => NOT_ALLOWED,
        }
    }
}

pub fn is_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}
