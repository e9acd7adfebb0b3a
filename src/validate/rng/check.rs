//! The restrictions of RELAX NG §7, checked on the simplified (compiled)
//! schema: prohibited paths (§7.1), content types (§7.2), attributes that
//! could occur twice (§7.3) and interleaves that could not tell their
//! branches apart (§7.4). A schema breaking one is an incorrect schema.

use std::collections::{HashMap, HashSet};

use super::pattern::{NameClass, Pat, PatId, Store};

type Result<T> = std::result::Result<T, String>;

/// Content types of §7.2, ordered: empty < complex < simple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum ContentType {
    Empty,
    Complex,
    Simple,
}

fn groupable(a: ContentType, b: ContentType) -> bool {
    a == ContentType::Empty
        || b == ContentType::Empty
        || (a == ContentType::Complex && b == ContentType::Complex)
}

#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Place {
    attribute: bool,
    list: bool,
    except: bool,
    one_or_more: bool,
    one_or_more_group: bool,
}

struct Checker<'s> {
    store: &'s Store,
    done: HashMap<(PatId, Place), ContentType>,
    elements_done: HashSet<u32>,
    work: Vec<u32>,
}

/// Checks the compiled schema starting at `start`.
pub fn restrictions(store: &Store, start: PatId) -> Result<()> {
    check_start(store, start)?;
    let mut checker = Checker {
        store,
        done: HashMap::new(),
        elements_done: HashSet::new(),
        work: Vec::new(),
    };
    checker.walk(start, Place::default())?;
    while let Some(element) = checker.work.pop() {
        let content = store.element_content(element);
        let ct = checker.walk(content, Place::default())?;
        let _ = ct;
    }
    Ok(())
}

/// §7.1.5: start reaches elements through choices only.
fn check_start(store: &Store, p: PatId) -> Result<()> {
    match store.get(p) {
        Pat::Choice(a, b) => {
            check_start(store, a)?;
            check_start(store, b)
        }
        Pat::Element(..) | Pat::NotAllowed => Ok(()),
        other => Err(format!("start may hold only elements, not {}", kind(other))),
    }
}

fn kind(p: Pat) -> &'static str {
    match p {
        Pat::Empty => "empty",
        Pat::NotAllowed => "notAllowed",
        Pat::Text => "text",
        Pat::Choice(..) => "choice",
        Pat::Interleave(..) => "interleave",
        Pat::Group(..) => "group",
        Pat::OneOrMore(_) => "oneOrMore",
        Pat::After(..) => "after",
        Pat::Element(..) => "element",
        Pat::Attribute(..) => "attribute",
        Pat::Data(..) => "data",
        Pat::Value(_) => "value",
        Pat::List(_) => "list",
    }
}

impl Checker<'_> {
    fn walk(&mut self, p: PatId, place: Place) -> Result<ContentType> {
        if let Some(&ct) = self.done.get(&(p, place)) {
            return Ok(ct);
        }
        let pat = self.store.get(p);
        let prohibited = |what: &str| Err(format!("{what} is not allowed here (RELAX NG §7.1)"));
        let ct = match pat {
            Pat::Empty => {
                if place.except {
                    return prohibited("empty in a data except");
                }
                ContentType::Empty
            }
            Pat::NotAllowed => ContentType::Empty,
            Pat::Text => {
                if place.list || place.except {
                    return prohibited("text in a list or a data except");
                }
                ContentType::Complex
            }
            Pat::Choice(a, b) => {
                let ca = self.walk(a, place)?;
                let cb = self.walk(b, place)?;
                ca.max(cb)
            }
            Pat::Group(a, b) | Pat::Interleave(a, b) => {
                let interleave = matches!(pat, Pat::Interleave(..));
                if place.except {
                    return prohibited("group or interleave in a data except");
                }
                if interleave && place.list {
                    return prohibited("interleave in a list");
                }
                let inner = Place {
                    one_or_more_group: place.one_or_more,
                    ..place
                };
                let ca = self.walk(a, inner)?;
                let cb = self.walk(b, inner)?;
                if !place.list && !groupable(ca, cb) {
                    return Err(
                        "a group or interleave mixes data with other content (RELAX NG §7.2)"
                            .into(),
                    );
                }
                self.check_attributes_disjoint(a, b)?;
                if interleave {
                    self.check_interleave(a, b)?;
                }
                ca.max(cb)
            }
            Pat::OneOrMore(a) => {
                if place.except {
                    return prohibited("oneOrMore in a data except");
                }
                let ct = self.walk(
                    a,
                    Place {
                        one_or_more: true,
                        ..place
                    },
                )?;
                if !place.list && !groupable(ct, ct) {
                    return Err("oneOrMore of data (RELAX NG §7.2)".into());
                }
                ct
            }
            Pat::List(a) => {
                if place.list || place.except {
                    return prohibited("list in a list or a data except");
                }
                self.walk(
                    a,
                    Place {
                        list: true,
                        ..place
                    },
                )?;
                ContentType::Simple
            }
            Pat::Element(_, element) => {
                if place.attribute || place.list || place.except {
                    return prohibited("element in an attribute, a list or a data except");
                }
                if self.elements_done.insert(element) {
                    self.work.push(element);
                }
                ContentType::Complex
            }
            Pat::Attribute(nc, content) => {
                if place.attribute || place.list || place.except {
                    return prohibited("attribute in an attribute, a list or a data except");
                }
                if place.one_or_more_group {
                    return prohibited("attribute in a group or interleave inside oneOrMore");
                }
                let nc = &self.store.name_classes[nc as usize];
                if !place.one_or_more && !names_only(nc) {
                    return Err(
                        "an attribute with anyName or nsName must repeat (RELAX NG §7.3)".into(),
                    );
                }
                self.walk(
                    content,
                    Place {
                        attribute: true,
                        ..Place::default()
                    },
                )?;
                ContentType::Empty
            }
            Pat::Data(_, except) => {
                if let Some(e) = except {
                    self.walk(
                        e,
                        Place {
                            except: true,
                            ..place
                        },
                    )?;
                }
                ContentType::Simple
            }
            Pat::Value(_) => ContentType::Simple,
            Pat::After(..) => ContentType::Empty,
        };
        self.done.insert((p, place), ct);
        Ok(ct)
    }

    /// §7.3: the two halves of a group or interleave may not both allow an
    /// attribute of the same name.
    fn check_attributes_disjoint(&self, a: PatId, b: PatId) -> Result<()> {
        let left = self.top_classes(a, true);
        if left.is_empty() {
            return Ok(());
        }
        let right = self.top_classes(b, true);
        for x in &left {
            for y in &right {
                if overlap(x, y) {
                    return Err("an attribute could occur twice (RELAX NG §7.3)".into());
                }
            }
        }
        Ok(())
    }

    /// §7.4: an element name or text may not be allowed by both branches.
    fn check_interleave(&self, a: PatId, b: PatId) -> Result<()> {
        let left = self.top_classes(a, false);
        let right = self.top_classes(b, false);
        for x in &left {
            for y in &right {
                if overlap(x, y) {
                    return Err(
                        "both branches of an interleave allow the same element (RELAX NG §7.4)"
                            .into(),
                    );
                }
            }
        }
        if self.has_text(a) && self.has_text(b) {
            return Err("both branches of an interleave allow text (RELAX NG §7.4)".into());
        }
        Ok(())
    }

    /// Name classes of the attributes (or elements) at the top of `p`.
    fn top_classes(&self, p: PatId, attributes: bool) -> Vec<&NameClass> {
        let mut out = Vec::new();
        self.store.walk_top(p, |_, pat| {
            match pat {
                Pat::Attribute(nc, _) if attributes => out.push(nc),
                Pat::Element(nc, _) if !attributes => out.push(nc),
                _ => {}
            }
            false
        });
        out.into_iter()
            .map(|nc| &self.store.name_classes[nc as usize])
            .collect()
    }

    fn has_text(&self, p: PatId) -> bool {
        let mut text = false;
        self.store.walk_top(p, |_, pat| {
            text = pat == Pat::Text;
            text
        });
        text
    }
}

fn names_only(nc: &NameClass) -> bool {
    match nc {
        NameClass::Name(..) => true,
        NameClass::Choice(a, b) => names_only(a) && names_only(b),
        _ => false,
    }
}

/// Whether two name classes share a name: tried on a representative of
/// every name, namespace and wildcard either mentions.
fn overlap(a: &NameClass, b: &NameClass) -> bool {
    let mut candidates = Vec::new();
    representatives(a, &mut candidates);
    representatives(b, &mut candidates);
    candidates
        .iter()
        .any(|(ns, local)| a.contains(ns, local) && b.contains(ns, local))
}

/// A name no schema can write, for wildcards.
const ILLEGAL: &str = "\u{0}";

fn representatives(nc: &NameClass, out: &mut Vec<(String, String)>) {
    match nc {
        NameClass::Name(ns, local) => out.push((ns.clone(), local.clone())),
        NameClass::NsName(ns, except) => {
            out.push((ns.clone(), ILLEGAL.to_string()));
            if let Some(e) = except {
                representatives(e, out);
            }
        }
        NameClass::AnyName(except) => {
            out.push((ILLEGAL.to_string(), ILLEGAL.to_string()));
            if let Some(e) = except {
                representatives(e, out);
            }
        }
        NameClass::Choice(a, b) => {
            representatives(a, out);
            representatives(b, out);
        }
    }
}
