//! A static reading of a RELAX NG (XML syntax) schema: for each element name,
//! which child elements and attributes it may have, which are required, and
//! the datatypes and values of its attributes. Diagnostics use it to say what
//! the schema expected; the datatype refinements use it to know an
//! attribute's type. It approximates (it ignores order and context), which is
//! enough to name candidates for the editor.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::xml::XML_NS;

#[derive(Debug, Default, Clone)]
struct Block {
    /// (element local name, body block, required)
    elements: Vec<(String, usize, bool)>,
    /// (display name, namespace, body block, required)
    attributes: Vec<(String, Option<String>, usize, bool)>,
    /// (define name, required)
    refs: Vec<(String, bool)>,
    datas: Vec<String>,
    values: Vec<String>,
    text: bool,
}

/// What the schema says per element, precomputed once.
#[derive(Debug, Default)]
pub struct SchemaIndex {
    blocks: Vec<Block>,
    defines: HashMap<String, Vec<usize>>,
    /// Element local name → its body blocks.
    elements: HashMap<String, Vec<usize>>,
    /// (element, attribute local, namespace) → datatype names.
    attribute_types: HashMap<(String, String, Option<String>), Vec<String>>,
}

struct Frame {
    tag: String,
    block: usize,
    optional: bool,
    opened_block: bool,
}

impl SchemaIndex {
    /// Reads the schema at `path` and the files it includes.
    pub fn build(text: &str, path: &Path) -> Option<SchemaIndex> {
        let mut index = SchemaIndex::default();
        let mut seen = HashSet::new();
        index.read_text(text, path, &mut seen, 0)?;
        index.precompute();
        Some(index)
    }

    fn new_block(&mut self) -> usize {
        self.blocks.push(Block::default());
        self.blocks.len() - 1
    }

    fn read_text(
        &mut self,
        text: &str,
        path: &Path,
        seen: &mut HashSet<std::path::PathBuf>,
        depth: usize,
    ) -> Option<()> {
        if depth > 16 || !seen.insert(path.to_path_buf()) {
            return Some(());
        }
        let mut reader = Reader::from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        let scratch = self.new_block();
        let mut includes = Vec::new();
        loop {
            let event = reader.read_event().ok()?;
            match event {
                Event::Start(tag) => {
                    let frame = self.open(&tag, &stack, scratch, &mut includes, path);
                    stack.push(frame);
                }
                Event::Empty(tag) => {
                    self.open(&tag, &stack, scratch, &mut includes, path);
                }
                Event::Text(text) => {
                    if let Some(frame) = stack.last()
                        && frame.tag == "value"
                        && let Some(block) = self.blocks.get_mut(frame.block)
                    {
                        block.values.push(text.xml10_content().trim().to_string());
                    }
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        for include in includes {
            let text = super::schema::read_schema_text(&include).ok()?;
            self.read_text(&text, &include, seen, depth + 1)?;
        }
        Some(())
    }

    /// Records one schema element into the block it belongs to.
    fn open(
        &mut self,
        tag: &BytesStart<'_>,
        stack: &[Frame],
        scratch: usize,
        includes: &mut Vec<std::path::PathBuf>,
        path: &Path,
    ) -> Frame {
        let name = tag.local_name().as_ref().to_string();
        let attr = |key: &str| -> Option<String> {
            tag.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == key)
                .and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.trim().to_string())
                })
        };
        let current = stack.last().map_or(scratch, |f| f.block);
        let inherited_optional = stack.last().is_some_and(|f| f.optional && !f.opened_block);
        let optional_here = matches!(name.as_str(), "optional" | "zeroOrMore" | "choice");
        let optional = inherited_optional || optional_here;
        let mut frame = Frame {
            tag: name.clone(),
            block: current,
            optional,
            opened_block: false,
        };
        match name.as_str() {
            "define" | "start" => {
                let block = self.new_block();
                let key = attr("name").unwrap_or_else(|| "#start".to_string());
                self.defines.entry(key).or_default().push(block);
                frame.block = block;
                frame.optional = false;
                frame.opened_block = true;
            }
            "element" => {
                let block = self.new_block();
                if let Some(local) = attr("name") {
                    let local = local.rsplit(':').next().unwrap_or(&local).to_string();
                    if let Some(b) = self.blocks.get_mut(current) {
                        b.elements.push((local.clone(), block, !optional));
                    }
                    self.elements.entry(local).or_default().push(block);
                }
                frame.block = block;
                frame.optional = false;
                frame.opened_block = true;
            }
            "attribute" => {
                let block = self.new_block();
                if let Some(qname) = attr("name") {
                    let (display, local, ns) = match qname.split_once(':') {
                        Some(("xml", local)) => {
                            (qname.clone(), local.to_string(), Some(XML_NS.to_string()))
                        }
                        Some((_, local)) => (qname.clone(), local.to_string(), attr("ns")),
                        None => {
                            let ns = attr("ns").filter(|n| !n.is_empty());
                            let display = if ns.as_deref() == Some(XML_NS) {
                                format!("xml:{qname}")
                            } else {
                                qname.clone()
                            };
                            (display, qname.clone(), ns)
                        }
                    };
                    let _ = local;
                    if let Some(b) = self.blocks.get_mut(current) {
                        b.attributes.push((display, ns, block, !optional));
                    }
                }
                frame.block = block;
                frame.optional = false;
                frame.opened_block = true;
            }
            "ref" | "parentRef" => {
                if let (Some(target), Some(b)) = (attr("name"), self.blocks.get_mut(current)) {
                    b.refs.push((target, !optional));
                }
            }
            "data" => {
                if let (Some(t), Some(b)) = (attr("type"), self.blocks.get_mut(current)) {
                    b.datas.push(t);
                }
            }
            "text" => {
                if let Some(b) = self.blocks.get_mut(current) {
                    b.text = true;
                }
            }
            "include" | "externalRef" => {
                if let Some(href) = attr("href") {
                    let target = path
                        .parent()
                        .map_or_else(|| href.clone().into(), |d| d.join(&href));
                    includes.push(target);
                }
            }
            _ => {}
        }
        frame
    }

    /// Blocks reachable from `start` through refs, not entering elements or attributes.
    fn closure(&self, start: &[usize], required_only: bool) -> Vec<usize> {
        self.closure_where(start, |_, required| !required_only || required)
    }

    /// Like [`Self::closure`], following only the refs `follow` accepts.
    fn closure_where(&self, start: &[usize], follow: impl Fn(&str, bool) -> bool) -> Vec<usize> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut stack: Vec<usize> = start.to_vec();
        while let Some(b) = stack.pop() {
            if !seen.insert(b) {
                continue;
            }
            out.push(b);
            let Some(block) = self.blocks.get(b) else {
                continue;
            };
            for (target, required) in &block.refs {
                if !follow(target, *required) {
                    continue;
                }
                if let Some(targets) = self.defines.get(target) {
                    stack.extend(targets.iter().copied());
                }
            }
        }
        out
    }

    fn element_blocks(&self, element: &str) -> Vec<usize> {
        self.elements.get(element).cloned().unwrap_or_default()
    }

    fn precompute(&mut self) {
        let mut types = HashMap::new();
        for (element, bodies) in &self.elements {
            for b in self.closure(bodies, false) {
                let Some(block) = self.blocks.get(b) else {
                    continue;
                };
                for (display, ns, body, _) in &block.attributes {
                    let local = display.rsplit(':').next().unwrap_or(display).to_string();
                    let mut datas = BTreeSet::new();
                    let mut open = false;
                    for inner in self.closure(&[*body], false) {
                        if let Some(ib) = self.blocks.get(inner) {
                            datas.extend(ib.datas.iter().cloned());
                            open |= ib.text || !ib.values.is_empty();
                        }
                    }
                    if open {
                        // Free text or enumerated values: the engine's verdict stands.
                        datas.insert("string".to_string());
                    }
                    let entry: &mut Vec<String> = types
                        .entry((element.clone(), local, ns.clone()))
                        .or_default();
                    for d in datas {
                        if !entry.contains(&d) {
                            entry.push(d);
                        }
                    }
                }
            }
        }
        self.attribute_types = types;
    }

    /// Datatypes declared for an attribute of an element (empty: unknown).
    pub fn attribute_types(&self, element: &str, attribute: &str, ns: Option<&str>) -> Vec<String> {
        self.attribute_types
            .get(&(
                element.to_string(),
                attribute.to_string(),
                ns.map(str::to_string),
            ))
            .cloned()
            .unwrap_or_default()
    }

    /// Element names allowed anywhere inside `element`, sorted.
    pub fn allowed_children(&self, element: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        for b in self.closure(&self.element_blocks(element), false) {
            if let Some(block) = self.blocks.get(b) {
                out.extend(block.elements.iter().map(|(n, _, _)| n.clone()));
            }
        }
        out.into_iter().collect()
    }

    /// Child elements `element` names itself, not through a `model.*` class:
    /// the ones an editor most likely meant.
    pub fn direct_children(&self, element: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        let bodies = self.element_blocks(element);
        for b in self.closure_where(&bodies, |target, _| !target.starts_with("model.")) {
            if let Some(block) = self.blocks.get(b) {
                out.extend(block.elements.iter().map(|(n, _, _)| n.clone()));
            }
        }
        out.into_iter().collect()
    }

    /// Child elements `element` must have.
    pub fn required_children(&self, element: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        for b in self.closure(&self.element_blocks(element), true) {
            if let Some(block) = self.blocks.get(b) {
                out.extend(
                    block
                        .elements
                        .iter()
                        .filter(|(_, _, r)| *r)
                        .map(|(n, _, _)| n.clone()),
                );
            }
        }
        out.into_iter().collect()
    }

    /// Attribute names `element` may have, sorted.
    pub fn allowed_attributes(&self, element: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        for b in self.closure(&self.element_blocks(element), false) {
            if let Some(block) = self.blocks.get(b) {
                out.extend(block.attributes.iter().map(|(n, _, _, _)| n.clone()));
            }
        }
        out.into_iter().collect()
    }

    /// Attributes `element` must have.
    pub fn required_attributes(&self, element: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        for b in self.closure(&self.element_blocks(element), true) {
            if let Some(block) = self.blocks.get(b) {
                out.extend(
                    block
                        .attributes
                        .iter()
                        .filter(|(_, _, _, r)| *r)
                        .map(|(n, _, _, _)| n.clone()),
                );
            }
        }
        out.into_iter().collect()
    }

    /// Enumerated values an attribute of `element` may take.
    pub fn attribute_values(&self, element: &str, attribute: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        for b in self.closure(&self.element_blocks(element), false) {
            let Some(block) = self.blocks.get(b) else {
                continue;
            };
            for (display, _, body, _) in &block.attributes {
                if display.rsplit(':').next() != Some(attribute) {
                    continue;
                }
                for inner in self.closure(&[*body], false) {
                    if let Some(ib) = self.blocks.get(inner) {
                        out.extend(ib.values.iter().cloned());
                    }
                }
            }
        }
        out.into_iter().collect()
    }
}
