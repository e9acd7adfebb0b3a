//! Reading a RELAX NG schema (XML syntax) into a raw pattern tree, doing
//! the simplification steps that need the schema's text (RELAX NG §4.1–4.16):
//! foreign markup dropped, `ns` and `datatypeLibrary` inherited, `include`
//! and `externalRef` loaded (never twice in a chain), `div` flattened,
//! `name` attributes and QNames resolved, `mixed`, `optional` and
//! `zeroOrMore` rewritten, and the syntax constraints checked.

use std::path::{Path, PathBuf};

use super::super::xml::{Child, Element, Tree};
use super::pattern::NameClass;

pub const RNG_NS: &str = "http://relaxng.org/ns/structure/1.0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    Choice,
    Interleave,
}

/// A pattern as written, after the syntax-level simplifications.
#[derive(Debug, Clone)]
pub enum Raw {
    Empty,
    NotAllowed,
    Text,
    Choice(Vec<Raw>),
    Group(Vec<Raw>),
    Interleave(Vec<Raw>),
    OneOrMore(Box<Raw>),
    List(Box<Raw>),
    Element(NameClass, Box<Raw>),
    Attribute(NameClass, Box<Raw>),
    Data {
        library: String,
        type_name: String,
        params: Vec<(String, String)>,
        except: Option<Box<Raw>>,
    },
    Value {
        library: String,
        type_name: String,
        value: String,
        bindings: Vec<(String, String)>,
    },
    Ref(String),
    ParentRef(String),
    Grammar(Box<RawGrammar>),
}

/// A grammar's components, `include`s merged in.
#[derive(Debug, Clone, Default)]
pub struct RawGrammar {
    pub starts: Vec<(Option<Combine>, Raw)>,
    pub defines: Vec<(String, Option<Combine>, Raw)>,
}

/// Reads schema files (the caller decides where a file comes from).
pub trait Loader {
    /// The text of the schema at `path`.
    fn load(&self, path: &Path) -> std::result::Result<String, String>;
}

/// Inherited context of an element of the schema.
#[derive(Clone)]
struct Context {
    ns: String,
    library: String,
    base: PathBuf,
}

pub struct Reader<'l> {
    loader: &'l dyn Loader,
    /// Files being read, outermost first (a file including itself is an error).
    open_files: Vec<PathBuf>,
}

type Result<T> = std::result::Result<T, String>;

impl<'l> Reader<'l> {
    pub fn new(loader: &'l dyn Loader) -> Self {
        Reader {
            loader,
            open_files: Vec::new(),
        }
    }

    /// Reads the schema whose text is `text`, found at `path`.
    pub fn read_root(&mut self, text: &str, path: &Path) -> Result<Raw> {
        self.open_files.push(path.to_path_buf());
        let tree = super::super::xml::parse(text)
            .map_err(|d| format!("{}: {}", path.display(), d.message))?;
        let context = Context {
            ns: String::new(),
            library: String::new(),
            base: path.to_path_buf(),
        };
        let root = &tree.elements[tree.root];
        let out = self.pattern(&tree, tree.root, root, &context);
        self.open_files.pop();
        out
    }

    fn load_file(&mut self, href: &str, context: &Context) -> Result<(Tree, PathBuf)> {
        if href.contains('#') {
            return Err(format!("href {href:?} has a fragment identifier"));
        }
        let path = PathBuf::from(resolve_uri(href, &context.base.to_string_lossy()));
        if self.open_files.contains(&path) {
            return Err(format!("{} includes itself", path.display()));
        }
        let text = self.loader.load(&path)?;
        let tree = super::super::xml::parse(&text)
            .map_err(|d| format!("{}: {}", path.display(), d.message))?;
        Ok((tree, path))
    }

    /// The child elements of `id` in the RELAX NG namespace (foreign ones
    /// dropped); text other than whitespace is an error.
    fn children(&self, tree: &Tree, id: usize) -> Result<Vec<usize>> {
        let element = &tree.elements[id];
        let holds_text = matches!(element.name.local.as_str(), "value" | "param" | "name");
        if holds_text && element.child_elements().next().is_some() {
            return Err(format!("<{}> may hold only text", element.name.local));
        }
        let mut out = Vec::new();
        for child in &element.children {
            match child {
                Child::Element(c) => {
                    if tree.elements[*c].name.namespace.as_deref() == Some(RNG_NS) {
                        out.push(*c);
                    }
                }
                Child::Text(text, _) => {
                    let holds_text =
                        matches!(element.name.local.as_str(), "value" | "param" | "name");
                    if !holds_text && !text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
                        return Err(format!("text not allowed in <{}>", element.name.local));
                    }
                }
            }
        }
        Ok(out)
    }

    fn context(&self, element: &Element, parent: &Context) -> Result<Context> {
        let mut context = parent.clone();
        if let Some(base) = element.attributes.iter().find(|a| {
            a.name.namespace.as_deref() == Some(crate::xml::XML_NS) && a.name.local == "base"
        }) {
            context.base = PathBuf::from(resolve_uri(&base.value, &context.base.to_string_lossy()));
        }
        if let Some(ns) = rng_attr(element, "ns") {
            context.ns = ns.to_string();
        }
        if let Some(library) = rng_attr(element, "datatypeLibrary") {
            if !library.is_empty() && !is_absolute_uri(library) {
                return Err(format!(
                    "datatypeLibrary {library:?} is not an absolute URI"
                ));
            }
            context.library = library.to_string();
        }
        check_attributes(element)?;
        Ok(context)
    }

    fn pattern(
        &mut self,
        tree: &Tree,
        id: usize,
        element: &Element,
        parent: &Context,
    ) -> Result<Raw> {
        if element.name.namespace.as_deref() != Some(RNG_NS) {
            return Err(format!(
                "<{}> is not a RELAX NG pattern",
                element.name.qname
            ));
        }
        let context = self.context(element, parent)?;
        let children = self.children(tree, id)?;
        let group = |reader: &mut Self, list: &[usize]| -> Result<Raw> {
            let mut items = Vec::new();
            for &c in list {
                items.push(reader.pattern(tree, c, &tree.elements[c], &context)?);
            }
            match items.len() {
                0 => Err(format!(
                    "<{}> needs at least one pattern",
                    element.name.local
                )),
                1 => Ok(items.pop().unwrap_or(Raw::Empty)),
                _ => Ok(Raw::Group(items)),
            }
        };
        let all = |reader: &mut Self, list: &[usize]| -> Result<Vec<Raw>> {
            let mut items = Vec::new();
            for &c in list {
                items.push(reader.pattern(tree, c, &tree.elements[c], &context)?);
            }
            if items.is_empty() {
                return Err(format!(
                    "<{}> needs at least one pattern",
                    element.name.local
                ));
            }
            Ok(items)
        };
        let local = element.name.local.as_str();
        let no_children = |kind: &str| -> Result<()> {
            if children.is_empty() {
                Ok(())
            } else {
                Err(format!("<{kind}> has no content"))
            }
        };
        Ok(match local {
            "element" => {
                let (name, rest) = match rng_attr(element, "name") {
                    Some(qname) => (self.qname(tree, id, qname, &context.ns)?, &children[..]),
                    None => {
                        let first = *children.first().ok_or("<element> without a name")?;
                        (self.name_class(tree, first, &context)?, &children[1..])
                    }
                };
                Raw::Element(name, Box::new(group(self, rest)?))
            }
            "attribute" => {
                let (name, rest) = match rng_attr(element, "name") {
                    Some(qname) => {
                        let ns = rng_attr(element, "ns").unwrap_or("");
                        (self.qname(tree, id, qname, ns)?, &children[..])
                    }
                    None => {
                        let first = *children.first().ok_or("<attribute> without a name")?;
                        (self.name_class(tree, first, &context)?, &children[1..])
                    }
                };
                check_attribute_name(&name)?;
                let content = match rest.len() {
                    0 => Raw::Text,
                    1 => self.pattern(tree, rest[0], &tree.elements[rest[0]], &context)?,
                    _ => return Err("<attribute> has more than one pattern".into()),
                };
                Raw::Attribute(name, Box::new(content))
            }
            "group" => Raw::Group(all(self, &children)?),
            "interleave" => Raw::Interleave(all(self, &children)?),
            "choice" => Raw::Choice(all(self, &children)?),
            "optional" => Raw::Choice(vec![group(self, &children)?, Raw::Empty]),
            "zeroOrMore" => Raw::Choice(vec![
                Raw::OneOrMore(Box::new(group(self, &children)?)),
                Raw::Empty,
            ]),
            "oneOrMore" => Raw::OneOrMore(Box::new(group(self, &children)?)),
            "list" => Raw::List(Box::new(group(self, &children)?)),
            "mixed" => Raw::Interleave(vec![group(self, &children)?, Raw::Text]),
            "empty" => {
                no_children("empty")?;
                Raw::Empty
            }
            "text" => {
                no_children("text")?;
                Raw::Text
            }
            "notAllowed" => {
                no_children("notAllowed")?;
                Raw::NotAllowed
            }
            "ref" | "parentRef" => {
                no_children(local)?;
                let name = rng_attr(element, "name")
                    .ok_or_else(|| format!("<{local}> without a name"))?
                    .trim()
                    .to_string();
                if !is_ncname(&name) {
                    return Err(format!("{name:?} is not an NCName"));
                }
                if local == "ref" {
                    Raw::Ref(name)
                } else {
                    Raw::ParentRef(name)
                }
            }
            "data" => {
                let type_name = rng_attr(element, "type")
                    .ok_or("<data> without a type")?
                    .trim()
                    .to_string();
                let mut params = Vec::new();
                let mut except = None;
                for (i, &c) in children.iter().enumerate() {
                    let child = &tree.elements[c];
                    match child.name.local.as_str() {
                        "param" if except.is_none() => {
                            check_attributes(child)?;
                            let name = rng_attr(child, "name")
                                .ok_or("<param> without a name")?
                                .trim()
                                .to_string();
                            params.push((name, text_of(tree, c)));
                        }
                        "except" if i + 1 == children.len() => {
                            let context = self.context(child, &context)?;
                            let inner = self.children(tree, c)?;
                            let mut items = Vec::new();
                            for &e in &inner {
                                items.push(self.pattern(tree, e, &tree.elements[e], &context)?);
                            }
                            if items.is_empty() {
                                return Err("<except> needs a pattern".into());
                            }
                            except = Some(Box::new(Raw::Choice(items)));
                        }
                        other => return Err(format!("<{other}> not allowed in <data>")),
                    }
                }
                Raw::Data {
                    library: context.library.clone(),
                    type_name,
                    params,
                    except,
                }
            }
            "value" => {
                if !children.is_empty() {
                    return Err("<value> contains elements".into());
                }
                let (library, type_name) = match rng_attr(element, "type") {
                    Some(t) => (context.library.clone(), t.trim().to_string()),
                    None => (String::new(), "token".to_string()),
                };
                Raw::Value {
                    library,
                    type_name,
                    value: text_of(tree, id),
                    bindings: bindings_with_default(tree, id, &context.ns),
                }
            }
            "externalRef" => {
                no_children("externalRef")?;
                let href = rng_attr(element, "href").ok_or("<externalRef> without href")?;
                let (included, path) = self.load_file(href.trim(), &context)?;
                let root = &included.elements[included.root];
                let mut inner = context.clone();
                inner.base = path.clone();
                inner.library = String::new();
                if rng_attr(root, "ns").is_some() {
                    inner.ns = String::new();
                }
                self.open_files.push(path);
                let out = self.pattern(&included, included.root, root, &inner);
                self.open_files.pop();
                out?
            }
            "grammar" => {
                let mut grammar = RawGrammar::default();
                self.grammar_content(tree, id, &context, &mut grammar)?;
                Raw::Grammar(Box::new(grammar))
            }
            other => return Err(format!("<{other}> is not a RELAX NG pattern")),
        })
    }

    /// `start`, `define`, `div` and `include` children of a grammar (or of
    /// a `div`/`include`) into `out`.
    fn grammar_content(
        &mut self,
        tree: &Tree,
        id: usize,
        context: &Context,
        out: &mut RawGrammar,
    ) -> Result<()> {
        for c in self.children(tree, id)? {
            let child = &tree.elements[c];
            let inner = self.context(child, context)?;
            match child.name.local.as_str() {
                "start" => {
                    let combine = combine_of(child)?;
                    let body = self.children(tree, c)?;
                    if body.len() != 1 {
                        return Err("<start> needs exactly one pattern".into());
                    }
                    let pattern = self.pattern(tree, body[0], &tree.elements[body[0]], &inner)?;
                    out.starts.push((combine, pattern));
                }
                "define" => {
                    let name = rng_attr(child, "name")
                        .ok_or("<define> without a name")?
                        .trim()
                        .to_string();
                    let combine = combine_of(child)?;
                    let body = self.children(tree, c)?;
                    let mut items = Vec::new();
                    for &b in &body {
                        items.push(self.pattern(tree, b, &tree.elements[b], &inner)?);
                    }
                    let pattern = match items.len() {
                        0 => return Err(format!("<define name=\"{name}\"> is empty")),
                        1 => items.pop().unwrap_or(Raw::Empty),
                        _ => Raw::Group(items),
                    };
                    out.defines.push((name, combine, pattern));
                }
                "div" => self.grammar_content(tree, c, &inner, out)?,
                "include" => {
                    let href = rng_attr(child, "href").ok_or("<include> without href")?;
                    let (included, path) = self.load_file(href.trim(), &inner)?;
                    let root = &included.elements[included.root];
                    if root.name.namespace.as_deref() != Some(RNG_NS)
                        || root.name.local != "grammar"
                    {
                        return Err(format!("{} is not a grammar", path.display()));
                    }
                    let mut file_context = inner.clone();
                    file_context.base = path.clone();
                    file_context.library = String::new();
                    self.open_files.push(path);
                    let mut base = RawGrammar::default();
                    let root_context = self.context(root, &file_context);
                    let read = root_context.and_then(|rc| {
                        self.grammar_content(&included, included.root, &rc, &mut base)
                    });
                    self.open_files.pop();
                    read?;
                    let mut overrides = RawGrammar::default();
                    self.grammar_content(tree, c, &inner, &mut overrides)?;
                    if !overrides.starts.is_empty() {
                        if base.starts.is_empty() {
                            return Err("<include> overrides a start the grammar lacks".into());
                        }
                        base.starts.clear();
                    }
                    for (name, _, _) in &overrides.defines {
                        let before = base.defines.len();
                        base.defines.retain(|(n, _, _)| n != name);
                        if base.defines.len() == before {
                            return Err(format!(
                                "<include> overrides define \"{name}\", which the grammar lacks"
                            ));
                        }
                    }
                    out.starts.extend(base.starts);
                    out.defines.extend(base.defines);
                    out.starts.extend(overrides.starts);
                    out.defines.extend(overrides.defines);
                }
                other => return Err(format!("<{other}> not allowed in a grammar")),
            }
        }
        Ok(())
    }

    fn name_class(&self, tree: &Tree, id: usize, parent: &Context) -> Result<NameClass> {
        let element = &tree.elements[id];
        let context = self.context(element, parent)?;
        let children = self.children(tree, id)?;
        let except = |reader: &Self, allow_ns: bool| -> Result<Option<Box<NameClass>>> {
            match children.as_slice() {
                [] => Ok(None),
                [c] if tree.elements[*c].name.local == "except" => {
                    let except = &tree.elements[*c];
                    let inner_context = reader.context(except, &context)?;
                    let mut classes = Vec::new();
                    for e in reader.children(tree, *c)? {
                        let nc = reader.name_class(tree, e, &inner_context)?;
                        if contains_any_name(&nc) || (!allow_ns && contains_ns_name(&nc)) {
                            return Err("an except name class contains anyName or nsName".into());
                        }
                        classes.push(nc);
                    }
                    let mut iter = classes.into_iter();
                    let first = iter.next().ok_or("<except> needs a name class")?;
                    Ok(Some(Box::new(iter.fold(first, |a, b| {
                        NameClass::Choice(Box::new(a), Box::new(b))
                    }))))
                }
                _ => Err("unexpected content in a name class".into()),
            }
        };
        match element.name.local.as_str() {
            "name" => {
                if !children.is_empty() {
                    return Err("<name> contains elements".into());
                }
                self.qname(tree, id, text_of(tree, id).trim(), &context.ns)
            }
            "anyName" => Ok(NameClass::AnyName(except(self, true)?)),
            "nsName" => Ok(NameClass::NsName(context.ns.clone(), except(self, false)?)),
            "choice" => {
                let mut classes = Vec::new();
                for c in &children {
                    classes.push(self.name_class(tree, *c, &context)?);
                }
                let mut iter = classes.into_iter();
                let first = iter.next().ok_or("<choice> needs a name class")?;
                Ok(iter.fold(first, |a, b| NameClass::Choice(Box::new(a), Box::new(b))))
            }
            other => Err(format!("<{other}> is not a name class")),
        }
    }

    /// A QName of the schema resolved with the element's bindings; an
    /// unprefixed name takes `default_ns`.
    fn qname(&self, tree: &Tree, id: usize, qname: &str, default_ns: &str) -> Result<NameClass> {
        let qname = qname.trim();
        match qname.split_once(':') {
            Some((prefix, local)) => {
                let ns = tree
                    .bindings(id)
                    .into_iter()
                    .rev()
                    .find(|(p, _)| p == prefix)
                    .map(|(_, u)| u)
                    .ok_or_else(|| format!("prefix `{prefix}` of {qname} is not declared"))?;
                if !is_ncname(local) {
                    return Err(format!("{qname} is not a QName"));
                }
                Ok(NameClass::Name(ns, local.to_string()))
            }
            None if is_ncname(qname) => {
                Ok(NameClass::Name(default_ns.to_string(), qname.to_string()))
            }
            None => Err(format!("{qname:?} is not a name")),
        }
    }
}

/// An NCName as jing reads schema names: XML 1.0 (second edition) names,
/// which may not start with a combining character.
fn is_ncname(s: &str) -> bool {
    super::super::xsd::is_ncname(s) && s.chars().next().is_some_and(|c| !is_combining(c))
}

/// XML 1.0 (second edition) `CombiningChar`, the ranges that matter for a
/// name's first character.
fn is_combining(c: char) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0x0300, 0x036F),
        (0x0483, 0x0486),
        (0x0591, 0x05C4),
        (0x064B, 0x0652),
        (0x0670, 0x0670),
        (0x06D6, 0x06ED),
        (0x0901, 0x0903),
        (0x093C, 0x094D),
        (0x0951, 0x0954),
        (0x0962, 0x0963),
        (0x0981, 0x0983),
        (0x09BC, 0x09E3),
        (0x0A02, 0x0A4D),
        (0x0A70, 0x0A71),
        (0x0A81, 0x0ACD),
        (0x0B01, 0x0B57),
        (0x0B82, 0x0BD7),
        (0x0C01, 0x0C56),
        (0x0C82, 0x0CD6),
        (0x0D02, 0x0D57),
        (0x0E31, 0x0E31),
        (0x0E34, 0x0E3A),
        (0x0E47, 0x0E4E),
        (0x0EB1, 0x0EB1),
        (0x0EB4, 0x0EBC),
        (0x0EC8, 0x0ECD),
        (0x0F18, 0x0F19),
        (0x0F35, 0x0F39),
        (0x0F3E, 0x0F3F),
        (0x0F71, 0x0F84),
        (0x0F86, 0x0F8B),
        (0x0F90, 0x0FB9),
        (0x20D0, 0x20E1),
        (0x302A, 0x302F),
        (0x3099, 0x309A),
    ];
    let c = u32::from(c);
    RANGES.iter().any(|&(low, high)| (low..=high).contains(&c))
}

fn contains_any_name(nc: &NameClass) -> bool {
    match nc {
        NameClass::AnyName(_) => true,
        NameClass::Choice(a, b) => contains_any_name(a) || contains_any_name(b),
        _ => false,
    }
}

fn contains_ns_name(nc: &NameClass) -> bool {
    match nc {
        NameClass::NsName(..) => true,
        NameClass::Choice(a, b) => contains_ns_name(a) || contains_ns_name(b),
        _ => false,
    }
}

/// §4.16: an attribute may not be named `xmlns` or be in the xmlns namespace.
fn check_attribute_name(nc: &NameClass) -> Result<()> {
    match nc {
        NameClass::Name(ns, local) if ns.is_empty() && local == "xmlns" => {
            Err("an attribute cannot be named xmlns".into())
        }
        NameClass::Name(ns, _) | NameClass::NsName(ns, _)
            if ns == crate::xml::XMLNS_NS.trim_end_matches('/') =>
        {
            Err("an attribute cannot be in the xmlns namespace".into())
        }
        NameClass::Choice(a, b) => {
            check_attribute_name(a)?;
            check_attribute_name(b)
        }
        NameClass::AnyName(Some(except)) | NameClass::NsName(_, Some(except)) => {
            check_attribute_name(except)
        }
        _ => Ok(()),
    }
}

/// An attribute of a schema element in no namespace.
fn rng_attr<'e>(element: &'e Element, name: &str) -> Option<&'e str> {
    element
        .attributes
        .iter()
        .find(|a| a.name.namespace.is_none() && a.name.local == name)
        .map(|a| a.value.as_str())
}

/// Unknown unqualified attributes on a RELAX NG element are errors.
fn check_attributes(element: &Element) -> Result<()> {
    let known: &[&str] = match element.name.local.as_str() {
        "element" | "attribute" | "ref" | "parentRef" | "param" => &["name"],
        "define" => &["name", "combine"],
        "start" => &["combine"],
        "externalRef" | "include" => &["href"],
        "data" | "value" => &["type"],
        _ => &[],
    };
    for attribute in &element.attributes {
        if attribute.name.namespace.as_deref() == Some(RNG_NS) {
            return Err(format!(
                "attribute {} in the RELAX NG namespace",
                attribute.name.qname
            ));
        }
        let local = attribute.name.local.as_str();
        if attribute.name.namespace.is_none()
            && !matches!(local, "ns" | "datatypeLibrary")
            && !known.contains(&local)
        {
            return Err(format!(
                "attribute {} not allowed on <{}>",
                attribute.name.local, element.name.local
            ));
        }
    }
    Ok(())
}

fn combine_of(element: &Element) -> Result<Option<Combine>> {
    match rng_attr(element, "combine").map(str::trim) {
        None => Ok(None),
        Some("choice") => Ok(Some(Combine::Choice)),
        Some("interleave") => Ok(Some(Combine::Interleave)),
        Some(other) => Err(format!(
            "combine=\"{other}\" is neither choice nor interleave"
        )),
    }
}

fn text_of(tree: &Tree, id: usize) -> String {
    tree.text_of(id)
}

/// The element's namespace bindings with the inherited `ns` as the default.
fn bindings_with_default(tree: &Tree, id: usize, ns: &str) -> Vec<(String, String)> {
    let mut bindings: Vec<(String, String)> = tree
        .bindings(id)
        .into_iter()
        .filter(|(p, _)| !p.is_empty())
        .collect();
    bindings.push((String::new(), ns.to_string()));
    bindings
}

fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let bytes = s.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    !rest.is_empty()
        && escapes_ok
        && !s.chars().any(|c| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
        && !s.contains('#')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `href` resolved against `base` as URI references resolve (RFC 3986 for
/// relative paths): a base ending in `/` is a directory.
fn resolve_uri(href: &str, base: &str) -> String {
    let href = href.strip_prefix("file://").unwrap_or(href);
    let base = base.strip_prefix("file://").unwrap_or(base);
    if href.starts_with('/') || href.contains("://") {
        return href.to_string();
    }
    let dir = match base.rfind('/') {
        Some(at) => &base[..=at],
        None => "",
    };
    let joined = format!("{dir}{href}");
    let absolute = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = joined.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            "" if i != last => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let body = parts.join("/");
    if absolute { format!("/{body}") } else { body }
}
