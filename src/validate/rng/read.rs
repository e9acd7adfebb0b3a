//! Reading a RELAX NG schema (XML syntax) into a raw pattern tree, doing
//! the simplification steps that need the schema's text (RELAX NG §4.1–4.16):
//! foreign markup dropped, `ns` and `datatypeLibrary` inherited, `include`
//! and `externalRef` loaded (never twice in a chain), `div` flattened,
//! `name` attributes and QNames resolved, `mixed`, `optional` and
//! `zeroOrMore` rewritten, and the syntax constraints checked.

use std::path::{Path, PathBuf};

use super::super::xml::{Child, Element, Tree};
use super::pattern::NameClass;
use super::syntax::{
    bindings_with_default, check_attribute_name, check_attributes, combine_of, contains_any_name,
    contains_ns_name, is_absolute_uri, is_ncname, resolve_uri, rng_attr, text_of,
};

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

pub(super) type Result<T> = std::result::Result<T, String>;

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
