//! The namespace bindings in scope at one point of a document, kept from
//! the declarations each start tag carries. The XML reader keeps one to
//! resolve names; the RELAX NG validator keeps its own, because the reader
//! may run ahead of it on another thread
//! (`validate::rng::pipe`). Datatypes (QName, through its `NsContext` in
//! `validate::xsd`) and messages (prefixes as the document writes them) read it.

use std::sync::Arc;

use crate::xml::XML_NS;

#[derive(Clone)]
pub struct Scope {
    /// (prefix, namespace), innermost last; `""` is the default namespace.
    /// Shared, so the engine knows a namespace by pointer
    /// ([`super::derive::Engine::name_id_shared`]).
    bindings: Vec<(String, Arc<str>)>,
    xml: Arc<str>,
    /// The default namespace here (none when undeclared or `xmlns=""`):
    /// looked up for every element, so kept at hand.
    default: Option<Arc<str>>,
    /// For each open element: how many bindings it pushed.
    pushed: Vec<usize>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            bindings: Vec::new(),
            xml: Arc::from(XML_NS),
            default: None,
            pushed: Vec::new(),
        }
    }
}

impl Scope {
    /// An element opens with these declarations (taken from its start tag).
    /// Inlined: called for every start tag, and mostly with none.
    #[inline]
    pub fn enter<U: Into<Arc<str>>>(&mut self, declared: impl IntoIterator<Item = (String, U)>) {
        let before = self.bindings.len();
        self.bindings.extend(
            declared
                .into_iter()
                .map(|(prefix, uri)| (prefix, uri.into())),
        );
        let pushed = self.bindings.len() - before;
        self.pushed.push(pushed);
        if pushed > 0 {
            self.default = self.find_default();
        }
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.pushed.len()
    }

    /// The innermost open element has ended (after its end was handled).
    pub fn leave(&mut self) {
        if let Some(pushed) = self.pushed.pop()
            && pushed > 0
        {
            let keep = self.bindings.len().saturating_sub(pushed);
            self.bindings.truncate(keep);
            self.default = self.find_default();
        }
    }

    /// The namespace `prefix` is bound to (`xml` always is).
    pub fn resolve_prefix(&self, prefix: &str) -> Option<&str> {
        self.namespace_of(prefix).map(|uri| &**uri)
    }

    /// As [`Self::resolve_prefix`], shared.
    pub fn namespace_of(&self, prefix: &str) -> Option<&Arc<str>> {
        if prefix == "xml" {
            return Some(&self.xml);
        }
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri)
    }

    /// The namespace of an element whose name has `prefix` (`""`: the
    /// default namespace, none when undeclared or empty).
    pub fn element_namespace(&self, prefix: &str) -> Option<&Arc<str>> {
        if prefix.is_empty() {
            return self.default.as_ref();
        }
        self.namespace_of(prefix)
    }

    fn find_default(&self) -> Option<Arc<str>> {
        self.namespace_of("").filter(|uri| !uri.is_empty()).cloned()
    }

    /// The namespace of an attribute whose name has `prefix` (none for no
    /// prefix).
    pub fn attribute_namespace(&self, prefix: &str) -> Option<&Arc<str>> {
        if prefix.is_empty() {
            return None;
        }
        self.namespace_of(prefix)
    }

    /// A prefix bound to `uri` here, innermost first (`""` for the default
    /// namespace), that no inner declaration hides.
    pub fn prefix_for(&self, uri: &str) -> Option<&str> {
        if uri == XML_NS {
            return Some("xml");
        }
        self.bindings
            .iter()
            .rev()
            .find(|(p, u)| &**u == uri && self.resolve_prefix(p) == Some(uri))
            .map(|(p, _)| p.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::xsd::NsContext;

    fn declared(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(p, u)| (p.to_string(), u.to_string()))
            .collect()
    }

    #[test]
    fn inner_declarations_hide_outer_ones_until_their_element_ends() {
        let mut scope = Scope::default();
        scope.enter(declared(&[("", "d"), ("p", "u")]));
        scope.enter(declared(&[("p", "v")]));
        assert_eq!(scope.resolve_prefix("p"), Some("v"));
        assert_eq!(scope.resolve_prefix(""), Some("d"));
        assert_eq!(scope.resolve_prefix("xml"), Some(XML_NS));
        assert_eq!(scope.prefix_for("u"), None, "p is rebound to v here");
        assert_eq!(scope.element_namespace("").map(|u| &**u), Some("d"));
        scope.enter(declared(&[("", "")]));
        assert_eq!(scope.element_namespace(""), None, "xmlns=\"\" undeclares");
        scope.leave();
        assert_eq!(scope.element_namespace("").map(|u| &**u), Some("d"));
        assert_eq!(scope.prefix_for("v"), Some("p"));
        scope.enter(Vec::<(String, String)>::new());
        scope.leave();
        assert_eq!(scope.resolve_prefix("p"), Some("v"));
        scope.leave();
        assert_eq!(scope.resolve_prefix("p"), Some("u"));
        assert_eq!(scope.prefix_for("u"), Some("p"));
        assert_eq!(scope.resolve("q"), None);
        scope.leave();
        assert_eq!(scope.resolve(""), Some(String::new()));
    }
}
